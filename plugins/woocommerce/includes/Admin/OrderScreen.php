<?php
/**
 * The order edit screen's "Invoices" box and its buttons.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce\Admin;

use Automattic\WooCommerce\Utilities\OrderUtil;
use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\Logger;
use LibInvoice\WooCommerce\OrderState;
use LibInvoice\WooCommerce\PdfEndpoint;

use LibInvoice\WooCommerce\Labels;

defined( 'ABSPATH' ) || exit;

/**
 * Shows each document's state, number, totals and message, with buttons that go to
 * `admin-post.php?action=libinvoice_order_action`. The handler checks the nonce and the
 * capability and does nothing but `Jobs::enqueue()`: what the job then does — issue, look the
 * document up before any resend, or nothing because it is already issued — is the job's and the
 * core's decision.
 */
final class OrderScreen {

	public const ACTION     = 'libinvoice_order_action';
	public const CAPABILITY = 'edit_shop_orders';

	/** The query argument that brings the "queued" notice back to the order screen. */
	public const NOTICE_ARG = 'libinvoice_queued';

	/** What a button can ask for; `reconcile` runs the task of its `document` again. */
	public const TASKS = array( 'invoice', 'proforma', 'storno', 'mark_paid', 'reconcile' );

	public static function register(): void {
		add_action( 'add_meta_boxes', array( self::class, 'add_meta_box' ), 30 );
		add_action( 'admin_post_' . self::ACTION, array( self::class, 'handle' ) );
		add_action( 'admin_notices', array( self::class, 'queued_notice' ) );
		add_filter( 'removable_query_args', array( self::class, 'removable_query_args' ) );
	}

