<?php
/**
 * The test site's configuration: Debian's WordPress (/usr/share/wordpress, used read-only) with
 * wp-content in the run's scratch directory, the run's MariaDB, no outbound HTTP except loopback
 * (the sandbox). Everything comes from the environment tests/wordpress/run.sh sets; loading this
 * file loads WordPress (as a site's wp-config.php does).
 *
 * @package LibInvoice\Tests
 */

foreach ( array( 'LIBINVOICE_WP_DIR', 'LIBINVOICE_WP_DB_HOST', 'LIBINVOICE_WP_DB_NAME', 'LIBINVOICE_WP_DB_USER', 'LIBINVOICE_WP_DB_PASSWORD' ) as $libinvoice_wp_variable ) {
	if ( false === getenv( $libinvoice_wp_variable ) ) {
		fwrite( STDERR, "$libinvoice_wp_variable is not set: run tests/wordpress/run.sh\n" );
		exit( 1 );
	}
}
unset( $libinvoice_wp_variable );

define( 'DB_NAME', getenv( 'LIBINVOICE_WP_DB_NAME' ) );
define( 'DB_USER', getenv( 'LIBINVOICE_WP_DB_USER' ) );
define( 'DB_PASSWORD', getenv( 'LIBINVOICE_WP_DB_PASSWORD' ) );
define( 'DB_HOST', getenv( 'LIBINVOICE_WP_DB_HOST' ) ); // localhost:/path/to/the/run's/socket
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

// Test-only keys and salts: the site lives for one run.
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $libinvoice_wp_key ) {
	define( $libinvoice_wp_key, 'libinvoice-tests-' . strtolower( $libinvoice_wp_key ) );
}
unset( $libinvoice_wp_key );

$table_prefix = 'wp_'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited

define( 'WP_HOME', 'http://localhost' );
define( 'WP_SITEURL', 'http://localhost' );
define( 'WP_CONTENT_DIR', getenv( 'LIBINVOICE_WP_DIR' ) . '/wp-content' );
define( 'WP_CONTENT_URL', 'http://localhost/wp-content' );
define( 'WP_DEFAULT_THEME', 'twentytwentythree' );

// Nothing waits on the internet: WordPress's HTTP API reaches loopback only (the sandbox).
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', 'localhost,127.0.0.1' );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'FS_METHOD', 'direct' );

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', getenv( 'LIBINVOICE_WP_DIR' ) . '/debug.log' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', '/usr/share/wordpress/' );
}

require_once ABSPATH . 'wp-settings.php';
