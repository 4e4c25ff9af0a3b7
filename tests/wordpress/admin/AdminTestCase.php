<?php
/**
 * Helpers for the tests of the plugin's admin, My Account, PDF and checkout parts.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use LibInvoice\WooCommerce\OrderState;
use LibInvoice\WooCommerce\PdfStore;
use LibInvoice\WooCommerce\Settings;

/** Thrown instead of redirecting or dying, so a handler's answer can be asserted. */
final class HandlerStopped extends \RuntimeException {

	/** @var array{kind: string, status: int, location?: string, message?: string} */
	public $answer;

	public function __construct( array $answer ) {
		parent::__construct( $answer['kind'] . ' ' . $answer['status'] );
		$this->answer = $answer;
	}
}

abstract class AdminTestCase extends TestCase {

	/** An agent key the tests configure; it must never be shown. */
	const AGENT_KEY = Sandbox::DEMO_AGENT_KEY;

	protected function setUp(): void {
		parent::setUp();
		// PDFs go to the run's scratch directory (WordPress itself is read-only in /usr/share).
		if ( ! defined( 'LIBINVOICE_PDF_DIR' ) ) {
			define( 'LIBINVOICE_PDF_DIR', getenv( 'LIBINVOICE_WP_DIR' ) . '/libinvoice-pdfs' );
		}
		$this->configure_plugin();
	}

	/** The plugin's settings: the sandbox's demo account, every order paid. */
	protected function configure_plugin( array $overrides = array() ): void {
		update_option(
			Settings::OPTION,
			$overrides + array(
				'agent_endpoint' => $this->sandbox_url(),
				'agent_key'      => self::AGENT_KEY,
				'paid_methods'   => array( 'cod', 'bacs' ),
				'issue_statuses' => array( 'completed' ),
				'logging'        => 'all',
			)
		);
	}

	/**
	 * An order whose invoice (or another document) is issued with a PDF on disk, as a job
	 * leaves it; no service is asked.
	 */
	protected function issued_order( array $spec = array(), string $document = 'invoice', string $pdf = "%PDF-1.4\n% libinvoice test\n" ): \WC_Order {
		$order  = $this->make_order( $spec );
		$number = 'TEST-' . $order->get_id() . '-' . $document;
		OrderState::update(
			$order,
			$document,
			array(
				'state'       => 'issued',
				'kind'        => $document,
				'number'      => $number,
				'net_total'   => '10000',
				'gross_total' => '12700',
				'pdf'         => PdfStore::save( $number, $pdf ),
			)
		);
		return $this->reload_order( $order );
	}

	/** @return array<string, string> The query arguments of a URL. */
	protected function query_of( string $url ): array {
		parse_str( (string) wp_parse_url( html_entity_decode( $url ), PHP_URL_QUERY ), $query );
		return $query;
	}

	/**
	 * Runs an admin-post.php handler; its redirect or wp_die() becomes the returned answer.
	 *
	 * @return array{kind: string, status: int, location?: string, message?: string}
	 */
	protected function run_handler( callable $handler ): array {
		$redirect = function ( $location, $status ) {
			throw new HandlerStopped(
				array(
					'kind'     => 'redirect',
					'status'   => (int) $status,
					'location' => (string) $location,
				)
			);
		};
		$die      = function () {
			return function ( $message, $title = '', $args = array() ) {
				throw new HandlerStopped(
					array(
						'kind'    => 'die',
						'status'  => (int) ( $args['response'] ?? 500 ),
						'message' => is_string( $message ) ? $message : '',
					)
				);
			};
		};
		add_filter( 'wp_redirect', $redirect, PHP_INT_MAX, 2 );
		add_filter( 'wp_die_handler', $die, PHP_INT_MAX );
		try {
			$handler();
		} catch ( HandlerStopped $stopped ) {
			return $stopped->answer;
		} finally {
			remove_filter( 'wp_redirect', $redirect, PHP_INT_MAX );
			remove_filter( 'wp_die_handler', $die, PHP_INT_MAX );
		}
		$this->fail( 'the handler neither redirected nor died' );
	}

	/** What a callable printed. */
	protected function output_of( callable $print ): string {
		ob_start();
		try {
			$print();
		} finally {
			$output = (string) ob_get_clean();
		}
		return $output;
	}

	/** @return array[] The plugin's pending jobs, as [order id, task]. */
	protected function pending_jobs(): array {
		return array_values(
			array_map(
				fn( \ActionScheduler_Action $action ) => $action->get_args(),
				$this->scheduled_actions( \LibInvoice\WooCommerce\Jobs::HOOK )
			)
		);
	}
}
