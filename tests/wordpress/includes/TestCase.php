<?php
/**
 * The base class of the WordPress tests: WordPress, the WooCommerce stand-in and the libinvoice
 * plugin are loaded (bootstrap.php); each test starts with no current user, empty $_GET/$_POST,
 * no pending scheduled actions, an empty sandbox without faults, an empty object cache and log
 * and mail sinks, and its hooks are restored afterwards. A test fails when WordPress or
 * WooCommerce reported "doing it wrong" or a deprecation it did not expect.
 *
 * Data persists in MariaDB across the run (orders, options): create what a test needs.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use PHPUnit\Framework\TestCase as PHPUnitTestCase;

abstract class TestCase extends PHPUnitTestCase {

	/** @var array Hooks as they were before the test. */
	private $saved_hooks = array();

	/** @var string[] Functions whose "doing it wrong" notices this test expects. */
	private $expected_notices = array();

	/** @var OrderFactory|null */
	private $factory;

	protected function setUp(): void {
		parent::setUp();
		$this->save_hooks();
		$_GET     = array();
		$_POST    = array();
		$_REQUEST = array();
		unset( $GLOBALS['current_screen'], $GLOBALS['current_section'], $GLOBALS['current_tab'] );
		wp_set_current_user( 0 );
		wp_cache_flush();
		$this->cancel_pending_actions();
		\WC_Stand_In_Log::clear();
		\LibInvoice_Test_Harness::$mails   = array();
		\LibInvoice_Test_Harness::$notices = array();
		$mail_file                         = getenv( 'LIBINVOICE_WP_MAIL_FILE' );
		if ( $mail_file && file_exists( $mail_file ) ) {
			file_put_contents( $mail_file, '' );
		}
		if ( class_exists( 'WC_Admin_Settings', false ) ) {
			\WC_Admin_Settings::reset_for_stand_in();
		}
		Sandbox::reset();
	}

	protected function tearDown(): void {
		$notices = array_filter(
			\LibInvoice_Test_Harness::$notices,
			fn( $notice ) => ! in_array( $notice['function'], $this->expected_notices, true )
		);
		$this->expected_notices = array();
		$this->restore_hooks();
		wp_set_current_user( 0 );
		parent::tearDown();
		if ( $notices ) {
			$this->fail( "unexpected notices:\n" . implode( "\n", array_map( fn( $n ) => "{$n['kind']} {$n['function']}: {$n['message']}", $notices ) ) );
		}
	}

	/** The test expects WordPress or WooCommerce to report $function as called wrongly (or deprecated). */
	protected function expect_doing_it_wrong( string $function ): void {
		$this->expected_notices[] = $function;
	}

	/** @return array[] The notices recorded so far in this test (kind, function, message, version). */
	protected function notices(): array {
		return \LibInvoice_Test_Harness::$notices;
	}

	// --- Orders ------------------------------------------------------------------------------

	protected function factory(): OrderFactory {
		if ( ! $this->factory ) {
			$this->factory = new OrderFactory();
		}
		return $this->factory;
	}

	/**
	 * A saved order built through the WooCommerce CRUD API; see OrderFactory::order() for $spec
	 * (default: a private Hungarian buyer, HUF, two 27% products, a 10% coupon, GLS shipping,
	 * a cash-on-delivery fee, status pending).
	 */
	protected function make_order( array $spec = array() ): \WC_Order {
		return $this->factory()->order( $spec );
	}

	/**
	 * The order as a fresh request would read it (the object cache is bypassed).
	 */
	protected function reload_order( $order ): \WC_Abstract_Order {
		$id = $order instanceof \WC_Abstract_Order ? $order->get_id() : (int) $order;
		wp_cache_delete( 'order-' . $id, 'orders' );
		wp_cache_delete( 'object_meta_' . $id, 'orders' );
		$fresh = wc_get_order( $id );
		$this->assertNotFalse( $fresh, "order {$id} exists" );
		return $fresh;
	}

	// --- Users -------------------------------------------------------------------------------

	/**
	 * Makes a fixture user current: administrator, shop_manager, customer, customer2, or guest
	 * (no user).
	 */
	protected function as_user( string $role ): ?\WP_User {
		if ( 'guest' === $role ) {
			wp_set_current_user( 0 );
			return null;
		}
		$user = Users::get( $role );
		wp_set_current_user( $user->ID );
		return $user;
	}

	protected function user( string $key ): \WP_User {
		return Users::get( $key );
	}

	// --- Action Scheduler --------------------------------------------------------------------

	/**
	 * Runs the due scheduled actions in this process, as Action Scheduler's queue runner would
	 * (again while running them makes more due).
	 *
	 * @param int $advance_seconds Treat actions due this many seconds from now as due (a retry
	 *                             scheduled for later).
	 * @return array[] One per action run: id, hook, args, group, status (complete or failed), error.
	 */
	protected function run_scheduled_actions( int $advance_seconds = 0 ): array {
		return \WC_Stand_In_Action_Scheduler::run_due( array( 'now' => time() + $advance_seconds ) );
	}

	/**
	 * @param string $status pending, in-progress, complete, failed, canceled, or '' for any.
	 * @return \ActionScheduler_Action[] By id, oldest first.
	 */
	protected function scheduled_actions( string $hook = '', string $status = 'pending' ): array {
		return as_get_scheduled_actions(
			array(
				'hook'     => $hook,
				'status'   => $status,
				'per_page' => -1,
				'orderby'  => 'action_id',
			)
		);
	}

	/** Cancels every pending action (each test starts with an empty queue). */
	protected function cancel_pending_actions(): void {
		global $wpdb;
		$wpdb->query( "UPDATE {$wpdb->prefix}actionscheduler_actions SET status = 'canceled' WHERE status IN ('pending', 'in-progress')" );
	}

	// --- Sinks and the sandbox ---------------------------------------------------------------

	/**
	 * @param bool $all_processes Include what child processes logged.
	 * @return array[] WooCommerce log entries: level, source, message, context, pid.
	 */
	protected function log_entries( bool $all_processes = true ): array {
		return \WC_Stand_In_Log::entries( $all_processes );
	}

	/** @return array[] Mails wp_mail() caught (this process and children): to, subject, message, headers, attachments. */
	protected function sent_mails(): array {
		$file = getenv( 'LIBINVOICE_WP_MAIL_FILE' );
		if ( ! $file || ! file_exists( $file ) ) {
			return \LibInvoice_Test_Harness::$mails;
		}
		return array_map( fn( $line ) => json_decode( $line, true ), file( $file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES ) );
	}

	/** The sandbox's Számla Agent endpoint (http://127.0.0.1:PORT/szamla/). */
	protected function sandbox_url(): string {
		return Sandbox::url();
	}

	/** Everything the sandbox's Agent holds: GET /control/state (ledgers by agent key). */
	protected function sandbox_documents(): array {
		return Sandbox::state();
	}

	/** @return array[] The invoices of every account (each with its 'agent_key'), oldest first. */
	protected function sandbox_invoices(): array {
		return Sandbox::invoices();
	}

	/** Adds a fault rule (sandbox/README.md#faults), e.g. ['kind' => 'close_after_commit', 'count' => 1]. */
	protected function sandbox_fault( array $rule ): void {
		Sandbox::add_fault( $rule );
	}

	// --- Other processes ---------------------------------------------------------------------

	/**
	 * Runs PHP code in a new process with WordPress, WooCommerce and the plugin loaded, like a
	 * separate request. The code may `return` a JSON-encodable value.
	 *
	 * @param array $options user (a fixture user key), admin (true: an admin request, WP_ADMIN),
	 *                       timeout (seconds, default 60), extension (false: without the
	 *                       libinvoice extension).
	 * @return array return, output, exception (null or "Class: message"), notices, exit_code, stderr.
	 */
	protected function run_php( string $code, array $options = array() ): array {
		return ChildProcess::run( $code, $options );
	}

	/**
	 * Runs several snippets at once, each in its own process, released together once every
	 * process has loaded WordPress (for races).
	 *
	 * @param string[] $codes
	 * @return array[] One result (as run_php) per snippet, in order.
	 */
	protected function run_php_parallel( array $codes, array $options = array() ): array {
		return ChildProcess::run_parallel( $codes, $options );
	}

	// --- Hooks -------------------------------------------------------------------------------

	private function save_hooks(): void {
		global $wp_filter, $wp_actions, $wp_filters, $wp_current_filter;
		$this->saved_hooks = array(
			'wp_filter'         => array_map( fn( $hook ) => clone $hook, (array) $wp_filter ),
			'wp_actions'        => $wp_actions,
			'wp_filters'        => $wp_filters,
			'wp_current_filter' => $wp_current_filter,
		);
	}

	private function restore_hooks(): void {
		if ( ! $this->saved_hooks ) {
			return;
		}
		foreach ( $this->saved_hooks as $name => $value ) {
			$GLOBALS[ $name ] = $value;
		}
		$this->saved_hooks = array();
	}
}
