<?php
/**
 * The WooCommerce order stand-in: the factory's orders, CRUD and meta semantics, status hooks
 * with WooCommerce's arguments, queries, refunds.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\OrderFactory;
use LibInvoice\WooCommerce\Tests\TestCase;

class OrdersTest extends TestCase {

	public function test_the_default_order_is_a_hungarian_order_with_coupon_shipping_and_fee(): void {
		$order = $this->reload_order( $this->make_order() );

		$this->assertInstanceOf( \WC_Order::class, $order );
		$this->assertSame( 'HUF', $order->get_currency() );
		$this->assertTrue( $order->get_prices_include_tax() );
		$this->assertSame( 'pending', $order->get_status() );
		$this->assertSame( (string) $order->get_id(), $order->get_order_number() );
		$this->assertSame( 'cod', $order->get_payment_method() );
		$this->assertSame( 'Utánvét', $order->get_payment_method_title() );
		$this->assertSame( 'Kovács', $order->get_address( 'billing' )['last_name'] );
		$this->assertSame( 'HU', $order->get_billing_country() );

		$lines = array_values( $order->get_items() );
		$this->assertCount( 2, $lines );
		$this->assertInstanceOf( \WC_Order_Item_Product::class, $lines[0] );
		$this->assertSame( 'KAV-BRA-1000', $lines[0]->get_product()->get_sku() );
		// 8990 gross, 10% off: 8091 gross = 6371 + 1720; the subtotal stays 7079 + 1911.
		$this->assertSame( '7079', $lines[0]->get_subtotal() );
		$this->assertSame( '6371', $lines[0]->get_total() );
		$this->assertSame( '1720', $lines[0]->get_total_tax() );
		$rate = OrderFactory::rate_id( '' );
		$this->assertSame(
			array(
				'total'    => array( $rate => '1720' ),
				'subtotal' => array( $rate => '1911' ),
			),
			$lines[0]->get_taxes()
		);
		$this->assertSame( 2, $lines[1]->get_quantity() );

		$shipping = array_values( $order->get_items( 'shipping' ) )[0];
		$this->assertSame( 'GLS házhozszállítás', $shipping->get_method_title() );
		$this->assertSame( '1181', $shipping->get_total() );
		$this->assertSame( '319', $shipping->get_total_tax() );
		$fee = array_values( $order->get_items( 'fee' ) )[0];
		$this->assertSame( '400', $fee->get_total() );
		$this->assertSame( '108', $fee->get_total_tax() );
		$coupon = array_values( $order->get_items( 'coupon' ) )[0];
		$this->assertSame( 'tavasz10', $coupon->get_code() );

		$taxes = array_values( $order->get_items( 'tax' ) );
		$this->assertCount( 1, $taxes );
		$this->assertSame( 27.0, $taxes[0]->get_rate_percent() );
		$this->assertSame( 'HU-ÁFA 27%-1', $taxes[0]->get_rate_code() );
		$this->assertSame( 'ÁFA 27%', $taxes[0]->get_label() );
		$this->assertSame( '319', $taxes[0]->get_shipping_tax_total() );

		// Lines, fee and shipping add up to the total, taxes included.
		$sum = 0;
		foreach ( $order->get_items( array( 'line_item', 'fee', 'shipping' ) ) as $item ) {
			$sum += (float) $item->get_total() + (float) $item->get_total_tax();
		}
		$this->assertSame( (float) $sum, (float) $order->get_total() );
		$this->assertSame( (float) $order->get_cart_tax() + (float) $order->get_shipping_tax(), (float) $order->get_total_tax() );
		$this->assertSame( '1258', $order->get_discount_total() );
		$this->assertSame( '339', $order->get_discount_tax() );
	}

	public function test_company_and_eu_buyers(): void {
		$company = $this->reload_order( $this->make_order( array( 'buyer' => 'company' ) ) );
		$this->assertSame( '26147859-2-09', $company->get_meta( '_billing_tax_number' ) );
		$this->assertSame( 'Példa Kereskedelmi Kft.', $company->get_billing_company() );

		$eu = $this->reload_order( $this->make_order( array( 'buyer' => 'eu_company', 'fee' => false, 'coupon' => false ) ) );
		$this->assertSame( 'DE', $eu->get_billing_country() );
		$this->assertSame( 'DE 129 273 398', $eu->get_meta( '_billing_vat_number' ) );
		$this->assertSame( 'yes', $eu->get_meta( 'is_vat_exempt' ) );
		$this->assertSame( '0', $eu->get_total_tax() );
		$this->assertSame( array(), $eu->get_items( 'tax' ) );
		// 8990 + 2 × 3490 net of 27% plus shipping 1500 net of 27%.
		$this->assertSame( (string) ( 7079 + 5496 + 1181 ), $eu->get_total() );
	}

	public function test_mixed_rates_make_one_tax_line_per_rate(): void {
		$order = $this->make_order(
			array(
				'lines'  => array(
					array( 'name' => 'Kávé', 'sku' => 'K-27', 'price' => 2540, 'qty' => 1 ),
					array( 'name' => 'Tej', 'sku' => 'T-18', 'price' => 590, 'qty' => 2, 'tax_class' => 'reduced-rate' ),
					array( 'name' => 'Könyv', 'sku' => 'B-5', 'price' => 4200, 'qty' => 1, 'tax_class' => 'super-reduced-rate' ),
				),
				'coupon' => false,
			)
		);
		$percents = array_map( fn( $tax ) => $tax->get_rate_percent(), array_values( $this->reload_order( $order )->get_items( 'tax' ) ) );
		sort( $percents );
		$this->assertSame( array( 5.0, 18.0, 27.0 ), $percents );
	}

	public function test_dates_are_wc_datetimes_in_the_shops_zone(): void {
		$order = $this->reload_order( $this->make_order() );
		$this->assertInstanceOf( \WC_DateTime::class, $order->get_date_created() );
		$this->assertInstanceOf( \DateTime::class, $order->get_date_created() );
		$this->assertSame( 'Europe/Budapest', $order->get_date_created()->getTimezone()->getName() );
		$this->assertEqualsWithDelta( time(), $order->get_date_created()->getTimestamp(), 30 );
		$this->assertNull( $order->get_date_paid() );
		$this->assertNull( $order->get_date_completed() );
		$this->assertFalse( $order->is_paid() );

		$order->payment_complete( 'TX-1' );
		$order = $this->reload_order( $order );
		$this->assertInstanceOf( \WC_DateTime::class, $order->get_date_paid() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( 'TX-1', $order->get_transaction_id() );
		$this->assertTrue( $order->is_paid() );
		$order->update_status( 'completed' );
		$this->assertInstanceOf( \WC_DateTime::class, $this->reload_order( $order )->get_date_completed() );
	}

	public function test_status_hooks_fire_on_save_with_woocommerces_arguments(): void {
		$order = $this->make_order();
		$calls = array();
		add_action(
			'woocommerce_order_status_processing',
			function ( ...$args ) use ( &$calls ) {
				$calls[] = array( 'to', $args );
			},
			10,
			3
		);
		add_action(
			'woocommerce_order_status_pending_to_processing',
			function ( ...$args ) use ( &$calls ) {
				$calls[] = array( 'from_to', $args );
			},
			10,
			2
		);
		add_action(
			'woocommerce_order_status_changed',
			function ( ...$args ) use ( &$calls ) {
				$calls[] = array( 'changed', $args );
			},
			10,
			4
		);

		$order->set_status( 'processing', 'Paid by card.' );
		$this->assertSame( array(), $calls, 'nothing fires before save()' );
		$order->save();

		$this->assertSame( array( 'to', 'from_to', 'changed' ), array_column( $calls, 0 ) );
		list( $id, $object, $transition ) = $calls[0][1];
		$this->assertSame( $order->get_id(), $id );
		$this->assertSame( $order, $object );
		$this->assertSame(
			array(
				'from'   => 'pending',
				'to'     => 'processing',
				'note'   => 'Paid by card.',
				'manual' => false,
			),
			$transition
		);
		$this->assertSame( array( $order->get_id(), 'pending', 'processing', $order ), $calls[2][1] );
		$notes = wc_get_order_notes( array( 'order_id' => $order->get_id() ) );
		$this->assertStringContainsString( 'Order status changed from Pending payment to Processing.', array_values( $notes )[0]->content );
	}

	public function test_payment_complete_fires_its_hook_after_the_status_hooks(): void {
		$order = $this->make_order();
		$seen  = array();
		add_action(
			'woocommerce_order_status_changed',
			function () use ( &$seen ) {
				$seen[] = 'changed';
			}
		);
		add_action(
			'woocommerce_payment_complete',
			function ( $order_id, $transaction_id ) use ( &$seen ) {
				$seen[] = "payment_complete:{$order_id}:{$transaction_id}";
			},
			10,
			2
		);
		$this->assertTrue( $order->payment_complete( 'T-42' ) );
		$this->assertSame( array( 'changed', "payment_complete:{$order->get_id()}:T-42" ), $seen );
	}

	public function test_an_exception_from_a_status_hook_is_logged_and_noted_not_thrown(): void {
		$order = $this->make_order();
		add_action(
			'woocommerce_order_status_completed',
			function () {
				throw new \RuntimeException( 'boom' );
			}
		);
		$order->update_status( 'completed' );
		$this->assertSame( 'completed', $this->reload_order( $order )->get_status() );
		$errors = array_values( array_filter( $this->log_entries(), fn( $entry ) => 'error' === $entry['level'] ) );
		$this->assertStringContainsString( 'Status transition of order', $errors[0]['message'] );
		$this->assertSame( 'RuntimeException: boom', $errors[0]['context']['error'] );
		$contents = wp_list_pluck( wc_get_order_notes( array( 'order_id' => $order->get_id() ) ), 'content' );
		$this->assertContains( 'Error during status transition. boom', $contents );
	}

	public function test_meta_rows_are_updated_in_place_and_deleted_by_id(): void {
		global $wpdb;
		$order = $this->make_order();
		$order->update_meta_data( '_libinvoice_state', array( 'state' => 'queued' ) );
		$order->save();
		$order->update_meta_data( '_libinvoice_state', array( 'state' => 'issued' ) );
		$order->save();
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT id, meta_value FROM {$wpdb->prefix}wc_orders_meta WHERE order_id = %d AND meta_key = %s", $order->get_id(), '_libinvoice_state' ) );
		$this->assertCount( 1, $rows );
		$this->assertSame( array( 'state' => 'issued' ), maybe_unserialize( $rows[0]->meta_value ) );

		$fresh = $this->reload_order( $order );
		$this->assertSame( array( 'state' => 'issued' ), $fresh->get_meta( '_libinvoice_state' ) );
		$meta = array_values( array_filter( $fresh->get_meta_data(), fn( $m ) => '_libinvoice_state' === $m->key ) );
		$this->assertInstanceOf( \WC_Meta_Data::class, $meta[0] );
		$this->assertSame( (int) $rows[0]->id, $meta[0]->id );

		$fresh->delete_meta_data( '_libinvoice_state' );
		$fresh->save();
		$this->assertSame( '', $this->reload_order( $order )->get_meta( '_libinvoice_state' ) );
		$this->assertSame( array(), $this->reload_order( $order )->get_meta( '_libinvoice_state', false ) );
	}

	public function test_add_meta_data_keeps_several_values_and_get_meta_returns_the_first(): void {
		$order = $this->make_order();
		$order->add_meta_data( '_note', 'a' );
		$order->add_meta_data( '_note', 'b' );
		$order->save();
		$fresh = $this->reload_order( $order );
		$this->assertSame( 'a', $fresh->get_meta( '_note' ) );
		$this->assertSame( array( 'a', 'b' ), array_values( wp_list_pluck( $fresh->get_meta( '_note', false ), 'value' ) ) );
	}

	public function test_reading_a_column_prop_as_meta_is_doing_it_wrong(): void {
		$order = $this->make_order( array( 'buyer' => 'company' ) );
		$this->expect_doing_it_wrong( 'is_internal_meta_key' );
		$this->assertSame( 'Példa Kereskedelmi Kft.', $order->get_meta( '_billing_company' ) );
		$this->assertSame( 'doing_it_wrong', $this->notices()[0]['kind'] );
	}

	public function test_wc_get_orders_defaults_and_filters(): void {
		$marker = 'harness-' . wp_generate_password( 8, false );
		$ids    = array();
		for ( $i = 0; $i < 12; $i++ ) {
			$ids[] = $this->make_order( array( 'meta' => array( '_batch' => $marker ), 'status' => 0 === $i ? 'on-hold' : 'pending' ) )->get_id();
		}
		$this->assertCount( 10, wc_get_orders( array( 'meta_key' => '_batch', 'meta_value' => $marker ) ), 'the default limit is posts_per_page' ); // phpcs:ignore WordPress.DB.SlowDBQuery
		$all = wc_get_orders( array( 'limit' => -1, 'return' => 'ids', 'meta_key' => '_batch', 'meta_value' => $marker, 'orderby' => 'id', 'order' => 'ASC' ) ); // phpcs:ignore WordPress.DB.SlowDBQuery
		$this->assertSame( $ids, $all );
		$this->assertSame( array( $ids[0] ), wc_get_orders( array( 'limit' => -1, 'return' => 'ids', 'status' => 'on-hold', 'meta_key' => '_batch', 'meta_value' => $marker ) ) ); // phpcs:ignore WordPress.DB.SlowDBQuery
		$this->assertSame( array( $ids[0] ), wc_get_orders( array( 'limit' => -1, 'return' => 'ids', 'status' => array( 'wc-on-hold' ), 'meta_key' => '_batch', 'meta_value' => $marker ) ) ); // phpcs:ignore WordPress.DB.SlowDBQuery

		$order = wc_get_order( $ids[1] );
		$order->update_meta_data( '_libinvoice_state', 'issued' );
		$order->save();
		$issued = wc_get_orders(
			array(
				'limit'      => -1,
				'return'     => 'ids',
				'meta_query' => array( // phpcs:ignore WordPress.DB.SlowDBQuery
					array(
						'key'   => '_libinvoice_state',
						'value' => 'issued',
					),
				),
			)
		);
		$this->assertContains( $ids[1], $issued );
		$missing = wc_get_orders(
			array(
				'limit'      => -1,
				'return'     => 'ids',
				'meta_key'   => '_batch', // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value' => $marker, // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_query' => array( // phpcs:ignore WordPress.DB.SlowDBQuery
					array(
						'key'     => '_libinvoice_state',
						'compare' => 'NOT EXISTS',
					),
				),
			)
		);
		$this->assertSame( array_values( array_diff( $ids, array( $ids[1] ) ) ), array_values( array_intersect( $ids, $missing ) ) );
		$this->assertCount( 11, $missing );
	}

	public function test_refunds_are_orders_of_their_own_type_and_wc_get_orders_returns_them_by_default(): void {
		$order = $this->make_order( array( 'paid' => true, 'meta' => array( '_refund_case' => 'full' ) ) );
		$fired = array();
		add_action(
			'woocommerce_order_fully_refunded',
			function ( $order_id, $refund_id ) use ( &$fired ) {
				$fired[] = array( $order_id, $refund_id );
			},
			10,
			2
		);
		$refund = $this->factory()->refund( $order );

		$this->assertSame( array( array( $order->get_id(), $refund->get_id() ) ), $fired );
		$order = $this->reload_order( $order );
		$this->assertSame( 'refunded', $order->get_status() );
		$refunds = $order->get_refunds();
		$this->assertCount( 1, $refunds );
		$this->assertInstanceOf( \WC_Order_Refund::class, $refunds[0] );
		$this->assertSame( $order->get_total(), $refunds[0]->get_amount() );
		$this->assertSame( 'Visszárú', $refunds[0]->get_reason() );
		$this->assertSame( $order->get_id(), $refunds[0]->get_parent_id() );
		$this->assertSame( 'shop_order_refund', \Automattic\WooCommerce\Utilities\OrderUtil::get_order_type( $refunds[0]->get_id() ) );
		$line = array_values( $refunds[0]->get_items() )[0];
		$this->assertSame( -1, $line->get_quantity() );
		$this->assertLessThan( 0, (float) $line->get_total() );

		$recent = wc_get_orders( array( 'limit' => 2, 'orderby' => 'id', 'order' => 'DESC' ) );
		$this->assertInstanceOf( \WC_Order_Refund::class, $recent[0], 'refunds come back unless type is given' );
		$this->assertInstanceOf( \WC_Order::class, wc_get_orders( array( 'limit' => 1, 'type' => 'shop_order', 'orderby' => 'id' ) )[0] );
	}

	public function test_a_partial_refund_keeps_the_status(): void {
		$order  = $this->make_order( array( 'paid' => true ) );
		$refund = $this->factory()->refund( $order, 1000 );
		$this->assertSame( '1000', $refund->get_amount() );
		$this->assertSame( 'processing', $this->reload_order( $order )->get_status() );
		$this->assertSame( 1000.0, (float) $this->reload_order( $order )->get_total_refunded() );
	}

	public function test_notes_and_urls(): void {
		$order = $this->make_order();
		$this->as_user( 'shop_manager' );
		$note_id = $order->add_order_note( 'Számla kiállítva: SBX-2026-1', 1, true );
		$notes   = wc_get_order_notes( array( 'order_id' => $order->get_id(), 'type' => 'customer' ) );
		$this->assertSame( array( $note_id ), array_keys( array_column( $notes, null, 'id' ) ) );
		$this->assertSame( 'Bolt Vezető', array_values( $notes )[0]->added_by, 'the note names the user who added it' );
		$this->assertSame( admin_url( 'admin.php?page=wc-orders&action=edit&id=' . $order->get_id() ), $order->get_edit_order_url() );
		$this->assertStringContainsString( 'view-order', $order->get_view_order_url() );
		$this->assertSame( 0, get_comments( array( 'post_id' => $order->get_id(), 'count' => true ) ), 'order notes stay out of comment queries' );
	}

	public function test_customers_own_their_orders(): void {
		$order = $this->make_order( array( 'customer' => 'customer' ) );
		$this->assertSame( $this->user( 'customer' )->ID, $this->reload_order( $order )->get_customer_id() );
		$this->assertSame( $this->user( 'customer' )->ID, $this->reload_order( $order )->get_user_id() );
	}
}
