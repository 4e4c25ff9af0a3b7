<?php
/**
 * The plugin's automation against the sandbox: hooks only enqueue, a job issues exactly once,
 * whatever the hooks, the workers and the network do.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Plugin;

use LibInvoice\WooCommerce\Claims;
use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\AccountProblem;
use LibInvoice\WooCommerce\OrderState;
use LibInvoice\WooCommerce\PdfStore;
use LibInvoice\WooCommerce\Settings;
use LibInvoice\WooCommerce\Tests\Sandbox;
use LibInvoice\WooCommerce\Tests\TestCase;

class JobsTest extends TestCase {

	/** Settings of a shop invoicing through the sandbox's demo account. */
	private function configure( array $overrides = array() ): void {
		update_option(
			Settings::OPTION,
			array_merge(
				array(
					'backend'            => 'agent',
					'agent_endpoint'     => $this->sandbox_url(),
					'agent_key'          => Sandbox::DEMO_AGENT_KEY,
					'issue_statuses'     => array( 'processing', 'completed' ),
					'storno_statuses'    => array( 'cancelled', 'refunded' ),
					'paid_methods'       => array( 'stripe' ),
					'domestic_zero_code' => 'TAM',
					'logging'            => 'all',
				),
				$overrides
			)
		);
	}

	/** The sandbox's invoices for one order number, of any kind. */
	private function invoices_of( \WC_Order $order ): array {
		return array_values(
			array_filter(
				$this->sandbox_invoices(),
				fn( $invoice ) => ( $invoice['order_number'] ?? null ) === $order->get_order_number()
			)
		);
	}

	private function state( \WC_Order $order, string $document = 'invoice' ): array {
		return OrderState::get( $this->reload_order( $order ), $document );
	}

	private function notes( \WC_Order $order ): array {
		return array_map( fn( $note ) => $note->content, wc_get_order_notes( array( 'order_id' => $order->get_id() ) ) );
	}

	public function test_a_paid_order_is_invoiced_by_a_job_not_in_the_request(): void {
		$this->configure();
		$order = $this->make_order();

		$order->update_status( 'processing' );

		$this->assertCount( 1, $this->scheduled_actions( Jobs::HOOK ), 'one job queued' );
		$this->assertSame( array(), $this->invoices_of( $order ), 'nothing sent in the shopper\'s request' );
		$this->assertSame( 'queued', OrderState::status( $this->reload_order( $order ) ) );

		$this->run_scheduled_actions();

		$invoices = $this->invoices_of( $order );
		$this->assertCount( 1, $invoices );
		$state = $this->state( $order );
		$this->assertSame( 'issued', $state['state'] );
		$this->assertSame( $invoices[0]['number'], $state['number'] );
		$this->assertSame( $this->reload_order( $order )->get_total(), $state['gross_total'] );
		$this->assertSame( 'issued', OrderState::status( $this->reload_order( $order ) ) );
		$this->assertStringStartsWith( '%PDF', (string) PdfStore::read( $state['pdf'] ) );
		$this->assertStringNotContainsString( ABSPATH, PdfStore::directory() . '/', 'PDFs live outside the web root' );
		$this->assertContains( sprintf( 'Invoice %s issued.', $state['number'] ), $this->notes( $order ) );
	}

	public function test_racing_hooks_and_clicks_give_one_invoice(): void {
		$this->configure();
		$order = $this->make_order( array( 'payment_method' => 'stripe' ) );

		$order->payment_complete( 'ch_3PqX' );
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->reload_order( $order )->update_status( 'completed' );
		// A second job for the same task, as a hook in another request would add it.
		as_enqueue_async_action( Jobs::HOOK, array( $order->get_id(), 'invoice' ), Jobs::GROUP );
		$this->run_scheduled_actions();
		$this->run_scheduled_actions( 3600 );

		$this->assertCount( 1, $this->invoices_of( $order ) );
		$this->assertSame( 'issued', $this->state( $order )['state'] );
	}

	public function test_two_workers_racing_on_one_order_issue_one_invoice(): void {
		$this->configure();
		$order = $this->make_order();
		// The sandbox answers slowly, so both workers are inside the job at once.
		$this->sandbox_fault(
			array(
				'kind'      => 'delay',
				'ms'        => 1500,
				'operation' => 'xmlszamla',
			)
		);

		$job     = sprintf( 'LibInvoice\WooCommerce\Jobs::run( %d, "invoice" ); return "done";', $order->get_id() );
		$results = $this->run_php_parallel( array( $job, $job ) );

		foreach ( $results as $result ) {
			$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );
		}
		$this->assertCount( 1, $this->invoices_of( $order ), 'one invoice for two workers' );
		$this->assertSame( 'issued', $this->state( $order )['state'] );
		$this->assertCount( 1, $this->scheduled_actions( Jobs::HOOK ), 'the worker without the lease tries again later' );

		$this->run_scheduled_actions( 3600 );
		$this->assertCount( 1, $this->invoices_of( $order ) );
	}

	public function test_a_job_sees_what_another_worker_stored_although_the_order_is_cached(): void {
		$this->configure();
		$order = $this->make_order();
		wc_get_order( $order->get_id() ); // Cached for the rest of this "request", meta included.

		$child = $this->run_php( sprintf( 'LibInvoice\WooCommerce\Jobs::run( %d, "invoice" ); return 1;', $order->get_id() ) );
		$this->assertNull( $child['exception'], $child['stderr'] . $child['output'] );

		Jobs::run( $order->get_id(), 'storno' );

		$this->assertSame( 'issued', $this->state( $order, 'storno' )['state'] ?? null, 'the storno job saw the invoice the other worker issued' );
	}

	public function test_a_lost_answer_is_looked_up_not_sent_again(): void {
		$this->configure();
		$order = $this->make_order();
		$this->sandbox_fault(
			array(
				'kind'      => 'close_after_commit',
				'operation' => 'xmlszamla',
				'count'     => 1,
			)
		);
		$order->update_status( 'processing' );

		$this->run_scheduled_actions();

		$this->assertSame( 'unknown', $this->state( $order )['state'] );
		$this->assertCount( 1, $this->invoices_of( $order ), 'the service issued it; the answer was lost' );
		$this->assertCount( 1, $this->scheduled_actions( Jobs::HOOK ), 'a reconciling job is scheduled' );

		$this->run_scheduled_actions( 3600 );

		$invoices = $this->invoices_of( $order );
		$this->assertCount( 1, $invoices );
		$this->assertSame( 'issued', $this->state( $order )['state'] );
		$this->assertSame( $invoices[0]['number'], $this->state( $order )['number'] );
	}

	public function test_maintenance_is_retried_after_the_time_the_core_names(): void {
		$this->configure();
		$order = $this->make_order();
		$this->sandbox_fault(
			array(
				'kind'  => 'maintenance',
				'count' => 1,
			)
		);
		$order->update_status( 'processing' );

		$this->run_scheduled_actions();

		$this->assertSame( 'retrying', $this->state( $order )['state'] );
		$pending = $this->scheduled_actions( Jobs::HOOK );
		$this->assertCount( 1, $pending );
		$this->assertGreaterThan( time() + 30, reset( $pending )->get_schedule()->get_date()->getTimestamp() );
		$this->assertSame( array(), $this->invoices_of( $order ) );
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->assertCount( 2, $this->scheduled_actions( Jobs::HOOK ), 'a click on "reconcile" does not wait for the scheduled retry' );
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->assertCount( 2, $this->scheduled_actions( Jobs::HOOK ), 'but two clicks queue one job' );

		// Time passes: the record's "not before" lies in the past.
		$this->rewrite_record(
			$order,
			'invoice',
			fn( $record ) => array( 'not_before' => gmdate( 'Y-m-d\TH:i:s\Z', time() - 1 ) ) + $record
		);
		$this->run_scheduled_actions( 3600 );

		$this->assertCount( 1, $this->invoices_of( $order ) );
		$this->assertSame( 'issued', $this->state( $order )['state'] );
	}

	public function test_the_send_limit_flags_the_order_for_a_human(): void {
		$this->configure();
		$order = $this->make_order();
		$this->sandbox_fault(
			array(
				'kind'      => 'close_before_answer',
				'operation' => 'xmlszamla',
			)
		);
		Jobs::run( $order->get_id(), 'invoice' );
		$this->assertSame( 'unknown', $this->state( $order )['state'] );
		// As if four more sends had gone the same way, long ago.
		$this->rewrite_record(
			$order,
			'invoice',
			fn( $record ) => array(
				'sends'           => 5,
				'last_attempt_at' => gmdate( 'Y-m-d\TH:i:s\Z', time() - 3600 ),
			) + $record
		);
		$this->cancel_pending_actions();

		Jobs::run( $order->get_id(), 'invoice' );

		$this->assertSame( 'attention', $this->state( $order )['state'] );
		$this->assertSame( 'attention', OrderState::status( $this->reload_order( $order ) ) );
		$this->assertSame( array(), $this->invoices_of( $order ), 'nothing sent a sixth time' );
		$this->assertSame( array(), $this->scheduled_actions( Jobs::HOOK ) );
	}

	public function test_an_order_the_core_cannot_map_fails_with_the_field_path_and_sends_nothing(): void {
		$this->configure( array( 'domestic_zero_code' => '' ) );
		$order = $this->zero_rate_order();
		$order->update_status( 'processing' );

		$this->run_scheduled_actions();

		$state = $this->state( $order );
		$this->assertSame( 'failed', $state['state'] );
		$this->assertMatchesRegularExpression( '/line_items\[0\]/', $state['message'] );
		$this->assertSame( array(), $this->invoices_of( $order ) );
		$this->assertSame( 'failed', OrderState::status( $this->reload_order( $order ) ) );
	}

	public function test_a_wrong_key_raises_an_account_alert_without_the_key_and_a_fixed_key_clears_it(): void {
		$wrong = 'wrong-agent-key-4711-SECRET';
		$this->configure( array( 'agent_key' => $wrong ) );
		$order = $this->make_order();
		$order->update_status( 'processing' );

		$this->run_scheduled_actions();

		$problem = AccountProblem::current();
		$this->assertSame( 3, $problem['code'] ?? null );
		$this->assertSame( 'failed', $this->state( $order )['state'] );
		$everything = wp_json_encode( array( $problem, $this->notes( $order ), $this->state( $order ), $this->log_entries() ) );
		$this->assertStringNotContainsString( $wrong, $everything );

		$this->configure();
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->run_scheduled_actions();

		$this->assertNull( AccountProblem::current() );
		$this->assertSame( 'issued', $this->state( $order )['state'] );
		$this->assertCount( 1, $this->invoices_of( $order ) );
	}

	public function test_a_cancelled_order_is_reversed_and_can_be_invoiced_again(): void {
		$this->configure();
		$order = $this->make_order();
		$order->update_status( 'processing' );
		$this->run_scheduled_actions();
		$first = $this->state( $order )['number'];

		$this->reload_order( $order )->update_status( 'cancelled' );
		$this->run_scheduled_actions();

		$storno = $this->state( $order, 'storno' );
		$this->assertSame( 'issued', $storno['state'] );
		$this->assertSame( 'reversed', $this->state( $order )['state'] );
		$this->assertSame( 'reversed', OrderState::status( $this->reload_order( $order ) ) );
		$stornos = array_filter( $this->sandbox_invoices(), fn( $invoice ) => ( $invoice['references'] ?? null ) === $first );
		$this->assertSame( array( $storno['number'] ), array_column( $stornos, 'number' ) );

		$this->reload_order( $order )->update_status( 'processing' );
		$this->run_scheduled_actions();

		$again = $this->state( $order );
		$this->assertSame( 'issued', $again['state'] );
		$this->assertNotSame( $first, $again['number'] );
		$this->assertCount( 2, array_filter( $this->invoices_of( $order ), fn( $invoice ) => null === $invoice['references'] ), 'the reversed invoice and the new one' );
	}

	public function test_through_szamlahegy_an_invoice_and_its_storno_cancelling_its_rows(): void {
		$this->configure(
			array(
				'backend'            => 'szamlahegy',
				'szamlahegy_server'  => Sandbox::base(),
				'szamlahegy_api_key' => 'sandbox-szamlahegy-key',
			)
		);
		$order = $this->make_order();
		$order->update_status( 'processing' );
		$this->run_scheduled_actions();
		$invoice = $this->state( $order );
		$this->assertSame( 'issued', $invoice['state'], wp_json_encode( $invoice ) );

		$this->reload_order( $order )->update_status( 'cancelled' );
		$this->run_scheduled_actions();

		$storno = $this->state( $order, 'storno' );
		$this->assertSame( 'issued', $storno['state'], wp_json_encode( $storno ) );
		$this->assertSame( '-' . $invoice['gross_total'], $storno['gross_total'] );
		$this->assertSame( 'reversed', $this->state( $order )['state'] );
	}

	public function test_a_storno_queued_for_an_invoice_that_then_failed_does_not_stay_queued(): void {
		$this->configure( array( 'domestic_zero_code' => '' ) );
		$order = $this->zero_rate_order();
		$order->update_status( 'processing' );
		$this->reload_order( $order )->update_status( 'cancelled' );
		$this->assertSame( 'queued', $this->state( $order, 'storno' )['state'] ?? null );

		$this->run_scheduled_actions();
		$this->run_scheduled_actions( 3600 );

		$this->assertSame( 'failed', $this->state( $order )['state'] );
		$this->assertArrayNotHasKey( 'state', $this->state( $order, 'storno' ) );
		$this->assertSame( 'failed', OrderState::status( $this->reload_order( $order ) ) );
	}

	public function test_a_receipt_is_reversed_with_a_storno_receipt(): void {
		$this->configure(
			array(
				'receipt_for_private' => 'yes',
				'receipt_prefix'      => 'NYGTA',
			)
		);
		$order = $this->make_order();
		$order->update_status( 'processing' );
		$this->run_scheduled_actions();
		$receipt = $this->state( $order )['number'];

		$this->reload_order( $order )->update_status( 'cancelled' );
		$this->run_scheduled_actions();

		$storno = $this->state( $order, 'storno' );
		$this->assertSame( 'issued', $storno['state'] );
		$this->assertSame( 'storno_receipt', $storno['kind'] );
		$this->assertContains( sprintf( 'Storno receipt %s issued.', $storno['number'] ), $this->notes( $order ) );
		$this->assertNotSame( $receipt, $storno['number'] );
	}

	public function test_through_paybill_a_gateway_payment_is_invoiced_once_and_its_only_pdf_kept(): void {
		$this->configure(
			array(
				'backend'             => 'paybill',
				'paybill_gateway_url' => Sandbox::base() . '/api/payment/',
				'paybill_store'       => 'sdk_test',
				'paybill_api_key'     => '86af3-80e4f-f8228-9498f-910ad',
				'paid_methods'        => array( 'bigfish' ),
			)
		);
		$order = $this->make_order(
			array(
				'payment_method' => 'bigfish',
				'paid'           => true,
				'transaction_id' => Sandbox::paybill_transaction(),
			)
		);
		// Another order of the same shop paid otherwise: PayBill cannot invoice it, the Agent can.
		$cash = $this->make_order( array( 'paid' => true ) );

		$this->run_scheduled_actions();
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->run_scheduled_actions();

		$invoice = $this->state( $order );
		$this->assertSame( 'issued', $invoice['state'], wp_json_encode( $invoice ) );
		$this->assertCount( 1, $this->invoices_of( $order ) );
		$this->assertStringStartsWith( '%PDF', (string) PdfStore::read( $invoice['pdf'] ), 'PayBill answers with the PDF once' );
		$this->assertSame( 'issued', $this->state( $cash )['state'] );
		$this->assertCount( 1, $this->invoices_of( $cash ) );

		$this->reload_order( $order )->update_status( 'cancelled' );
		$this->run_scheduled_actions();
		$this->assertSame( 'issued', $this->state( $order, 'storno' )['state'], 'the storno goes to the Agent' );
	}

	public function test_cash_on_delivery_is_marked_paid_when_completed(): void {
		$this->configure( array( 'mark_paid_methods' => array( 'cod' ) ) );
		$order = $this->make_order( array( 'payment_method' => 'cod' ) );
		$order->update_status( 'processing' );
		$this->run_scheduled_actions();
		$this->assertArrayNotHasKey( 'paid_at', $this->state( $order ) );

		$this->reload_order( $order )->update_status( 'completed' );
		$this->run_scheduled_actions();

		$this->assertSame( wp_date( 'Y-m-d' ), $this->state( $order )['paid_at'] ?? null );
		$invoices = $this->invoices_of( $order );
		$this->assertCount( 1, $invoices );
		$this->assertSame( array( $this->reload_order( $order )->get_total() ), array_column( $invoices[0]['payments'], 'amount' ), wp_json_encode( $invoices[0]['payments'] ) );
	}

	public function test_bank_transfer_gets_a_proforma_on_hold(): void {
		$this->configure( array( 'proforma_methods' => array( 'bacs' ) ) );
		$order = $this->make_order( array( 'payment_method' => 'bacs' ) );

		$order->update_status( 'on-hold' );
		$this->run_scheduled_actions();

		$proforma = $this->state( $order, 'proforma' );
		$this->assertSame( 'issued', $proforma['state'] );
		$this->assertSame( 'none', OrderState::status( $this->reload_order( $order ) ), 'no invoice yet' );
		$this->assertContains( $proforma['number'], array_column( $this->invoices_of( $order ), 'number' ) );
	}

	public function test_a_private_buyer_gets_a_receipt_and_a_company_an_invoice(): void {
		$this->configure(
			array(
				'receipt_for_private' => 'yes',
				'receipt_prefix'      => 'NYGTA',
			)
		);
		$private = $this->make_order();
		$company = $this->make_order( array( 'buyer' => 'company' ) );
		$private->update_status( 'processing' );
		$company->update_status( 'processing' );

		$this->run_scheduled_actions();

		$receipt = $this->state( $private );
		$this->assertSame( 'issued', $receipt['state'] );
		$this->assertSame( 'receipt', $receipt['kind'] );
		$this->assertStringStartsWith( 'NYGTA', $receipt['number'] );
		$this->assertSame( array(), $this->invoices_of( $private ) );
		$this->assertSame( 'invoice', $this->state( $company )['kind'] );
		$this->assertCount( 1, $this->invoices_of( $company ) );
	}

	/** An order with a 0% line, which the core refuses for a domestic buyer when no 0% code is set. */
	private function zero_rate_order(): \WC_Order {
		return $this->make_order(
			array(
				'lines' => array(
					array(
						'name'      => 'Ajándékutalvány',
						'sku'       => 'UTALVANY',
						'price'     => 5000,
						'tax_class' => 'zero-rate',
					),
				),
			)
		);
	}

	/** Changes the stored attempt record of one document, as time or a crash would have. */
	private function rewrite_record( \WC_Order $order, string $document, callable $change ): void {
		global $wpdb;
		$table   = Claims::table();
		$records = json_decode( $wpdb->get_var( $wpdb->prepare( "SELECT records FROM {$table} WHERE order_id = %d", $order->get_id() ) ), true );
		$records[ $document ]['record'] = $change( $records[ $document ]['record'] );
		$wpdb->update( $table, array( 'records' => wp_json_encode( $records ) ), array( 'order_id' => $order->get_id() ) );
	}
}
