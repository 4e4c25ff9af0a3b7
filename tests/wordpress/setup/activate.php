<?php
/**
 * Activates a plugin as the Plugins screen does (its activation hook runs), in a request of its
 * own: `php activate.php woocommerce/woocommerce.php`.
 *
 * @package LibInvoice\Tests
 */

$libinvoice_plugin = $argv[1] ?? '';
define( 'WP_ADMIN', true );
require dirname( __DIR__ ) . '/wp-config.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

wp_set_current_user( 1 );
$libinvoice_result = activate_plugin( $libinvoice_plugin, '', false, false );
if ( is_wp_error( $libinvoice_result ) ) {
	fwrite( STDERR, "activating $libinvoice_plugin failed: " . $libinvoice_result->get_error_message() . "\n" );
	exit( 1 );
}
if ( ! is_plugin_active( $libinvoice_plugin ) ) {
	fwrite( STDERR, "$libinvoice_plugin is not active after activation\n" );
	exit( 1 );
}
echo "activated $libinvoice_plugin\n";
