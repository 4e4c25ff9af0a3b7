<?php
/**
 * PHPUnit bootstrap (run.sh): loads WordPress with the WooCommerce stand-in and the libinvoice
 * plugin active — both loaded by wp-settings.php as in any request — and the harness classes.
 * WooCommerce's admin functions (wc_get_page_screen_id, …) are loaded too, as in an admin
 * request; run_php() gives a true front-end or admin request.
 *
 * @package LibInvoice\Tests
 */

if ( ! extension_loaded( 'libinvoice' ) ) {
	fwrite( STDERR, "the libinvoice extension is not loaded: run tests/wordpress/run.sh\n" );
	exit( 1 );
}

// PHPUnit includes this file inside a method: WordPress's file-scope globals must be declared.
global $wpdb, $current_site, $current_blog, $wp_rewrite, $shortcode_tags, $wp, $phpmailer, $wp_theme_directories,
	$wp_filter, $wp_actions, $wp_filters, $wp_current_filter, $wp_roles, $wp_query, $wp_the_query, $post,
	$wc_order_types, $woocommerce, $table_prefix;

define( 'WC_STAND_IN_LOAD_ADMIN', true );
require __DIR__ . '/wp-config.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

foreach ( array( 'TestCase', 'OrderFactory', 'Users', 'Sandbox', 'ChildProcess' ) as $libinvoice_class ) {
	require_once __DIR__ . "/includes/{$libinvoice_class}.php";
}

// What loading reported, for the harness test that checks it.
define( 'LIBINVOICE_TESTS_LOAD_NOTICES', wp_json_encode( LibInvoice_Test_Harness::$notices ) );

if ( ! is_plugin_active( 'woocommerce/woocommerce.php' ) || ! class_exists( 'WooCommerce' ) ) {
	fwrite( STDERR, "the WooCommerce stand-in is not active: run tests/wordpress/run.sh\n" );
	exit( 1 );
}
$libinvoice_plugin = getenv( 'LIBINVOICE_WP_PLUGIN' );
if ( $libinvoice_plugin && ! is_plugin_active( $libinvoice_plugin ) ) {
	fwrite( STDERR, "{$libinvoice_plugin} is not active\n" );
	exit( 1 );
}
unset( $libinvoice_plugin, $libinvoice_class );
