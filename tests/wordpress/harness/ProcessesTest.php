<?php
/**
 * Two PHP processes share the site: what one saves, the other reads; racing writers leave real
 * rows; this process's order cache behaves as WooCommerce's does.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\TestCase;

class ProcessesTest extends TestCase {

	public function test_an_order_saved_here_is_read_in_another_process(): void {
		$order = $this->make_order( array( 'buyer' => 'company' ) );
		$order->update_meta_data( '_libinvoice_record', array( 'sends' => 1, 'state' => 'in_flight' ) );
		$order->save();

		$result = $this->run_php(
			sprintf(
				'$order = wc_get_order( %d );
				return array(
					"class"  => get_class( $order ),
					"total"  => $order->get_total(),
					"tax"    => $order->get_meta( "_billing_tax_number" ),
					"record" => $order->get_meta( "_libinvoice_record" ),
					"lines"  => count( $order->get_items() ),
				);',
				$order->get_id()
			)
		);
		$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );
		$this->assertSame(
			array(
				'class'  => 'WC_Order',
				'total'  => $order->get_total(),
				'tax'    => '26147859-2-09',
				'record' => array( 'sends' => 1, 'state' => 'in_flight' ),
				'lines'  => 2,
			),
			$result['return']
		);
	}

	public function test_what_another_process_saves_is_read_here_after_a_reload(): void {
		$order = $this->make_order();
		$this->assertSame( '', wc_get_order( $order->get_id() )->get_meta( '_written_by_child' ) );

		$result = $this->run_php(
			sprintf(
				'$order = wc_get_order( %d );
				$order->update_meta_data( "_written_by_child", getmypid() );
				$order->set_status( "on-hold" );
				$order->save();',
				$order->get_id()
			)
		);
		$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );

		// Like WooCommerce with HPOS, this process caches the order it already read (and its
		// meta); read_meta_data( true ) reads the meta rows again.
		$cached = wc_get_order( $order->get_id() );
		$this->assertSame( '', $cached->get_meta( '_written_by_child' ) );
		$this->assertSame( 'pending', $cached->get_status() );
		$cached->read_meta_data( true );
		$this->assertNotSame( '', $cached->get_meta( '_written_by_child' ) );
		$fresh = $this->reload_order( $order );
		$this->assertNotSame( '', $fresh->get_meta( '_written_by_child' ) );
		$this->assertSame( 'on-hold', $fresh->get_status() );
	}

	public function test_racing_writers_each_leave_their_meta_row(): void {
		$order = $this->make_order();
		$code  = sprintf(
			'$order = wc_get_order( %d );
			$order->add_meta_data( "_worker", getmypid() );
			$order->save();
			return getmypid();',
			$order->get_id()
		);
		$results = $this->run_php_parallel( array_fill( 0, 4, $code ) );
		foreach ( $results as $result ) {
			$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );
		}
		$workers = wp_list_pluck( $this->reload_order( $order )->get_meta( '_worker', false ), 'value' );
		sort( $workers );
		$pids = array_column( $results, 'return' );
		sort( $pids );
		$this->assertSame( $pids, array_map( 'intval', $workers ) );
	}

	public function test_children_run_as_the_requested_user_and_report_exceptions_and_notices(): void {
		$result = $this->run_php( 'return wp_get_current_user()->user_login;', array( 'user' => 'shop_manager' ) );
		$this->assertSame( 'boltvezeto', $result['return'] );

		$result = $this->run_php( 'echo "hello"; throw new RuntimeException( "no" );' );
		$this->assertSame( 'RuntimeException: no', $result['exception'] );
		$this->assertSame( 'hello', $result['output'] );

		$result = $this->run_php( 'wc_get_logger()->warning( "from the child", array( "source" => "harness" ) ); _doing_it_wrong( "f", "m", "1" ); return 1 + 1;' );
		$this->assertSame( 2, $result['return'] );
		$this->assertSame( 'f', $result['notices'][0]['function'] );
		$child = array_values( array_filter( $this->log_entries(), fn( $entry ) => 'harness' === $entry['source'] ) );
		$this->assertSame( 'from the child', $child[0]['message'] );
		$this->assertNotSame( getmypid(), $child[0]['pid'] );

		$result = $this->run_php( 'undefined_function_here();' );
		$this->assertStringContainsString( 'undefined_function_here', $result['exception'] );
	}

	public function test_mail_is_caught_in_every_process(): void {
		wp_mail( 'vevo@example.hu', 'Számla', 'Csatolva.' );
		$this->run_php( 'wp_mail( array( "a@example.hu", "b@example.hu" ), "Második", "…" );' );
		$mails = $this->sent_mails();
		$this->assertSame( array( 'Számla', 'Második' ), array_column( $mails, 'subject' ) );
		$this->assertSame( array( 'a@example.hu', 'b@example.hu' ), $mails[1]['to'] );
	}
}
