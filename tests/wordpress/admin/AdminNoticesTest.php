<?php
/**
 * Admin notices: the account problem and the orders needing attention, for shop managers only.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use LibInvoice\WooCommerce\Admin\Notices as AdminNotices;
use LibInvoice\WooCommerce\Admin\OrderList;
use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\Notices;
use LibInvoice\WooCommerce\OrderState;

require_once __DIR__ . '/AdminTestCase.php';

final class AdminNoticesTest extends AdminTestCase {

	protected function tearDown(): void {
		Notices::clear_account_problem();
		parent::tearDown();
	}

	private function notices_html(): string {
		return $this->output_of( fn() => do_action( 'admin_notices' ) );
	}

	public function test_an_account_problem_is_shown_to_managers_without_the_key(): void {
		Notices::account_problem( 136, 'Bejelentkezés letiltva: ' . self::AGENT_KEY );
		foreach ( array( 'shop_manager', 'administrator' ) as $role ) {
			$this->as_user( $role );
			$html = $this->output_of( array( AdminNotices::class, 'render' ) );
			$this->assertStringContainsString( 'libinvoice-account-problem', $html, $role );
			$this->assertStringContainsString( 'code 136', $html );
			$this->assertStringContainsString( 'check the account', $html );
			$this->assertStringContainsString( 'Bejelentkez', $html );
			$this->assertStringNotContainsString( self::AGENT_KEY, $html );
			$this->assertStringContainsString( 'page=wc-settings', $html );
		}
		foreach ( array( 'customer', 'guest' ) as $role ) {
			$this->as_user( $role );
			$this->assertSame( '', $this->output_of( array( AdminNotices::class, 'render' ) ), $role );
		}
	}

	public function test_each_account_code_has_its_explanation(): void {
		$this->as_user( 'shop_manager' );
		foreach ( array( 3 => 'agent key is wrong', 135 => 'logged in through a browser', 136 => 'subscription', 164 => 'several accounts' ) as $code => $words ) {
			Notices::account_problem( $code, 'hiba' );
			$this->assertStringContainsString( $words, AdminNotices::account_problem_html(), (string) $code );
		}
		Notices::clear_account_problem();
		$this->assertSame( '', AdminNotices::account_problem_html() );
	}

	public function test_a_refusal_with_a_wrong_key_raises_the_notice_and_an_issued_invoice_clears_it(): void {
		$this->configure_plugin( array( 'agent_key' => 'not-a-sandbox-key' ) );
		$order = $this->make_order();
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->run_scheduled_actions();
		$this->assertSame( 'failed', OrderState::get( $this->reload_order( $order ), 'invoice' )['state'] );
		$this->as_user( 'shop_manager' );
		$html = $this->notices_html();
		$this->assertStringContainsString( 'libinvoice-account-problem', $html );
		$this->assertStringNotContainsString( 'not-a-sandbox-key', $html );

		$this->configure_plugin();
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->run_scheduled_actions();
		$this->assertSame( 'issued', OrderState::get( $this->reload_order( $order ), 'invoice' )['state'] );
		$this->assertStringNotContainsString( 'libinvoice-account-problem', $this->notices_html() );
	}

	public function test_orders_needing_attention_are_counted_with_a_link_to_the_filtered_list(): void {
		$order = $this->make_order();
		OrderState::update( $order, 'invoice', array( 'state' => 'attention' ) );
		$count = OrderList::count_needing_attention();
		$this->assertGreaterThanOrEqual( 1, $count );

		$this->as_user( 'shop_manager' );
		$html = $this->output_of( array( AdminNotices::class, 'render' ) );
		$this->assertStringContainsString( sprintf( _n( '%d order has an invoice that needs attention.', '%d orders have invoices that need attention.', $count, 'libinvoice-woocommerce' ), $count ), $html );
		$this->assertStringContainsString( esc_url( OrderList::attention_url() ), $html );

		$_GET[ OrderList::FILTER_ARG ] = OrderList::FILTER_ATTENTION;
		$this->assertStringNotContainsString( 'libinvoice-attention', $this->output_of( array( AdminNotices::class, 'render' ) ), 'not on the filtered list itself' );

		$this->as_user( 'customer' );
		$_GET = array();
		$this->assertSame( '', $this->output_of( array( AdminNotices::class, 'render' ) ) );
		$this->assertSame( '', AdminNotices::attention_html( 0 ) );
	}
}
