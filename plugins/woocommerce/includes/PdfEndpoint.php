<?php
/**
 * The one way to an invoice PDF: an authenticated download through admin-post.php.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

use LibInvoice\Exception as LibInvoiceException;

defined( 'ABSPATH' ) || exit;

/**
 * `admin-post.php?action=libinvoice_pdf&order_id=…&document=…&_wpnonce=…` serves a stored PDF to
 * the shop's managers (`edit_shop_orders`) and to the order's own customer; everyone else —
 * anonymous visitors included — gets 403. The nonce is the current user's, so a link cannot be
 * passed on. When the PDF is not on disk (a PayBill answer without one, a lost file) it is fetched
 * from the service again by invoice number and stored.
 */
final class PdfEndpoint {

	public const ACTION = 'libinvoice_pdf';

	public const MANAGER_CAPABILITY = 'edit_shop_orders';

	/** Document states with a document behind them: issued, or issued and later reversed by a storno. */
	public const DOWNLOADABLE_STATES = array( 'issued', 'reversed' );

	public static function register(): void {
		add_action( 'admin_post_' . self::ACTION, array( self::class, 'handle' ) );
		// Anonymous requests land here too, so they get a 403 rather than WordPress's empty 400.
		add_action( 'admin_post_nopriv_' . self::ACTION, array( self::class, 'handle' ) );
	}

	/** A download link for the current user; valid for that user only. */
	public static function url( \WC_Order $order, string $document = 'invoice' ): string {
		return add_query_arg(
			array(
				'action'   => self::ACTION,
				'order_id' => $order->get_id(),
				'document' => $document,
				'_wpnonce' => wp_create_nonce( self::nonce_action( $order->get_id(), $document ) ),
			),
			admin_url( 'admin-post.php' )
		);
	}

	public static function nonce_action( int $order_id, string $document ): string {
		return self::ACTION . '-' . $order_id . '-' . $document;
	}

	/**
	 * Whether a document's state has a PDF to download.
	 *
	 * @param array<string, string> $state one document's OrderState
	 */
	public static function downloadable( array $state ): bool {
		return in_array( $state['state'] ?? '', self::DOWNLOADABLE_STATES, true ) && '' !== (string) ( $state['number'] ?? '' );
	}

	/**
	 * The access decision: a manager, or the customer the order belongs to. A guest order
	 * (customer id 0) belongs to no account, so only managers reach its PDFs.
	 */
	public static function can_download( \WC_Order $order, int $user_id ): bool {
		if ( $user_id <= 0 ) {
			return false;
		}
		return user_can( $user_id, self::MANAGER_CAPABILITY ) || self::is_owner( $order, $user_id );
	}

	/** Whether `$user_id` (a logged-in user) is the order's customer. */
	public static function is_owner( \WC_Order $order, int $user_id ): bool {
		$customer_id = (int) $order->get_customer_id();
		return $user_id > 0 && 0 !== $customer_id && $customer_id === $user_id;
	}

	/** The admin-post.php handler: sends the PDF or an error page, then ends the request. */
	public static function handle(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- respond() verifies the nonce.
		$response = self::respond( wp_unslash( $_GET ) );
		if ( 200 !== $response['status'] ) {
			wp_die( esc_html( $response['body'] ), esc_html__( 'Invoice download', 'libinvoice-woocommerce' ), array( 'response' => (int) $response['status'] ) );
		}
		status_header( 200 );
		foreach ( $response['headers'] as $name => $value ) {
			header( $name . ': ' . $value );
		}
		echo $response['body']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- PDF bytes.
		exit;
	}

	/**
	 * Decides and builds the answer to the current user's download request (no output, so it
	 * can be tested). The nonce is the current user's, so access is decided for that user too.
	 *
	 * @param array<string, mixed> $request the query (order_id, document, _wpnonce), unslashed
	 * @return array{status: int, headers: array<string, string>, body: string}
	 */
	public static function respond( array $request ): array {
		$user_id  = get_current_user_id();
		$order_id = absint( self::field( $request, 'order_id' ) );
		$document = sanitize_key( self::field( $request, 'document' ) );
		$nonce    = sanitize_text_field( self::field( $request, '_wpnonce' ) );

		$forbidden = self::error( 403, __( 'You are not allowed to download this document.', 'libinvoice-woocommerce' ) );
		if ( $user_id <= 0 || ! in_array( $document, OrderState::DOCUMENTS, true ) || ! wp_verify_nonce( $nonce, self::nonce_action( $order_id, $document ) ) ) {
			return $forbidden;
		}
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof \WC_Order || ! self::can_download( $order, $user_id ) ) {
			return $forbidden;
		}

