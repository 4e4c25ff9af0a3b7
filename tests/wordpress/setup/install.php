<?php
/**
 * Step 1 of the site's setup (run.sh): installs WordPress into the run's empty database, as the
 * installer does (WP_INSTALLING, wp_install()), and sets the site's basics.
 *
 * @package LibInvoice\Tests
 */

define( 'WP_INSTALLING', true );
require dirname( __DIR__ ) . '/wp-config.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if ( is_blog_installed() ) {
	fwrite( STDERR, "WordPress is already installed in this database\n" );
	exit( 1 );
}

$libinvoice_result = wp_install( 'libinvoice test shop', 'admin', 'admin@example.org', false, '', wp_generate_password( 24 ) );
if ( empty( $libinvoice_result['user_id'] ) ) {
	fwrite( STDERR, "wp_install() failed\n" );
	exit( 1 );
}

update_option( 'timezone_string', 'Europe/Budapest' );
update_option( 'date_format', 'Y-m-d' );
update_option( 'permalink_structure', '/%postname%/' );
update_option( 'blog_public', '0' );
echo 'WordPress ' . get_bloginfo( 'version' ) . " installed\n";
