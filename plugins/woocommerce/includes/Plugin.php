<?php
/**
 * Wires the plugin's parts to WordPress and WooCommerce.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** Boots the plugin once WooCommerce and the extension are known to be there. */
final class Plugin {

	public const TEXT_DOMAIN = 'libinvoice-woocommerce';

	/** Hooked on plugins_loaded. */
	public static function boot(): void {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( LIBINVOICE_WC_FILE ) ) . '/languages' );

		if ( ! extension_loaded( 'libinvoice' ) ) {
			add_action( 'admin_notices', array( self::class, 'missing_extension_notice' ) );
			return;
		}
		if ( ! class_exists( 'WooCommerce' ) && ! function_exists( 'wc_get_order' ) ) {
			return;
		}
		Claims::maybe_upgrade();
		Automation::register();
		Jobs::register();
		PdfEndpoint::register();
		MyAccount::register();
		CheckoutFields::register();
		Admin\OrderScreen::register();
		Admin\OrderList::register();
		Admin\Notices::register();
		// Undefined where WooCommerce's settings page base class cannot be loaded.
		if ( class_exists( Admin\SettingsPage::class ) ) {
			Admin\SettingsPage::register();
		}
	}

	/** Tells the administrator how to install the extension the plugin runs on. */
	public static function missing_extension_notice(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error"><p><strong>%1$s</strong> %2$s</p><p><code>%3$s</code></p></div>',
			esc_html__( 'libinvoice for WooCommerce is inactive:', 'libinvoice-woocommerce' ),
			esc_html__( 'the libinvoice PHP extension is not loaded. Build and install it on the server, then restart PHP:', 'libinvoice-woocommerce' ),
			esc_html( 'make install-php   # in the libinvoice source tree; or: pie install libinvoice/libinvoice' )
		);
	}
}