		$state  = OrderState::get( $order, $document );
		$number = (string) ( $state['number'] ?? '' );
		if ( ! self::downloadable( $state ) ) {
			return self::error( 404, __( 'This document has not been issued.', 'libinvoice-woocommerce' ) );
		}
		$pdf = PdfStore::read( (string) ( $state['pdf'] ?? '' ) ) ?? self::fetch_again( $order, $document, $state );
		if ( null === $pdf ) {
			return self::error( 502, __( 'The PDF could not be fetched from the invoicing service. Please try again later.', 'libinvoice-woocommerce' ) );
		}
		return array(
			'status'  => 200,
			'headers' => array(
				'Content-Type'           => 'application/pdf',
				'Content-Disposition'    => 'attachment; filename="' . self::file_name( $number ) . '"',
				'Content-Length'         => (string) strlen( $pdf ),
				'X-Content-Type-Options' => 'nosniff',
				'Cache-Control'          => 'private, no-store, max-age=0',
				'X-Robots-Tag'           => 'noindex, nofollow',
			),
			'body'    => $pdf,
		);
	}

	/**
	 * Fetches a document's PDF from the service by its number and stores it for next time.
	 *
	 * @param array<string, string> $state the document's state (issued, with a number)
	 */
	private static function fetch_again( \WC_Order $order, string $document, array $state ): ?string {
		$number = (string) $state['number'];
		try {
			$client = Clients::for_followups( Settings::load() );
			// A receipt, and the storno of a receipt, are receipts at the service.
			$receipt = 'receipt' === ( $state['kind'] ?? '' )
				|| ( 'storno' === $document && 'receipt' === ( OrderState::get( $order, 'invoice' )['kind'] ?? '' ) );
			if ( $receipt ) {
				$answer = $client->getReceipt( $number, true );
				$pdf    = isset( $answer['pdf_base64'] ) ? base64_decode( (string) $answer['pdf_base64'], true ) : false;
			} else {
				$pdf = $client->invoicePdf( 'number', $number );
			}
		} catch ( LibInvoiceException $e ) {
			Logger::error( sprintf( 'order %d: the PDF of %s %s could not be fetched: %s: %s', $order->get_id(), $document, $number, get_class( $e ), $e->getMessage() ) );
			return null;
		}
		if ( ! is_string( $pdf ) || '' === $pdf ) {
			return null;
		}
		self::keep( $order->get_id(), $document, $number, $pdf );
		return $pdf;
	}

	/**
	 * Stores a fetched PDF and notes its file in the document's state, under the order's lease so
	 * no job's write is lost; when a job holds the order, the PDF is only served this time.
	 */
	private static function keep( int $order_id, string $document, string $number, string $pdf ): void {
		$claim = Claims::acquire( $order_id );
		if ( null === $claim ) {
			return;
		}
		try {
			$order = wc_get_order( $order_id );
			if ( $order instanceof \WC_Order ) {
				$order->read_meta_data( true ); // What a job stored before the lease was ours.
			}
			if ( $order instanceof \WC_Order && ( OrderState::get( $order, $document )['number'] ?? '' ) === $number ) {
				OrderState::update( $order, $document, array( 'pdf' => PdfStore::save( $number, $pdf ) ) );
			}
		} catch ( \RuntimeException $e ) {
			Logger::error( sprintf( 'order %d: the PDF of %s %s was fetched but not stored: %s', $order_id, $document, $number, $e->getMessage() ) );
		} finally {
			Claims::release( $claim );
		}
	}

	/**
	 * One request field as text; anything but a scalar (`order_id[]=…`) is empty.
	 *
	 * @param array<string, mixed> $request
	 */
	private static function field( array $request, string $key ): string {
		return isset( $request[ $key ] ) && is_scalar( $request[ $key ] ) ? (string) $request[ $key ] : '';
	}

	/** The download's file name: the invoice number, safe for a header. */
	private static function file_name( string $number ): string {
		$name = preg_replace( '/[^A-Za-z0-9._-]+/', '-', $number );
		return ( '' === trim( (string) $name, '-' ) ? 'invoice' : $name ) . '.pdf';
	}

	/** @return array{status: int, headers: array<string, string>, body: string} */
	private static function error( int $status, string $message ): array {
		return array(
			'status'  => $status,
			'headers' => array(),
			'body'    => $message,
		);
	}
}
