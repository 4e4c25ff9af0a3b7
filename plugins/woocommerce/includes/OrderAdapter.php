<?php
/**
 * WooCommerce order → the order array the extension reads.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * Builds, from the order CRUD API only, the array WooCommerce's REST API v3 would answer for
 * `GET /wc/v3/orders/<id>` (the fields the core reads: docs/order-schema.md). Everything the
 * invoice says is decided by the core from this array; nothing here interprets it.
 */
final class OrderAdapter {

	/** Where the block checkout stores the plugin's tax number field (an additional field). */
	public const BLOCK_TAX_NUMBER_META = '_wc_billing/libinvoice/tax-number';

	/** The classic checkout's field, and the key the core reads. */
	public const TAX_NUMBER_META = '_billing_tax_number';

	/** Money fields the REST API rounds to the store's price decimals. */
	private const ROUNDED_ITEM_FIELDS = array( 'subtotal', 'subtotal_tax', 'total', 'total_tax' );

	/** @return array<string, mixed> */
	public static function to_rest_array( \WC_Order $order ): array {
		$decimals = wc_get_price_decimals();
		$money    = static fn ( $value ): string => Decimals::round( Decimals::from_wc( $value ), $decimals );

		return array(
			'id'                   => $order->get_id(),
			'number'               => (string) $order->get_order_number(),
			'status'               => $order->get_status(),
			'currency'             => $order->get_currency(),
			'prices_include_tax'   => (bool) $order->get_prices_include_tax(),
			'date_created_gmt'     => self::gmt( $order->get_date_created() ),
			'date_paid_gmt'        => self::gmt( $order->get_date_paid() ),
			'date_completed_gmt'   => self::gmt( $order->get_date_completed() ),
			'payment_method'       => $order->get_payment_method(),
			'payment_method_title' => $order->get_payment_method_title(),
			'transaction_id'       => $order->get_transaction_id(),
			'customer_id'          => $order->get_customer_id(),
			'customer_note'        => $order->get_customer_note(),
			'billing'              => $order->get_address( 'billing' ),
			'shipping'             => $order->get_address( 'shipping' ),
			'meta_data'            => self::meta_data( $order ),
			'line_items'           => array_map(
				static fn ( \WC_Order_Item_Product $item ): array => self::rounded(
					array(
						'id'           => $item->get_id(),
						'name'         => $item->get_name(),
						'sku'          => $item->get_product() ? (string) $item->get_product()->get_sku() : '',
						'quantity'     => $item->get_quantity(),
						'tax_class'    => $item->get_tax_class(),
						'subtotal'     => $item->get_subtotal(),
						'subtotal_tax' => $item->get_subtotal_tax(),
						'total'        => $item->get_total(),
						'total_tax'    => $item->get_total_tax(),
						'taxes'        => self::taxes( $item->get_taxes(), $money ),
					),
					$money
				),
				array_values( $order->get_items( 'line_item' ) )
			),
			'shipping_lines'       => array_map(
				static fn ( \WC_Order_Item_Shipping $item ): array => self::rounded(
					array(
						'id'           => $item->get_id(),
						'method_title' => $item->get_method_title(),
						'method_id'    => $item->get_method_id(),
						'total'        => $item->get_total(),
						'total_tax'    => $item->get_total_tax(),
						'taxes'        => self::taxes( $item->get_taxes(), $money ),
					),
					$money
				),
				array_values( $order->get_items( 'shipping' ) )
			),
			'fee_lines'            => array_map(
				static fn ( \WC_Order_Item_Fee $item ): array => self::rounded(
					array(
						'id'         => $item->get_id(),
						'name'       => $item->get_name(),
						'tax_class'  => $item->get_tax_class(),
						'tax_status' => $item->get_tax_status(),
						'total'      => $item->get_total(),
						'total_tax'  => $item->get_total_tax(),
						'taxes'      => self::taxes( $item->get_taxes(), $money ),
					),
					$money
				),
				array_values( $order->get_items( 'fee' ) )
			),
			'coupon_lines'         => array_map(
				// The REST API leaves coupon amounts as stored.
				static fn ( \WC_Order_Item_Coupon $item ): array => array(
					'id'           => $item->get_id(),
					'code'         => $item->get_code(),
					'discount'     => Decimals::from_wc( $item->get_discount() ),
					'discount_tax' => Decimals::from_wc( $item->get_discount_tax() ),
				),
				array_values( $order->get_items( 'coupon' ) )
			),
			'tax_lines'            => array_map(
				static fn ( \WC_Order_Item_Tax $item ): array => array(
					'id'                 => $item->get_id(),
					'rate_code'          => $item->get_rate_code(),
					'rate_id'            => $item->get_rate_id(),
					'label'              => $item->get_label(),
					'compound'           => $item->get_compound(),
					'tax_total'          => $money( $item->get_tax_total() ),
					'shipping_tax_total' => $money( $item->get_shipping_tax_total() ),
					'rate_percent'       => $item->get_rate_percent(),
				),
				array_values( $order->get_items( 'tax' ) )
			),
			'refunds'              => array_map(
				static fn ( \WC_Order_Refund $refund ): array => array(
					'id'     => $refund->get_id(),
					'reason' => $refund->get_reason(),
					'total'  => '-' . $money( $refund->get_amount() ),
				),
				array_values( $order->get_refunds() )
			),
			'discount_total'       => $money( $order->get_discount_total() ),
			'discount_tax'         => $money( $order->get_discount_tax() ),
			'shipping_total'       => $money( $order->get_shipping_total() ),
			'shipping_tax'         => $money( $order->get_shipping_tax() ),
			'total'                => $money( $order->get_total() ),
			'total_tax'            => $money( $order->get_total_tax() ),
		);
	}

