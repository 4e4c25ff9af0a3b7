<?php
/**
 * The optional tax number field: classic checkout (saved as `_billing_tax_number`), block
 * checkout (an additional address field, `_wc_billing/libinvoice/tax-number`), the admin.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests {

	use LibInvoice\WooCommerce\CheckoutFields;
	use LibInvoice\WooCommerce\OrderAdapter;

	require_once __DIR__ . '/AdminTestCase.php';

	final class CheckoutFieldsTest extends AdminTestCase {

		public function test_the_classic_checkout_has_an_optional_field_after_the_company(): void {
			$fields = apply_filters(
				'woocommerce_billing_fields',
				array(
					'billing_company' => array(
						'label'    => 'Company',
						'priority' => 30,
					),
				),
				'HU'
			);
			$this->assertArrayHasKey( CheckoutFields::CLASSIC_FIELD, $fields );
			$field = $fields[ CheckoutFields::CLASSIC_FIELD ];
			$this->assertFalse( $field['required'] );
			$this->assertSame( 31, $field['priority'] );
			$this->assertNotSame( '', $field['label'] );
			$this->assertStringContainsString( 'company', strtolower( $field['description'] ) );
		}

		public function test_the_classic_checkout_saves_the_trimmed_value_through_the_order(): void {
			$order = $this->make_order( array( 'buyer' => 'company' ) );
			$order->delete_meta_data( OrderAdapter::TAX_NUMBER_META );
			$order->save();

			do_action( 'woocommerce_checkout_create_order', $order, array( 'billing_tax_number' => "  12345676-2-41 \n" ) );
			$order->save();
			$saved = $this->reload_order( $order );
			$this->assertSame( '12345676-2-41', $saved->get_meta( OrderAdapter::TAX_NUMBER_META ) );
			$this->assertContains(
				array(
					'key'   => OrderAdapter::TAX_NUMBER_META,
					'value' => '12345676-2-41',
				),
				OrderAdapter::to_rest_array( $saved )['meta_data'],
				'the core reads it'
			);

			do_action( 'woocommerce_checkout_create_order', $saved, array( 'billing_tax_number' => '   ' ) );
			$saved->save();
			$this->assertSame( '', $this->reload_order( $order )->get_meta( OrderAdapter::TAX_NUMBER_META ), 'emptied' );

			$untouched = $this->make_order( array( 'buyer' => 'company' ) );
			do_action( 'woocommerce_checkout_create_order', $untouched, array( 'billing_company' => 'X' ) );
			$untouched->save();
			$this->assertSame( '26147859-2-09', $this->reload_order( $untouched )->get_meta( OrderAdapter::TAX_NUMBER_META ), 'not posted: left alone' );
		}

		public function test_long_or_marked_up_input_is_cut_and_stripped(): void {
			$this->assertSame( str_repeat( '1', CheckoutFields::MAX_LENGTH ), CheckoutFields::clean( str_repeat( '1', 100 ) ) );
			$this->assertSame( 'HU12345676', CheckoutFields::clean( '<b>HU12345676</b>' ) );
			$this->assertSame( '', CheckoutFields::clean( array( 'x' ) ) );
		}

		public function test_the_block_checkout_field_is_an_optional_address_field_stored_for_the_billing_address(): void {
			\libinvoice_tests_registered_checkout_fields( true );
			CheckoutFields::register_block_field();
			$registered = \libinvoice_tests_registered_checkout_fields();
			$this->assertCount( 1, $registered );
			$field = $registered[0];
			$this->assertSame( 'libinvoice/tax-number', $field['id'] );
			$this->assertSame( 'address', $field['location'], 'address fields are stored as _wc_billing/<id> and _wc_shipping/<id>' );
			$this->assertSame( 'text', $field['type'] );
			$this->assertFalse( $field['required'] );
			$this->assertSame( OrderAdapter::BLOCK_TAX_NUMBER_META, '_wc_billing/' . $field['id'] );
			$this->assertSame( '12345676-2-41', call_user_func( $field['sanitize_callback'], ' 12345676-2-41 ', $field ) );

			// What WooCommerce stores for the billing address reaches the core as the tax number.
			$order = $this->make_order();
			$order->update_meta_data( OrderAdapter::BLOCK_TAX_NUMBER_META, '12345676-2-41' );
			$order->save();
			$this->assertContains(
				array(
					'key'   => OrderAdapter::TAX_NUMBER_META,
					'value' => '12345676-2-41',
				),
				OrderAdapter::to_rest_array( $this->reload_order( $order ) )['meta_data']
			);
		}

		public function test_the_block_field_waits_for_woocommerce_init(): void {
			$this->assertNotFalse( has_action( 'woocommerce_init', array( CheckoutFields::class, 'register_block_field' ) ) );
		}

		public function test_the_admin_shows_and_edits_the_tax_number_in_the_billing_address(): void {
			$fields = apply_filters( 'woocommerce_admin_billing_fields', array(), false, 'edit' );
			$this->assertArrayHasKey( 'tax_number', $fields );
			$this->assertTrue( $fields['tax_number']['show'] );
		}
	}
}

namespace {
	if ( ! function_exists( 'woocommerce_register_additional_checkout_field' ) ) {
		/**
		 * Records what the plugin registers (WooCommerce 8.9's block checkout API is not part of
		 * the stand-in).
		 */
		function woocommerce_register_additional_checkout_field( $options ) {
			libinvoice_tests_registered_checkout_fields( false, $options );
		}
	}

	/** The recorded registrations; $reset empties them. */
	function libinvoice_tests_registered_checkout_fields( bool $reset = false, ?array $add = null ): array {
		static $fields = array();
		if ( $reset ) {
			$fields = array();
		}
		if ( null !== $add ) {
			$fields[] = $add;
		}
		return $fields;
	}
}