	/** On the order edit screen: the HPOS page's screen id, or `shop_order` with posts storage. */
	public static function add_meta_box(): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			return;
		}
		add_meta_box(
			'libinvoice-documents',
			__( 'Invoices', 'libinvoice-woocommerce' ),
			array( self::class, 'render' ),
			wc_get_page_screen_id( 'shop-order' ),
			'side',
			'high'
		);
	}

	/**
	 * The box: one section per document that exists or can be asked for.
	 *
	 * @param \WP_Post|\WC_Order $post_or_order the post (posts storage) or the order (HPOS)
	 */
	public static function render( $post_or_order ): void {
		$order = $post_or_order instanceof \WP_Post ? wc_get_order( $post_or_order->ID ) : $post_or_order;
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		$invoiced = isset( OrderState::get( $order, 'invoice' )['state'] );
		echo '<div class="libinvoice-documents">';
		foreach ( OrderState::DOCUMENTS as $document ) {
			$state = OrderState::get( $order, $document );
			// A storno shows once asked for; a proforma offer is left out once the invoice is under way.
			if ( ! isset( $state['state'] ) && ( 'storno' === $document || ( 'proforma' === $document && $invoiced ) ) ) {
				continue;
			}
			self::render_document( $order, $document, $state );
		}
		echo '</div>';
	}

	/**
	 * @param array<string, string> $state
	 */
	private static function render_document( \WC_Order $order, string $document, array $state ): void {
		$current  = $state['state'] ?? 'none';
		$currency = $order->get_currency();

		echo '<div class="libinvoice-document" style="margin-bottom:1em">';
		printf(
			'<p><strong>%1$s</strong> %2$s</p>',
			esc_html( Labels::document( $document, $state['kind'] ?? '' ) ),
			Labels::badge( $current ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by Labels::badge().
		);
		// A number left from a reversed invoice is not shown beside a later attempt's state.
		if ( PdfEndpoint::downloadable( $state ) ) {
			echo '<p>';
			/* translators: %s: the document's number */
			echo esc_html( sprintf( __( 'Number: %s', 'libinvoice-woocommerce' ), $state['number'] ) );
			if ( isset( $state['net_total'], $state['gross_total'] ) ) {
				echo '<br />';
				/* translators: 1: net total, 2: gross total, 3: currency code */
				echo esc_html( sprintf( __( 'Net %1$s %3$s, gross %2$s %3$s', 'libinvoice-woocommerce' ), $state['net_total'], $state['gross_total'], $currency ) );
			}
			if ( isset( $state['paid_at'] ) ) {
				echo '<br />';
				/* translators: %s: a date */
				echo esc_html( sprintf( __( 'Marked paid on %s', 'libinvoice-woocommerce' ), $state['paid_at'] ) );
			}
			echo '</p>';
		}
		if ( isset( $state['message'] ) && '' !== $state['message'] ) {
			printf( '<p class="description">%s</p>', esc_html( Logger::redact( $state['message'] ) ) );
		}

		$buttons = self::buttons( $order, $document, $state );
		if ( $buttons ) {
			echo '<p>' . implode( ' ', $buttons ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built escaped in buttons().
		}
		echo '</div>';
	}

	/**
	 * The buttons a document's state offers (each only enqueues; the job decides).
	 *
	 * @param array<string, string> $state
	 * @return list<string> escaped HTML
	 */
	private static function buttons( \WC_Order $order, string $document, array $state ): array {
		$current = $state['state'] ?? 'none';
		$id      = $order->get_id();
		$buttons = array();

		if ( PdfEndpoint::downloadable( $state ) ) {
			$buttons[] = self::link( PdfEndpoint::url( $order, $document ), __( 'Download PDF', 'libinvoice-woocommerce' ) );
		}
		if ( 'issued' === $current ) {
			if ( 'invoice' === $document ) {
				if ( ! isset( $state['paid_at'] ) && 'receipt' !== ( $state['kind'] ?? 'invoice' ) ) {
					$buttons[] = self::link( self::url( $id, 'mark_paid' ), __( 'Mark paid', 'libinvoice-woocommerce' ) );
				}
				$buttons[] = self::link(
					self::url( $id, 'storno' ),
					__( 'Storno', 'libinvoice-woocommerce' ),
					__( 'Reverse this document with a storno?', 'libinvoice-woocommerce' )
				);
			}
			return $buttons;
		}
		if ( in_array( $current, array( 'queued', 'unknown', 'retrying', 'attention' ), true ) ) {
			$buttons[] = self::link( self::url( $id, 'reconcile', $document ), __( 'Reconcile', 'libinvoice-woocommerce' ) );
			return $buttons;
		}
		// Nothing issued yet, the service refused (a new attempt starts), or reversed (a new invoice).
		$again = in_array( $current, array( 'failed', 'reversed' ), true );
		if ( 'invoice' === $document ) {
			$buttons[] = self::link( self::url( $id, 'invoice' ), $again ? __( 'Issue invoice again', 'libinvoice-woocommerce' ) : __( 'Issue invoice now', 'libinvoice-woocommerce' ) );
		} elseif ( 'proforma' === $document ) {
			$buttons[] = self::link( self::url( $id, 'proforma' ), $again ? __( 'Issue proforma again', 'libinvoice-woocommerce' ) : __( 'Issue proforma', 'libinvoice-woocommerce' ) );
		}
		// A refused storno is asked for again with the invoice's Storno button.
		return $buttons;
	}

	private static function link( string $url, string $label, string $confirm = '' ): string {
		return sprintf(
			'<a class="button" href="%1$s"%2$s>%3$s</a>',
			esc_url( $url ),
			'' === $confirm ? '' : ' onclick="return window.confirm(\'' . esc_js( $confirm ) . '\');"',
			esc_html( $label )
		);
	}

	/** A button's address: admin-post.php with the order, the task and a nonce for this order. */
	public static function url( int $order_id, string $task, string $document = '' ): string {
		return add_query_arg(
			array_filter(
				array(
					'action'   => self::ACTION,
					'order_id' => $order_id,
					'task'     => $task,
					'document' => $document,
					'_wpnonce' => wp_create_nonce( self::nonce_action( $order_id ) ),
				)
			),
			admin_url( 'admin-post.php' )
		);
	}

	public static function nonce_action( int $order_id ): string {
		return self::ACTION . '-' . $order_id;
	}

	/** The admin-post.php handler. */
	public static function handle(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- process() verifies the nonce.
		$result = self::process( wp_unslash( $_REQUEST ) );
		if ( 'queued' !== $result['result'] ) {
			wp_die( esc_html( $result['message'] ), esc_html__( 'Invoices', 'libinvoice-woocommerce' ), array( 'response' => (int) $result['status'], 'back_link' => true ) );
		}
		wp_safe_redirect( $result['redirect'] );
		exit;
	}

	/**
	 * Checks one button's request and enqueues its job (no output, so it can be tested).
	 *
	 * @param array<string, mixed> $request order_id, task, document (for reconcile), _wpnonce; unslashed
	 * @return array{result: string, status: int, message: string, task?: string, redirect?: string}
	 */
	public static function process( array $request ): array {
		$order_id = absint( self::field( $request, 'order_id' ) );
		$task     = sanitize_key( self::field( $request, 'task' ) );
		$document = sanitize_key( self::field( $request, 'document' ) );

		if ( ! wp_verify_nonce( sanitize_text_field( self::field( $request, '_wpnonce' ) ), self::nonce_action( $order_id ) ) ) {
			return self::refused( 'nonce', 403, __( 'The link has expired. Go back, reload the order and try again.', 'libinvoice-woocommerce' ) );
		}
		if ( ! current_user_can( self::CAPABILITY ) ) {
			return self::refused( 'capability', 403, __( 'You are not allowed to invoice orders.', 'libinvoice-woocommerce' ) );
		}
		$job   = 'reconcile' === $task ? $document : $task;
		$known = 'reconcile' === $task ? in_array( $document, OrderState::DOCUMENTS, true ) : in_array( $task, self::TASKS, true );
		if ( ! $known || ! in_array( $job, Jobs::TASKS, true ) ) {
			return self::refused( 'task', 400, __( 'Unknown invoicing task.', 'libinvoice-woocommerce' ) );
		}
		if ( ! wc_get_order( $order_id ) instanceof \WC_Order ) {
			return self::refused( 'order', 404, __( 'The order does not exist.', 'libinvoice-woocommerce' ) );
		}
		Jobs::enqueue( $order_id, $job );
		return array(
			'result'   => 'queued',
			'status'   => 302,
			'message'  => self::queued_message( $task ),
			'task'     => $task,
			'redirect' => add_query_arg( self::NOTICE_ARG, $task, self::edit_url( $order_id ) ),
		);
	}

	/** @return array{result: string, status: int, message: string} */
	private static function refused( string $why, int $status, string $message ): array {
		return array(
			'result'  => $why,
			'status'  => $status,
			'message' => $message,
		);
	}

	/**
	 * One request field as text; anything but a scalar is empty.
	 *
	 * @param array<string, mixed> $request
	 */
	private static function field( array $request, string $key ): string {
		return isset( $request[ $key ] ) && is_scalar( $request[ $key ] ) ? (string) $request[ $key ] : '';
	}

	/** The order's edit screen, with HPOS or posts storage. */
	public static function edit_url( int $order_id ): string {
		if ( class_exists( OrderUtil::class ) && method_exists( OrderUtil::class, 'get_order_admin_edit_url' ) ) {
			return OrderUtil::get_order_admin_edit_url( $order_id );
		}
		return admin_url( 'post.php?post=' . $order_id . '&action=edit' );
	}

	/** After a button: what was queued, on the order screen. */
	public static function queued_notice(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only chooses a fixed message.
		$task = isset( $_GET[ self::NOTICE_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::NOTICE_ARG ] ) ) : '';
		if ( ! in_array( $task, self::TASKS, true ) || ! current_user_can( self::CAPABILITY ) ) {
			return;
		}
		printf( '<div class="notice notice-success is-dismissible"><p>%s</p></div>', esc_html( self::queued_message( $task ) ) );
	}

	private static function queued_message( string $task ): string {
		return match ( $task ) {
			'invoice' => __( 'The invoice is queued. Its outcome appears in the Invoices box and in the order notes.', 'libinvoice-woocommerce' ),
			'proforma' => __( 'The proforma invoice is queued. Its outcome appears in the Invoices box and in the order notes.', 'libinvoice-woocommerce' ),
			'storno' => __( 'The storno is queued. Its outcome appears in the Invoices box and in the order notes.', 'libinvoice-woocommerce' ),
			'mark_paid' => __( 'Marking the invoice paid is queued.', 'libinvoice-woocommerce' ),
			default => __( 'Reconciliation is queued: the service is asked about the document before anything is sent again.', 'libinvoice-woocommerce' ),
		};
	}

	/**
	 * @param list<string> $args
	 * @return list<string>
	 */
	public static function removable_query_args( $args ): array {
		$args   = is_array( $args ) ? $args : array();
		$args[] = self::NOTICE_ARG;
		return $args;
	}
}
