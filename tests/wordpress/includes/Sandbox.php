<?php
/**
 * The run's sandbox (tests/sandbox.sh; sandbox/README.md): its Agent endpoint from SANDBOX_URL,
 * and its control API (state, faults).
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

final class Sandbox {

	/** Agent keys of the sandbox's built-in accounts. */
	const DEMO_AGENT_KEY   = 'sandbox-demo-agent-key';
	const STRICT_AGENT_KEY = 'sandbox-strict-agent-key';

	/** The Számla Agent endpoint, http://127.0.0.1:PORT/szamla/. */
	public static function url(): string {
		$url = getenv( 'SANDBOX_URL' );
		if ( ! $url ) {
			throw new \RuntimeException( 'SANDBOX_URL is not set: run tests/wordpress/run.sh' );
		}
		return $url;
	}

	/** The server's root, http://127.0.0.1:PORT (PayBill: /api/payment/, Számlahegy: /api/v1/). */
	public static function base(): string {
		$parts = wp_parse_url( self::url() );
		return $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	}

	/** GET /control/state: the Agent's ledgers by agent key (invoices, receipts, counters). */
	public static function state(): array {
		return self::request( 'GET', '/control/state' );
	}

	/** @return array[] Every account's invoices, each with its 'agent_key'. */
	public static function invoices(): array {
		$invoices = array();
		foreach ( self::state()['ledgers'] ?? array() as $agent_key => $ledger ) {
			foreach ( $ledger['invoices'] ?? array() as $invoice ) {
				$invoices[] = array( 'agent_key' => $agent_key ) + $invoice;
			}
		}
		return $invoices;
	}

	public static function add_fault( array $rule ): void {
		self::request( 'POST', '/control/faults', $rule );
	}

	/** Forgets every document and fault rule. */
	public static function reset(): void {
		self::request( 'DELETE', '/control/state' );
		self::request( 'DELETE', '/control/faults' );
	}

	/** A successful PayBill transaction of the built-in store `sdk_test`: its 32-hex id. */
	public static function paybill_transaction( string $currency = 'HUF' ): string {
		return self::request(
			'POST',
			'/control/paybill/transactions',
			array(
				'store'      => 'sdk_test',
				'currency'   => $currency,
				'successful' => true,
			)
		)['transaction_id'];
	}

	/** @return array The decoded JSON answer. */
	private static function request( string $method, string $path, ?array $body = null ): array {
		$context = stream_context_create(
			array(
				'http' => array(
					'method'        => $method,
					'header'        => "Content-Type: application/json\r\nConnection: close\r\n",
					'content'       => null === $body ? '' : wp_json_encode( $body ),
					'timeout'       => 10,
					'ignore_errors' => true,
				),
			)
		);
		$answer  = file_get_contents( self::base() . $path, false, $context ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		if ( false === $answer ) {
			throw new \RuntimeException( "sandbox {$method} {$path}: no answer" );
		}
		$decoded = json_decode( $answer, true );
		if ( ! is_array( $decoded ) ) {
			throw new \RuntimeException( "sandbox {$method} {$path}: not JSON: " . substr( $answer, 0, 200 ) );
		}
		return $decoded;
	}
}
