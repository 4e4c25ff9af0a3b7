<?php
/**
 * The plugin's main path runs on the harness: a paid order is invoiced once through the sandbox.
 * (The plugin's own tests live beside this directory; this one only shows the harness carries it.)
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\Sandbox;
use LibInvoice\WooCommerce\Tests\TestCase;

class PluginSmokeTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		if ( ! class_exists( \LibInvoice\WooCommerce\Settings::class ) ) {
			$this->markTestSkipped( 'the plugin is absent' );
		}
		update_option(
			\LibInvoice\WooCommerce\Settings::OPTION,
			array(
				'agent_endpoint' => $this->sandbox_url(),
				'agent_key'      => Sandbox::DEMO_AGENT_KEY,
				'number_prefix'  => 'WEB',
				'paid_methods'   => array( 'bacs', 'cod' ),
			)
		);
	}

	public function test_a_paid_order_is_invoiced_once_by_the_scheduled_job(): void {
		$order = $this->make_order( array( 'paid' => true ) );
		$this->assertNotEmpty( $this->scheduled_actions(), 'paying queued a job' );
		$ran = $this->run_scheduled_actions();
		$this->assertSame( array( 'complete' ), array_unique( array_column( $ran, 'status' ) ), wp_json_encode( $ran ) . wp_json_encode( $this->log_entries() ) );
		$invoices = $this->sandbox_invoices();
		$this->assertCount( 1, $invoices, wp_json_encode( $this->log_entries() ) );
		$this->assertSame( (string) $order->get_id(), $invoices[0]['order_number'] );
		$this->assertSame( array(), $this->run_scheduled_actions( 3600 ) );
		$this->assertCount( 1, $this->sandbox_invoices() );
	}

	public function test_a_lost_answer_is_adopted_by_the_retry_not_issued_twice(): void {
		$this->make_order( array( 'buyer' => 'company', 'paid' => true ) );
		$this->sandbox_fault( array( 'kind' => 'close_after_commit', 'count' => 1 ) );
		$this->run_scheduled_actions();
		$this->assertCount( 1, $this->sandbox_invoices(), 'the invoice exists; its answer was lost' );
		$this->assertNotEmpty( $this->scheduled_actions(), 'a retry is scheduled' );
		$this->run_scheduled_actions( 200 );
		$this->assertCount( 1, $this->sandbox_invoices() );
		$this->assertSame( array(), $this->scheduled_actions() );
	}
}
