<?php
/**
 * Order events → queued invoicing tasks.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * Listens to the order's status and payment hooks and only enqueues (no HTTP in the shopper's
 * request). Several hooks fire for one paid order and race; the job's lease and the attempt
 * record make the extra jobs harmless.
 */
final class Automation {

	/**
	 * Invoice states a storno is queued for: issued, or still on its way (the storno job waits
	 * for those). Nothing was issued under the others (none, failed, reversed), and `attention`
	 * is a human's to check; a storno job there would only leave a storno "queued" forever.
	 */
	private const REVERSIBLE = array( 'issued', 'queued', 'unknown', 'retrying' );

	public static function register(): void {
		add_action( 'woocommerce_order_status_changed', array( self::class, 'status_changed' ), 10, 4 );
		add_action( 'woocommerce_payment_complete', array( self::class, 'payment_complete' ), 10, 1 );
	}

	/**
	 * @param int       $order_id
	 * @param string    $from
	 * @param string    $to
	 * @param \WC_Order $order
	 */
	public static function status_changed( $order_id, $from, $to, $order ): void {
		foreach ( self::tasks_for( $order, (string) $to, Settings::load() ) as $task ) {
			Jobs::enqueue( (int) $order_id, $task );
		}
	}

	/** @param int $order_id */
	public static function payment_complete( $order_id ): void {
		$order = wc_get_order( $order_id );
		if ( $order instanceof \WC_Order ) {
			self::status_changed( $order_id, '', $order->get_status(), $order );
		}
	}

	/**
	 * The tasks the settings ask for when `$order` reaches `$status`.
	 *
	 * @return list<string>
	 */
	public static function tasks_for( \WC_Order $order, string $status, Settings $settings ): array {
		$method = (string) $order->get_payment_method();
		$tasks  = array();
		if ( in_array( $status, $settings->list( 'issue_statuses' ), true ) ) {
			$tasks[] = 'invoice';
		}
		if ( 'on-hold' === $status && in_array( $method, $settings->list( 'proforma_methods' ), true ) ) {
			$tasks[] = 'proforma';
		}
		if ( 'completed' === $status && in_array( $method, $settings->list( 'mark_paid_methods' ), true ) ) {
			$tasks[] = 'mark_paid';
		}
		if ( in_array( $status, $settings->list( 'storno_statuses' ), true ) && in_array( OrderState::get( $order, 'invoice' )['state'] ?? 'none', self::REVERSIBLE, true ) ) {
			$tasks[] = 'storno';
		}
		return $tasks;
	}
}
