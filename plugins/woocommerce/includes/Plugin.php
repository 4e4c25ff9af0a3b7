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
		foreach ( self::optional_parts() as $part ) {
			if ( class_exists( $part ) ) {
				$part::register();
			}
		}
	}

	/**
	 * Parts that register their own hooks; each is optional so the plugin runs while one is
	 * being worked on.
	 *
	 * @return list<class-string>
	 */
	private static function optional_parts(): array {
		return array(
			__NAMESPACE__ . '\\Admin\\SettingsPage',
			__NAMESPACE__ . '\\Admin\\OrderScreen',
			__NAMESPACE__ . '\\Admin\\OrderList',
			__NAMESPACE__ . '\\Admin\\Notices',
			__NAMESPACE__ . '\\PdfEndpoint',
			__NAMESPACE__ . '\\MyAccount',
			__NAMESPACE__ . '\\CheckoutFields',
		);
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
