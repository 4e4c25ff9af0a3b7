<?php
/**
 * What the shop sees of an order's documents, kept in order meta through the CRUD API.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * Per document (`invoice` — an invoice or a receipt —, `proforma`, `storno`) a state with the
 * number, totals and stored PDF, plus one summary status for the order list. The attempt records
 * that decide whether to send live in the Claims table; this is their visible outcome.
 */
final class OrderState {

	public const META_PREFIX = '_libinvoice_';
	public const STATUS_META = '_libinvoice_status';

	public const DOCUMENTS = array( 'invoice', 'proforma', 'storno' );

	/** States a human has to look at: the service refused, or the send limit was reached. */
	public const NEEDS_ATTENTION = array( 'failed', 'attention' );

	/**
	 * @return array{state?: string, kind?: string, number?: string, net_total?: string,
	 *     gross_total?: string, pdf?: string, message?: string, paid_at?: string, updated_at?: string}
	 */
	public static function get( \WC_Order $order, string $document ): array {
		$stored = $order->get_meta( self::META_PREFIX . $document );
		$state  = is_string( $stored ) && '' !== $stored ? json_decode( $stored, true ) : null;
		return is_array( $state ) ? $state : array();
	}

	/**
	 * Replaces the given fields of one document's state and saves the order.
	 *
	 * @param array<string, string|null> $fields
	 */
	public static function update( \WC_Order $order, string $document, array $fields ): void {
		$state = array_filter(
			array_merge( self::get( $order, $document ), $fields, array( 'updated_at' => gmdate( 'c' ) ) ),
			static fn ( $value ) => null !== $value
		);
		$order->update_meta_data( self::META_PREFIX . $document, wp_json_encode( $state ) );
		$order->update_meta_data( self::STATUS_META, self::summary( $order ) );
		$order->save();
	}

	/**
	 * The order's one-word status: a problem of any document (failed, attention) first, else the
	 * invoice's state (none, queued, issued, reversed, unknown, retrying).
	 */
	public static function summary( \WC_Order $order ): string {
		$states = array();
		foreach ( self::DOCUMENTS as $document ) {
			$states[ $document ] = self::get( $order, $document )['state'] ?? 'none';
		}
		foreach ( self::NEEDS_ATTENTION as $problem ) {
			if ( in_array( $problem, $states, true ) ) {
				return $problem;
			}
		}
		return $states['invoice'];
	}

	/** The order's one-word status as stored (for lists and filters). */
	public static function status( \WC_Order $order ): string {
		$status = $order->get_meta( self::STATUS_META );
		return is_string( $status ) && '' !== $status ? $status : 'none';
	}
}
