<?php
/**
 * Invoice downloads for customers in My Account.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

use LibInvoice\WooCommerce\Labels;

defined( 'ABSPATH' ) || exit;

/**
 * A "Download invoice" action in My Account → Orders, and the order's issued documents under the
 * order details, both for the order's own (logged-in) customer only. The links go to PdfEndpoint
 * with the customer's nonce; PdfEndpoint decides access again.
 */
final class MyAccount {

	public const ACTION_KEY = 'libinvoice-invoice';

	public static function register(): void {
		add_filter( 'woocommerce_my_account_my_orders_actions', array( self::class, 'order_actions' ), 10, 2 );
		add_action( 'woocommerce_order_details_after_order_table', array( self::class, 'order_documents' ), 20 );
	}

	/**
	 * @param array<string, array<string, string>> $actions
	 * @param \WC_Order                            $order
	 * @return array<string, array<string, string>>
	 */
	public static function order_actions( $actions, $order ): array {
		$actions = is_array( $actions ) ? $actions : array();
		if ( ! $order instanceof \WC_Order || ! PdfEndpoint::is_owner( $order, get_current_user_id() ) ) {
			return $actions;
		}
		$invoice = OrderState::get( $order, 'invoice' );
		if ( 'issued' !== ( $invoice['state'] ?? '' ) ) {
			return $actions;
		}
		$actions[ self::ACTION_KEY ] = array(
			'url'        => PdfEndpoint::url( $order, 'invoice' ),
			'name'       => 'receipt' === ( $invoice['kind'] ?? '' ) ? __( 'Download receipt', 'libinvoice-woocommerce' ) : __( 'Download invoice', 'libinvoice-woocommerce' ),
			/* translators: %s: order number */
			'aria-label' => sprintf( __( 'Download the invoice of order %s', 'libinvoice-woocommerce' ), $order->get_order_number() ),
		);
		return $actions;
	}

	/**
	 * On the order view (and the thank-you page of a logged-in customer): the issued documents.
	 *
	 * @param \WC_Order $order
	 */
	public static function order_documents( $order ): void {
		if ( ! $order instanceof \WC_Order || ! PdfEndpoint::is_owner( $order, get_current_user_id() ) ) {
			return;
		}
		$links = array();
		foreach ( OrderState::DOCUMENTS as $document ) {
			$state = OrderState::get( $order, $document );
			if ( ! PdfEndpoint::downloadable( $state ) ) {
				continue;
			}
			$links[] = sprintf(
				'<li><strong>%1$s</strong> %2$s <a class="woocommerce-button button libinvoice-download" href="%3$s">%4$s</a></li>',
				esc_html( Labels::document( $document, $state['kind'] ?? '' ) ),
				esc_html( 'reversed' === $state['state'] ? sprintf( /* translators: %s: invoice number */ __( '%s (reversed)', 'libinvoice-woocommerce' ), $state['number'] ) : $state['number'] ),
				esc_url( PdfEndpoint::url( $order, $document ) ),
				esc_html__( 'Download', 'libinvoice-woocommerce' )
			);
		}
		if ( ! $links ) {
			return;
		}
		printf(
			'<section class="woocommerce-libinvoice-documents"><h2>%1$s</h2><ul>%2$s</ul></section>',
			esc_html__( 'Invoices', 'libinvoice-woocommerce' ),
			implode( '', $links ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built escaped above.
		);
	}
}
