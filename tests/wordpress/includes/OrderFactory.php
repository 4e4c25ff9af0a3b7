<?php
/**
 * Builds realistic orders of a Hungarian shop through WooCommerce's CRUD API, with amounts as
 * WooCommerce stores them for prices entered with VAT (line totals net, taxes per rate id,
 * rounded to the currency's decimals; a percent coupon lowers the line totals, not the
 * subtotals; fees are net; shipping is entered gross).
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

final class OrderFactory {

	/** Buyers by preset name: billing address plus order meta. */
	const BUYERS = array(
		'private'    => array(
			'billing' => array(
				'first_name' => 'Anna',
				'last_name'  => 'Kovács',
				'company'    => '',
				'address_1'  => 'Váci út 12.',
				'address_2'  => '3. emelet 7.',
				'city'       => 'Budapest',
				'state'      => '',
				'postcode'   => '1132',
				'country'    => 'HU',
				'email'      => 'kovacs.anna@example.hu',
				'phone'      => '+36301234567',
			),
			'meta'    => array( 'is_vat_exempt' => 'no' ),
		),
		'company'    => array(
			'billing' => array(
				'first_name' => 'Gábor',
				'last_name'  => 'Szabó',
				'company'    => 'Példa Kereskedelmi Kft.',
				'address_1'  => 'Szentháromság tér 6.',
				'address_2'  => '',
				'city'       => 'Szeged',
				'state'      => '',
				'postcode'   => '6720',
				'country'    => 'HU',
				'email'      => 'szamlazas@pelda-kft.hu',
				'phone'      => '+3662123456',
			),
			'meta'    => array(
				'is_vat_exempt'       => 'no',
				'_billing_tax_number' => '26147859-2-09',
			),
		),
		'eu_company' => array(
			'billing' => array(
				'first_name' => 'Jonas',
				'last_name'  => 'Becker',
				'company'    => 'Beispiel Maschinenbau GmbH',
				'address_1'  => 'Industriestraße 12',
				'address_2'  => '',
				'city'       => 'München',
				'state'      => '',
				'postcode'   => '80331',
				'country'    => 'DE',
				'email'      => 'einkauf@beispiel-maschinenbau.de',
				'phone'      => '+49891234567',
			),
			'meta'    => array(
				'is_vat_exempt'       => 'yes',
				'_billing_vat_number' => 'DE 129 273 398',
			),
		),
	);

	/** Tax classes by their VAT percent in the test shop (setup/shop.php). */
	const RATES = array(
		''                   => 27,
		'reduced-rate'       => 18,
		'super-reduced-rate' => 5,
		'zero-rate'          => 0,
	);

	/**
	 * A saved order.
	 *
	 * @param array $spec buyer ('private' | 'company' | 'eu_company'; the latter is VAT exempt),
	 *                    billing (address overrides), customer (a fixture user key; default a
	 *                    guest), lines (each name, sku, price — gross unit price —, qty,
	 *                    tax_class), coupon (['code', 'percent'] or false), shipping (['title',
	 *                    'method_id', 'instance_id', 'price' gross] or false), fee (['name',
	 *                    'amount' net, 'tax_class'] or false), currency, payment_method (a
	 *                    gateway id), status (set before the first save, so hooks fire as
	 *                    WooCommerce fires them), paid (payment_complete() after saving),
	 *                    transaction_id, meta (order meta), customer_note, created_via,
	 *                    date_created.
	 */
	public function order( array $spec = array() ): \WC_Order {
		$spec   = array_merge(
			array(
				'buyer'          => 'private',
				'billing'        => array(),
				'customer'       => null,
				'lines'          => array(
					array(
						'name'  => 'Kávébab Brazil Santos 1 kg',
						'sku'   => 'KAV-BRA-1000',
						'price' => 8990,
						'qty'   => 1,
					),
					array(
						'name'  => 'Kerámia bögre 3 dl',
						'sku'   => 'BOG-300',
						'price' => 3490,
						'qty'   => 2,
					),
				),
				'coupon'         => array(
					'code'    => 'tavasz10',
					'percent' => 10,
				),
				'shipping'       => array(
					'title'       => 'GLS házhozszállítás',
					'method_id'   => 'flat_rate',
					'instance_id' => '2',
					'price'       => 1500,
				),
				'fee'            => array(
					'name'      => 'Utánvét díja',
					'amount'    => 400,
					'tax_class' => '',
				),
				'currency'       => 'HUF',
				'payment_method' => 'cod',
				'status'         => 'pending',
				'paid'           => false,
				'transaction_id' => '',
				'meta'           => array(),
				'customer_note'  => '',
				'created_via'    => 'checkout',
				'date_created'   => null,
			),
			$spec
		);
		$buyer  = self::BUYERS[ $spec['buyer'] ] ?? null;
		if ( ! $buyer ) {
			throw new \InvalidArgumentException( "no buyer preset '{$spec['buyer']}' (private, company, eu_company)" );
		}
		$exempt   = 'yes' === ( $buyer['meta']['is_vat_exempt'] ?? 'no' );
		$decimals = in_array( $spec['currency'], array( 'HUF', 'JPY' ), true ) ? 0 : 2;
		$billing  = array_merge( $buyer['billing'], $spec['billing'] );

		$order = new \WC_Order();
		$order->set_created_via( $spec['created_via'] );
		$order->set_currency( $spec['currency'] );
		$order->set_prices_include_tax( true );
		$order->set_customer_id( $spec['customer'] ? Users::get( $spec['customer'] )->ID : 0 );
		$order->set_billing( $billing );
		$order->set_shipping( array_diff_key( $billing, array( 'email' => true ) ) );
		$order->set_customer_note( $spec['customer_note'] );
		$order->set_customer_ip_address( '203.0.113.7' );
		if ( $spec['date_created'] ) {
			$order->set_date_created( $spec['date_created'] );
		}
		$gateways = WC()->payment_gateways()->payment_gateways();
		if ( isset( $gateways[ $spec['payment_method'] ] ) ) {
			$order->set_payment_method( $gateways[ $spec['payment_method'] ] );
		} else {
			$order->set_payment_method( $spec['payment_method'] );
			$order->set_payment_method_title( $spec['payment_method'] );
		}
		foreach ( array_merge( $buyer['meta'], $spec['meta'] ) as $key => $value ) {
			$order->update_meta_data( $key, $value );
		}

		$discount     = 0;
		$discount_tax = 0;
		foreach ( $spec['lines'] as $line ) {
			$line    = array_merge( array( 'qty' => 1, 'tax_class' => '' ), $line );
			$product = $this->product( $line['sku'], $line['name'], $line['price'], $line['tax_class'] );
			$rate    = self::RATES[ $line['tax_class'] ];
			$rate_id = self::rate_id( $line['tax_class'] );
			$gross   = $line['price'] * $line['qty'];
			$off     = $spec['coupon'] ? round( $gross * $spec['coupon']['percent'] / 100, $decimals ) : 0;
			list( $subtotal, $subtotal_tax ) = self::split( $gross, $rate, $exempt, $decimals );
			list( $total, $total_tax )       = self::split( $gross - $off, $rate, $exempt, $decimals );
			$discount     += $subtotal - $total;
			$discount_tax += $subtotal_tax - $total_tax;

			$item = new \WC_Order_Item_Product();
			$item->set_product( $product );
			$item->set_quantity( $line['qty'] );
			$item->set_subtotal( $subtotal );
			$item->set_total( $total );
			$item->set_taxes(
				$exempt ? array() : array(
					'total'    => array( $rate_id => (string) $total_tax ),
					'subtotal' => array( $rate_id => (string) $subtotal_tax ),
				)
			);
			$order->add_item( $item );
		}
		if ( $spec['coupon'] ) {
			$coupon = new \WC_Order_Item_Coupon();
			$coupon->set_code( $spec['coupon']['code'] );
			$coupon->set_discount( $discount );
			$coupon->set_discount_tax( $discount_tax );
			$order->add_item( $coupon );
		}
		if ( $spec['shipping'] ) {
			list( $net, $tax ) = self::split( $spec['shipping']['price'], self::RATES[''], $exempt, $decimals );
			$shipping          = new \WC_Order_Item_Shipping();
			$shipping->set_method_title( $spec['shipping']['title'] );
			$shipping->set_method_id( $spec['shipping']['method_id'] ?? 'flat_rate' );
			$shipping->set_instance_id( $spec['shipping']['instance_id'] ?? '1' );
			$shipping->set_total( $net );
			$shipping->set_taxes( $exempt ? array() : array( 'total' => array( self::rate_id( '' ) => (string) $tax ) ) );
			$order->add_item( $shipping );
		}
		if ( $spec['fee'] ) {
			$class = $spec['fee']['tax_class'] ?? '';
			$tax   = $exempt ? 0 : round( $spec['fee']['amount'] * self::RATES[ $class ] / 100, $decimals );
			$fee   = new \WC_Order_Item_Fee();
			$fee->set_name( $spec['fee']['name'] );
			$fee->set_tax_class( $class );
			$fee->set_tax_status( 'taxable' );
			$fee->set_amount( $spec['fee']['amount'] );
			$fee->set_total( $spec['fee']['amount'] );
			$fee->set_taxes( $exempt ? array() : array( 'total' => array( self::rate_id( $class ) => (string) $tax ) ) );
			$order->add_item( $fee );
		}
		$order->set_status( $spec['status'] );
		$order->calculate_totals( true );

		if ( $spec['paid'] ) {
			$order->payment_complete( $spec['transaction_id'] ? $spec['transaction_id'] : 'TXN-' . strtoupper( wp_generate_password( 10, false ) ) );
		}
		return $order;
	}

	/**
	 * Refunds an order: in full (every line, shipping and fee with their taxes) when $amount is
	 * null, otherwise that amount without lines.
	 *
	 * @return \WC_Order_Refund
	 */
	public function refund( \WC_Order $order, $amount = null, string $reason = 'Visszárú' ): \WC_Order_Refund {
		$lines = array();
		if ( null === $amount ) {
			foreach ( $order->get_items( array( 'line_item', 'shipping', 'fee' ) ) as $item_id => $item ) {
				$taxes             = $item->get_taxes();
				$lines[ $item_id ] = array(
					'qty'          => $item->get_quantity(),
					'refund_total' => $item->get_total(),
					'refund_tax'   => $taxes['total'] ?? array(),
				);
			}
			$amount = $order->get_remaining_refund_amount();
		}
		$refund = wc_create_refund(
			array(
				'order_id'   => $order->get_id(),
				'amount'     => $amount,
				'reason'     => $reason,
				'line_items' => $lines,
			)
		);
		if ( is_wp_error( $refund ) ) {
			throw new \RuntimeException( 'refund failed: ' . $refund->get_error_message() );
		}
		return $refund;
	}

	/** The product with this SKU (created on first use). */
	public function product( string $sku, string $name, $price, string $tax_class = '' ): \WC_Product {
		$ids = get_posts(
			array(
				'post_type'   => 'product',
				'post_status' => 'any',
				'meta_key'    => '_sku', // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value'  => $sku, // phpcs:ignore WordPress.DB.SlowDBQuery
				'fields'      => 'ids',
				'numberposts' => 1,
			)
		);
		if ( $ids ) {
			return wc_get_product( $ids[0] );
		}
		$product = new \WC_Product_Simple();
		$product->set_name( $name );
		$product->set_sku( $sku );
		$product->set_regular_price( $price );
		$product->set_tax_class( $tax_class );
		$product->save();
		return $product;
	}

	/** The id of the test shop's Hungarian rate for a tax class ('' = standard). */
	public static function rate_id( string $tax_class ): int {
		$ids = get_option( 'libinvoice_tests_tax_rate_ids', array() );
		$key = '' === $tax_class ? 'standard' : $tax_class;
		if ( ! isset( $ids[ $key ] ) ) {
			throw new \InvalidArgumentException( "no tax rate for class '{$tax_class}'" );
		}
		return (int) $ids[ $key ];
	}

	/**
	 * A gross amount as [net, tax] at a rate; VAT exempt buyers pay the net price only.
	 *
	 * @return array{0: float|int, 1: float|int}
	 */
	private static function split( $gross, $rate, bool $exempt, int $decimals ): array {
		if ( $exempt ) {
			return array( round( $gross * 100 / ( 100 + $rate ), $decimals ), 0 );
		}
		$tax = round( $gross * $rate / ( 100 + $rate ), $decimals );
		return array( round( $gross - $tax, $decimals ), $tax );
	}
}
