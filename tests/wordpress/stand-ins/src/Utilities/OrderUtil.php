<?php
/**
 * Stand-in: Automattic\WooCommerce\Utilities\OrderUtil with HPOS on (orders in wc_orders, no
 * compatibility sync).
 *
 * @package LibInvoice\Tests
 */

namespace Automattic\WooCommerce\Utilities;

defined( 'ABSPATH' ) || exit;

final class OrderUtil {

	public static function custom_orders_table_usage_is_enabled(): bool {
		return true;
	}

	public static function orders_cache_usage_is_enabled(): bool {
		return true;
	}

	public static function is_custom_order_tables_in_sync(): bool {
		return false;
	}

	/** The orders screen id; WooCommerce throws outside admin requests. */
	public static function get_order_admin_screen(): string {
		if ( ! is_admin() ) {
			throw new \Exception( 'This function should only be called in admin.' );
		}
		return function_exists( 'wc_get_page_screen_id' ) ? wc_get_page_screen_id( 'shop-order' ) : 'shop_order';
	}

	public static function get_post_or_object_meta( ?\WP_Post $post, ?\WC_Data $data, string $key, bool $single ) {
		return $data ? $data->get_meta( $key, $single ) : get_post_meta( $post->ID, $key, $single );
	}

	public static function init_theorder_object( $post_or_order_object ) {
		global $theorder;
		if ( $post_or_order_object instanceof \WC_Order ) {
			$theorder = $post_or_order_object; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
			return;
		}
		$theorder = wc_get_order( self::get_post_or_order_id( $post_or_order_object ) ); // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
	}

	public static function get_post_or_order_id( $post_or_order_object ): int {
		if ( is_numeric( $post_or_order_object ) ) {
			return (int) $post_or_order_object;
		}
		if ( $post_or_order_object instanceof \WC_Abstract_Order ) {
			return $post_or_order_object->get_id();
		}
		if ( $post_or_order_object instanceof \WP_Post ) {
			return $post_or_order_object->ID;
		}
		return 0;
	}

	public static function is_order( $order_id, $types = array( 'shop_order' ) ) {
		return in_array( self::get_order_type( $order_id ), $types, true );
	}

	/** @return string|null shop_order, shop_order_refund, or null for no order. */
	public static function get_order_type( $order_id ) {
		$type = ( new \WC_Stand_In_Order_Data_Store() )->get_order_type( self::get_post_or_order_id( $order_id ) );
		return $type ? $type : null;
	}

	public static function get_order_admin_edit_url( int $order_id ): string {
		$order = wc_get_order( $order_id );
		$type  = $order ? $order->get_type() : 'shop_order';
		return add_query_arg(
			array(
				'action' => 'edit',
				'id'     => absint( $order_id ),
			),
			admin_url( 'admin.php?page=wc-orders' . ( 'shop_order' === $type ? '' : '--' . $type ) )
		);
	}

	public static function get_order_admin_new_url(): string {
		return add_query_arg( 'action', 'new', admin_url( 'admin.php?page=wc-orders' ) );
	}

	public static function is_order_list_table_screen( $order_type = 'shop_order' ): bool {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		return $screen && 'woocommerce_page_wc-orders' . ( 'shop_order' === $order_type ? '' : '--' . $order_type ) === $screen->id && empty( $_GET['action'] ); // phpcs:ignore WordPress.Security.NonceVerification
	}

	public static function is_order_edit_screen( $order_type = 'shop_order' ): bool {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		return $screen && 'woocommerce_page_wc-orders' . ( 'shop_order' === $order_type ? '' : '--' . $order_type ) === $screen->id && isset( $_GET['action'] ) && in_array( $_GET['action'], array( 'edit', 'new' ), true ); // phpcs:ignore WordPress.Security.NonceVerification
	}

	public static function is_new_order_screen( $order_type = 'shop_order' ): bool {
		return self::is_order_edit_screen( $order_type ) && 'new' === ( $_GET['action'] ?? '' ); // phpcs:ignore WordPress.Security.NonceVerification
	}

	public static function get_table_for_orders() {
		return \WC_Stand_In_Order_Data_Store::orders_table();
	}

	public static function get_table_for_order_meta() {
		global $wpdb;
		return $wpdb->prefix . 'wc_orders_meta';
	}

	public static function get_count_for_type( $order_type ) {
		global $wpdb;
		$table = self::get_table_for_orders();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT status, COUNT(*) AS n FROM {$table} WHERE type = %s GROUP BY status", $order_type ) );
		$counts = array();
		foreach ( $rows as $row ) {
			$counts[ $row->status ] = (int) $row->n;
		}
		return $counts;
	}
}
