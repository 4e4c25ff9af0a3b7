<?php
/**
 * The Action Scheduler stand-in: actions run once, with their args spread, when due; uniqueness
 * as Action Scheduler 3.x has it; failures recorded; concurrent runners never run one twice.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\TestCase;

class ActionSchedulerTest extends TestCase {

	/** @var array[] */
	private $calls = array();

	protected function setUp(): void {
		parent::setUp();
		$this->calls = array();
		add_action(
			'harness_job',
			function ( ...$args ) {
				$this->calls[] = $args;
			},
			10,
			3
		);
	}

	public function test_an_async_action_runs_once_with_its_args_as_positional_arguments(): void {
		$id = as_enqueue_async_action( 'harness_job', array( 42, 'invoice' ), 'harness' );
		$this->assertGreaterThan( 0, $id );
		$this->assertTrue( as_has_scheduled_action( 'harness_job', array( 42, 'invoice' ), 'harness' ) );
		$this->assertTrue( as_next_scheduled_action( 'harness_job', array( 42, 'invoice' ), 'harness' ), 'async: true' );
		$this->assertSame( array(), $this->calls, 'nothing runs until the queue runs' );

		$ran = $this->run_scheduled_actions();
		$this->assertSame( array( array( 42, 'invoice' ) ), $this->calls );
		$this->assertSame( 'complete', $ran[0]['status'] );
		$this->assertSame( array(), $this->run_scheduled_actions() );
		$this->assertCount( 1, $this->calls );
		$this->assertFalse( as_has_scheduled_action( 'harness_job' ) );
		$this->assertArrayHasKey( $id, $this->scheduled_actions( 'harness_job', 'complete' ) );
	}

	public function test_a_single_action_waits_for_its_time(): void {
		$when = time() + 150;
		as_schedule_single_action( $when, 'harness_job', array( 7 ), 'harness' );
		$this->assertSame( $when, as_next_scheduled_action( 'harness_job', array( 7 ), 'harness' ) );
		$this->assertSame( array(), $this->run_scheduled_actions() );
		$this->assertSame( array(), $this->run_scheduled_actions( 100 ) );
		$this->assertCount( 1, $this->run_scheduled_actions( 151 ) );
		$this->assertSame( array( array( 7 ) ), $this->calls );
	}

	public function test_unique_compares_hook_and_group_only_as_action_scheduler_3_does(): void {
		$first  = as_enqueue_async_action( 'harness_job', array( 1 ), 'harness', true );
		$second = as_enqueue_async_action( 'harness_job', array( 2 ), 'harness', true );
		$this->assertGreaterThan( 0, $first );
		if ( \ActionScheduler::unique_includes_args() ) {
			$this->assertGreaterThan( 0, $second, 'Action Scheduler 4: other args are another action' );
		} else {
			$this->assertSame( 0, $second, 'Action Scheduler 3: a pending action of the hook and group suppresses it' );
		}
		$this->assertSame( 0, as_enqueue_async_action( 'harness_job', array( 1 ), 'harness', true ) );
		$this->assertGreaterThan( 0, as_enqueue_async_action( 'harness_job', array( 1 ), 'other-group', true ) );
	}

	public function test_unscheduling_and_queries(): void {
		as_schedule_single_action( time() + 60, 'harness_job', array( 1 ), 'harness' );
		as_schedule_single_action( time() + 60, 'harness_job', array( 2 ), 'harness' );
		as_schedule_single_action( time() + 60, 'harness_job', array( 3 ), 'harness' );
		$this->assertCount( 3, as_get_scheduled_actions( array( 'hook' => 'harness_job', 'status' => \ActionScheduler_Store::STATUS_PENDING ), 'ids' ) );
		$this->assertCount( 1, as_get_scheduled_actions( array( 'hook' => 'harness_job', 'args' => array( 2 ), 'status' => \ActionScheduler_Store::STATUS_PENDING ) ) );
		as_unschedule_action( 'harness_job', array( 2 ), 'harness' );
		$this->assertFalse( as_has_scheduled_action( 'harness_job', array( 2 ) ) );
		$this->assertTrue( as_has_scheduled_action( 'harness_job' ) );
		as_unschedule_all_actions( 'harness_job' );
		$this->assertFalse( as_has_scheduled_action( 'harness_job' ) );
		$this->assertSame( array(), $this->run_scheduled_actions( 3600 ) );
	}

	public function test_a_throwing_action_is_marked_failed_and_the_runner_goes_on(): void {
		add_action(
			'harness_failing_job',
			function () {
				throw new \RuntimeException( 'service down' );
			}
		);
		$failing = as_enqueue_async_action( 'harness_failing_job', array(), 'harness' );
		as_enqueue_async_action( 'harness_job', array( 'after' ), 'harness' );
		as_enqueue_async_action( 'harness_nobody_listens', array(), 'harness' );
		$ran = $this->run_scheduled_actions();
		$this->assertSame( array( 'failed', 'complete', 'failed' ), array_column( $ran, 'status' ) );
		$this->assertSame( 'RuntimeException: service down', $ran[0]['error'] );
		$this->assertStringContainsString( 'no callbacks are registered', $ran[2]['error'] );
		$this->assertContains( 'action failed: service down', \ActionScheduler::store()->get_logs( $failing ) );
		$this->assertSame( array( array( 'after' ) ), $this->calls );
	}

	public function test_actions_scheduled_while_running_run_in_the_same_call(): void {
		add_action(
			'harness_chain',
			function ( $step ) {
				if ( $step < 3 ) {
					as_enqueue_async_action( 'harness_chain', array( $step + 1 ) );
				}
			}
		);
		as_enqueue_async_action( 'harness_chain', array( 1 ) );
		$this->assertSame( array( array( 1 ), array( 2 ), array( 3 ) ), array_column( $this->run_scheduled_actions(), 'args' ) );
	}

	public function test_the_api_is_usable_in_child_processes_and_concurrent_runners_run_an_action_once(): void {
		$result = $this->run_php( 'return as_enqueue_async_action( "harness_job", array( "child" ), "harness" );' );
		$this->assertGreaterThan( 0, $result['return'], wp_json_encode( $result ) );
		for ( $i = 0; $i < 5; $i++ ) {
			as_enqueue_async_action( 'harness_counted', array( $i ), 'harness' );
		}
		$runner  = 'add_action( "harness_counted", function ( $i ) { wc_get_logger()->info( "ran $i", array( "source" => "harness-runner" ) ); } );
			add_action( "harness_job", function () {} );
			return count( WC_Stand_In_Action_Scheduler::run_due() );';
		$results = $this->run_php_parallel( array_fill( 0, 3, $runner ) );
		$this->assertSame( 6, array_sum( array_column( $results, 'return' ) ), wp_json_encode( $results ) );
		$ran = array_column( array_filter( $this->log_entries(), fn( $entry ) => 'harness-runner' === $entry['source'] ), 'message' );
		sort( $ran );
		$this->assertSame( array( 'ran 0', 'ran 1', 'ran 2', 'ran 3', 'ran 4' ), $ran );
	}
}