	/** `2024-03-01T10:15:00` in UTC, as the REST API writes `*_gmt` dates; null when unset. */
	private static function gmt( ?\WC_DateTime $date ): ?string {
		return null === $date ? null : gmdate( 'Y-m-d\TH:i:s', $date->getTimestamp() );
	}

	/**
	 * The order's meta as the REST API lists it, plus the block checkout's tax number under the
	 * key the core reads (the classic checkout stores it there already).
	 *
	 * @return list<array{key: string, value: mixed}>
	 */
	private static function meta_data( \WC_Order $order ): array {
		$meta = array();
		foreach ( $order->get_meta_data() as $entry ) {
			$data = $entry->get_data();
			if ( ! str_starts_with( $data['key'], OrderState::META_PREFIX ) ) {
				$meta[] = array(
					'key'   => $data['key'],
					'value' => $data['value'],
				);
			}
		}
		$block_tax_number = $order->get_meta( self::BLOCK_TAX_NUMBER_META );
		if ( is_string( $block_tax_number ) && '' !== $block_tax_number && '' === $order->get_meta( self::TAX_NUMBER_META ) ) {
			$meta[] = array(
				'key'   => self::TAX_NUMBER_META,
				'value' => $block_tax_number,
			);
		}
		return $meta;
	}

	/**
	 * A line's taxes per rate id, as the REST API lists them: rounded to the price decimals since
	 * WooCommerce 10.0, as stored (six decimals) before; empty where the line does not use the
	 * rate. The core splits a shipping or fee line taxed at several rates by these amounts, so
	 * the rounding shows on the invoice.
	 *
	 * @param array{total?: array<int|string, mixed>, subtotal?: array<int|string, mixed>} $taxes
	 * @return list<array{id: int, total: string, subtotal: string}>
	 */
	private static function taxes( array $taxes, callable $money ): array {
		$amount = static function ( $value ) use ( $money ): string {
			if ( null === $value || ( is_string( $value ) && '' === trim( $value ) ) ) {
				return ''; // A rate the line does not use (kept for every rate once an admin saved the items).
			}
			return self::rest_rounds_line_taxes() ? $money( $value ) : Decimals::from_wc( $value );
		};
		$listed = array();
		foreach ( $taxes['total'] ?? array() as $rate_id => $total ) {
			$listed[] = array(
				'id'       => (int) $rate_id,
				'total'    => $amount( $total ),
				'subtotal' => isset( $taxes['subtotal'][ $rate_id ] ) ? $amount( $taxes['subtotal'][ $rate_id ] ) : '',
			);
		}
		return $listed;
	}

	/** Whether the running WooCommerce's REST API rounds line taxes to the price decimals (10.0 on). */
	private static function rest_rounds_line_taxes(): bool {
		return defined( 'WC_VERSION' ) && version_compare( WC_VERSION, '10.0.0', '>=' );
	}

	/**
	 * @param array<string, mixed> $line
	 * @return array<string, mixed>
	 */
	private static function rounded( array $line, callable $money ): array {
		foreach ( self::ROUNDED_ITEM_FIELDS as $field ) {
			if ( array_key_exists( $field, $line ) ) {
				$line[ $field ] = $money( $line[ $field ] );
			}
		}
		return $line;
	}
}
