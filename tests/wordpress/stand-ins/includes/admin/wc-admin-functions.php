<?php
/**
 * Stand-in: the admin functions WooCommerce loads in admin requests only.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

/**
 * The screen id of a WooCommerce page: with HPOS, 'shop-order' → 'woocommerce_page_wc-orders'.
 */
function wc_get_page_screen_id( $for ) {
	$for = str_replace( '-', '_', $for );
	if ( in_array( $for, wc_get_order_types( 'admin-menu' ), true ) ) {
		return 'woocommerce_page_wc-orders' . ( 'shop_order' === $for ? '' : '--' . $for );
	}
	return '';
}

function woocommerce_admin_fields( $options ) {
	WC_Admin_Settings::output_fields( $options );
}

function woocommerce_update_options( $options, $data = null ) {
	WC_Admin_Settings::save_fields( $options, $data );
}

function woocommerce_settings_get_option( $option_name, $default = '' ) {
	return WC_Admin_Settings::get_option( $option_name, $default );
}
