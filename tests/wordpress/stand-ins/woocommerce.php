<?php
/**
 * Plugin Name: WooCommerce
 * Description: libinvoice's test stand-in for WooCommerce: the classes, functions and hooks the
 *              libinvoice plugin uses, with WooCommerce's signatures, written for the test harness
 *              (tests/wordpress/). Orders live in HPOS-shaped tables; Action Scheduler in its table.
 * Version: 8.9.3
 * Text Domain: woocommerce
 * Requires PHP: 7.4
 *
 * Not WooCommerce: nothing here is copied from it. Signatures and observable behaviour follow
 * WooCommerce 8.9.3 (Action Scheduler 3.7.4); WC_STAND_IN_VERSION=11.0.1 in the environment
 * switches the few behaviours that changed since (Action Scheduler 4's per-args uniqueness,
 * password settings trimmed and skipped when absent). See tests/wordpress/README.md.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

if ( ! defined( 'WC_PLUGIN_FILE' ) ) {
	define( 'WC_PLUGIN_FILE', __FILE__ );
}
if ( ! defined( 'WC_ABSPATH' ) ) {
	define( 'WC_ABSPATH', __DIR__ . '/' );
}
if ( ! defined( 'WC_VERSION' ) ) {
	$wc_stand_in_version = getenv( 'WC_STAND_IN_VERSION' );
	define( 'WC_VERSION', ( is_string( $wc_stand_in_version ) && '' !== $wc_stand_in_version ) ? $wc_stand_in_version : '8.9.3' );
	unset( $wc_stand_in_version );
}
if ( ! defined( 'WC_ROUNDING_PRECISION' ) ) {
	define( 'WC_ROUNDING_PRECISION', 6 );
}

require_once __DIR__ . '/includes/wc-core-functions.php';
require_once __DIR__ . '/includes/class-wc-datetime.php';
require_once __DIR__ . '/includes/class-wc-data.php';
require_once __DIR__ . '/includes/class-wc-data-stores.php';
require_once __DIR__ . '/includes/class-wc-order-items.php';
require_once __DIR__ . '/includes/class-wc-orders.php';
require_once __DIR__ . '/includes/wc-order-functions.php';
require_once __DIR__ . '/includes/class-wc-product.php';
require_once __DIR__ . '/includes/class-wc-tax.php';
require_once __DIR__ . '/includes/class-wc-logger.php';
require_once __DIR__ . '/includes/class-wc-payment-gateways.php';
require_once __DIR__ . '/includes/class-wc-install.php';
require_once __DIR__ . '/includes/class-woocommerce.php';
require_once __DIR__ . '/src/Utilities/FeaturesUtil.php';
require_once __DIR__ . '/src/Utilities/OrderUtil.php';
require_once __DIR__ . '/packages/action-scheduler/action-scheduler.php';

// WooCommerce's autoloader finds WC_Admin_* classes (WC_Admin_Settings) in any request.
spl_autoload_register(
	function ( $class ) {
		if ( 'wc_admin_settings' === strtolower( $class ) ) {
			require_once __DIR__ . '/includes/admin/class-wc-admin-settings.php';
		}
	}
);

// WooCommerce includes wc-admin-functions.php (wc_get_page_screen_id, …) only in admin requests
// (WC_Admin); the harness's PHPUnit process asks for it with WC_STAND_IN_LOAD_ADMIN.
// WC_Settings_Page is defined only once WC_Admin_Settings::get_settings_pages() runs, as in WooCommerce.
if ( is_admin() || ( defined( 'WC_STAND_IN_LOAD_ADMIN' ) && WC_STAND_IN_LOAD_ADMIN ) ) {
	require_once __DIR__ . '/includes/admin/wc-admin-functions.php';
}

register_activation_hook( __FILE__, array( 'WC_Install', 'install' ) );

/**
 * The WooCommerce instance, as WooCommerce's WC().
 *
 * @return WooCommerce
 */
function WC() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.FunctionNameInvalid
	return WooCommerce::instance();
}

$GLOBALS['woocommerce'] = WC();
