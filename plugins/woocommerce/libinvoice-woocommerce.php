<?php
/**
 * Plugin Name:          libinvoice for WooCommerce
 * Description:          Hungarian invoices for every paid order, issued exactly once through the Számlázz.hu Számla Agent, BIG FISH PayBill or Számlahegy.
 * Version:              0.1.0
 * Requires at least:    6.1
 * Requires PHP:         8.1
 * Requires Plugins:     woocommerce
 * WC requires at least: 8.0
 * WC tested up to:      11.0
 * Author:               libinvoice
 * License:              MIT
 * Text Domain:          libinvoice-woocommerce
 * Domain Path:          /languages
 *
 * @package LibInvoice\WooCommerce
 */

defined( 'ABSPATH' ) || exit;

define( 'LIBINVOICE_WC_FILE', __FILE__ );
define( 'LIBINVOICE_WC_VERSION', '0.1.0' );

spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = 'LibInvoice\\WooCommerce\\';
		if ( str_starts_with( $class_name, $prefix ) ) {
			$file = __DIR__ . '/includes/' . str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) ) . '.php';
			if ( is_readable( $file ) ) {
				require $file;
			}
		}
	}
);

register_activation_hook( __FILE__, array( LibInvoice\WooCommerce\Claims::class, 'install' ) );

// Order data lives in WooCommerce's own tables (HPOS); the plugin only uses the order CRUD API.
add_action(
	'before_woocommerce_init',
	static function (): void {
		if ( class_exists( Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
			Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', __FILE__, true );
		}
	}
);

add_action( 'plugins_loaded', array( LibInvoice\WooCommerce\Plugin::class, 'boot' ) );
