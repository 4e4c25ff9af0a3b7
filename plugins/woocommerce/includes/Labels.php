<?php
/**
 * The words the shop shows for documents and their states.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** Shared by the order notes, the order screen, the order list and My Account; display only. */
final class Labels {

	/** A document's name: `$kind` (invoice, receipt, proforma, storno, storno_receipt) when known, else the slot's. */
	public static function document( string $document, string $kind = '' ): string {
		return match ( '' !== $kind ? $kind : $document ) {
			'receipt' => __( 'Receipt', 'libinvoice-woocommerce' ),
			'proforma' => __( 'Proforma invoice', 'libinvoice-woocommerce' ),
			'storno' => __( 'Storno invoice', 'libinvoice-woocommerce' ),
			'storno_receipt' => __( 'Storno receipt', 'libinvoice-woocommerce' ),
			default => __( 'Invoice', 'libinvoice-woocommerce' ),
		};
	}

	/** A state word from OrderState (none, queued, issued, reversed, unknown, retrying, failed, attention). */
	public static function state( string $state ): string {
		return match ( $state ) {
			'queued' => __( 'Queued', 'libinvoice-woocommerce' ),
			'issued' => __( 'Issued', 'libinvoice-woocommerce' ),
			'reversed' => __( 'Reversed', 'libinvoice-woocommerce' ),
			'unknown' => __( 'Outcome unknown', 'libinvoice-woocommerce' ),
			'retrying' => __( 'Retrying', 'libinvoice-woocommerce' ),
			'failed' => __( 'Failed', 'libinvoice-woocommerce' ),
			'attention' => __( 'Needs attention', 'libinvoice-woocommerce' ),
			default => __( 'None', 'libinvoice-woocommerce' ),
		};
	}

	/** A state as a badge in WooCommerce's order-status style (escaped HTML). */
	public static function badge( string $state ): string {
		$style = match ( $state ) {
			'issued' => 'status-processing',
			'queued', 'unknown', 'retrying' => 'status-on-hold',
			'failed', 'attention' => 'status-failed',
			default => 'status-pending',
		};
		return sprintf(
			'<mark class="order-status libinvoice-state libinvoice-state-%1$s %2$s"><span>%3$s</span></mark>',
			esc_attr( sanitize_html_class( $state ) ),
			esc_attr( $style ),
			esc_html( self::state( $state ) )
		);
	}
}
