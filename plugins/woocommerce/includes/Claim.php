<?php
/**
 * A worker's lease on one order, with the order's attempt records.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** What Claims::acquire hands out; every write goes through Claims::store with its token. */
final class Claim {

	/**
	 * @param array<string, array<string, mixed>> $records per document ('invoice', 'storno', …):
	 *     the core's attempt record, the mapped document as JSON and the generation
	 */
	public function __construct(
		public readonly int $order_id,
		public readonly string $token,
		private array $records,
	) {}

	/** @return array<string, mixed> */
	public function record( string $document ): array {
		return $this->records[ $document ] ?? array();
	}

	/**
	 * Stores one document's entry durably; false when the lease was lost (then nothing is sent).
	 *
	 * @param array<string, mixed> $entry
	 */
	public function put( string $document, array $entry ): bool {
		$records              = $this->records;
		$records[ $document ] = $entry;
		if ( ! Claims::store( $this, $records ) ) {
			return false;
		}
		$this->records = $records;
		return true;
	}
}
