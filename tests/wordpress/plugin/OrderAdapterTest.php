<?php
/**
 * WooCommerce orders, read through the CRUD API, become documents whose totals are what the
 * buyer paid.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Plugin;

use LibInvoice\WooCommerce\Decimals;
use LibInvoice\WooCommerce\OrderAdapter;
use LibInvoice\WooCommerce\Settings;
use LibInvoice\WooCommerce\Tests\TestCase;

use function LibInvoice\map_order;

class OrderAdapterTest extends TestCase {

	private function document( \WC_Order $order ): array {
		$settings = new Settings( array( 'domestic_zero_code' => 'TAM' ) );
		return map_order( OrderAdapter::to_rest_array( $order ), $settings->core_settings() )->toArray();
	}

	public function test_every_buyer_preset_maps_to_a_document_totalling_what_was_paid(): void {
		foreach ( array( 'private', 'company', 'eu_company' ) as $buyer ) {
			$order    = $this->make_order( array( 'buyer' => $buyer ) );
			$document = map_order( OrderAdapter::to_rest_array( $order ), ( new Settings( array() ) )->core_settings() );
			$this->assertSame( $order->get_total(), $document->totals()['payable'], $buyer );
		}
	}

	public function test_the_rest_shape_carries_lines_taxes_and_rounded_money(): void {
		$order = $this->make_order( array( 'buyer' => 'company' ) );
		$rest  = OrderAdapter::to_rest_array( $order );

		$this->assertSame( $order->get_order_number(), $rest['number'] );
		$this->assertCount( 2, $rest['line_items'] );
		$this->assertCount( 1, $rest['shipping_lines'] );
		$this->assertCount( 1, $rest['fee_lines'] );
		$this->assertCount( 1, $rest['coupon_lines'] );
		$this->assertNotEmpty( $rest['tax_lines'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/', $rest['date_created_gmt'] );
		foreach ( $rest['line_items'] as $line ) {
			$this->assertMatchesRegularExpression( '/^-?\d+$/', $line['total'], 'HUF has no decimals' );
			$this->assertSame( $line['total_tax'], Decimals::round( (string) array_sum( array_column( $line['taxes'], 'total' ) ), 0 ) );
		}
		$this->assertContains( '_billing_tax_number', array_column( $rest['meta_data'], 'key' ) );
		$this->assertSame( '26147859-2-09', $this->document( $order )['buyer']['tax_number'] ?? null );
	}

	public function test_the_block_checkouts_tax_number_reaches_the_core_and_plugin_meta_does_not(): void {
		$order = $this->make_order();
		$order->update_meta_data( OrderAdapter::BLOCK_TAX_NUMBER_META, '12345676-2-41' );
		$order->update_meta_data( '_libinvoice_invoice', '{"state":"issued"}' );
		$order->save();

		$rest = OrderAdapter::to_rest_array( $this->reload_order( $order ) );

		$keys = array_column( $rest['meta_data'], 'key' );
		$this->assertNotContains( '_libinvoice_invoice', $keys );
		$this->assertContains( OrderAdapter::TAX_NUMBER_META, $keys );
		$this->assertSame( '12345676-2-41', $this->document( $this->reload_order( $order ) )['buyer']['tax_number'] ?? null );
	}

	public function test_decimals_round_half_away_from_zero_without_floats(): void {
		$cases = array(
			array( '211.2598', 0, '211' ),
			array( '1999.5', 0, '2000' ),
			array( '-12.5', 0, '-13' ),
			array( '-0.4', 0, '0' ),
			array( '9.995', 2, '10.00' ),
			array( '12', 2, '12.00' ),
			array( '0.049', 1, '0.0' ),
			array( '99999999999999999999.5', 0, '100000000000000000000' ),
		);
		foreach ( $cases as list( $value, $places, $expected ) ) {
			$this->assertSame( $expected, Decimals::round( $value, $places ), "$value to $places" );
		}
		$this->assertSame( '0.30000000000000004', Decimals::from_wc( 0.1 + 0.2 ), 'a float keeps every digit PHP shows' );
		$this->assertSame( '0.0000001', Decimals::from_wc( 1e-7 ) );
		$this->assertSame( '1500', Decimals::from_wc( 1500 ) );
		$this->expectException( \InvalidArgumentException::class );
		Decimals::round( '12,5', 0 );
	}
}
