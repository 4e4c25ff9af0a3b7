<?php
/**
 * My Account: invoice downloads for the order's own customer only.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use LibInvoice\WooCommerce\MyAccount;
use LibInvoice\WooCommerce\OrderState;
use LibInvoice\WooCommerce\PdfEndpoint;

require_once __DIR__ . '/AdminTestCase.php';

final class MyAccountTest extends AdminTestCase {

	public function test_the_orders_list_offers_the_owner_a_download_that_works(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		$this->as_user( 'customer' );
		$actions = apply_filters( 'woocommerce_my_account_my_orders_actions', array( 'view' => array( 'url' => 'x', 'name' => 'View' ) ), $order );
		$this->assertArrayHasKey( 'view', $actions );
		$this->assertArrayHasKey( MyAccount::ACTION_KEY, $actions );
		$this->assertSame( 'Download invoice', $actions[ MyAccount::ACTION_KEY ]['name'] );
		$answer = PdfEndpoint::respond( $this->query_of( $actions[ MyAccount::ACTION_KEY ]['url'] ) );
		$this->assertSame( 200, $answer['status'] );
	}

	public function test_no_download_for_others_or_before_the_invoice_is_issued(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		foreach ( array( 'customer2', 'shop_manager', 'guest' ) as $role ) {
			$this->as_user( $role );
			$this->assertArrayNotHasKey( MyAccount::ACTION_KEY, MyAccount::order_actions( array(), $order ), $role );
			$this->assertSame( '', $this->output_of( fn() => do_action( 'woocommerce_order_details_after_order_table', $order ) ), $role );
		}
		$pending = $this->make_order( array( 'customer' => 'customer' ) );
		OrderState::update( $pending, 'invoice', array( 'state' => 'queued' ) );
		$this->as_user( 'customer' );
		$this->assertSame( array(), MyAccount::order_actions( array(), $this->reload_order( $pending ) ) );
		$this->assertSame( '', $this->output_of( fn() => MyAccount::order_documents( $pending ) ) );
	}

	public function test_the_order_view_lists_the_issued_documents(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		OrderState::update( $order, 'invoice', array( 'state' => 'reversed' ) );
		OrderState::update( $order, 'storno', array( 'state' => 'issued', 'kind' => 'storno', 'number' => 'STORNO-9' ) );
		$order = $this->reload_order( $order );
		$this->as_user( 'customer' );
		$html = $this->output_of( fn() => do_action( 'woocommerce_order_details_after_order_table', $order ) );
		$this->assertStringContainsString( 'TEST-' . $order->get_id() . '-invoice (reversed)', $html );
		$this->assertStringContainsString( 'Storno invoice', $html );
		$this->assertStringContainsString( 'STORNO-9', $html );
		$this->assertSame( 2, substr_count( $html, 'action=libinvoice_pdf' ) );
		$this->assertStringContainsString( 'document=storno', $html );
		$this->assertArrayNotHasKey( MyAccount::ACTION_KEY, MyAccount::order_actions( array(), $order ), 'the list offers only a valid invoice' );
	}
}
