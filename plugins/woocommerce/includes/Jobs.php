<?php
/**
 * Invoicing off the request path: Action Scheduler jobs that issue exactly once.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

use LibInvoice\Document;
use LibInvoice\Exception as LibInvoiceException;
use LibInvoice\MappingException;

use function LibInvoice\external_id;
use function LibInvoice\map_order;
use function LibInvoice\map_receipt;
use function LibInvoice\new_attempt_record;

defined( 'ABSPATH' ) || exit;

/**
 * Every hook, button and bulk action only enqueues `libinvoice_wc_run` (order id, task); the job
 * takes the order's lease (Claims), reads the attempt record stored there, and runs one step of
 * the core's exactly-once protocol — which stores the record before every send and queries the
 * service before sending again after an uncertain outcome. The outcome goes to order meta and an
 * order note; retry-later and unknown outcomes schedule the job again.
 */
final class Jobs {

	public const HOOK  = 'libinvoice_wc_run';
	public const GROUP = 'libinvoice';

	public const TASKS = array( 'invoice', 'proforma', 'storno', 'mark_paid' );

	/** How long after an uncertain outcome to ask the service again (the core's settle time is 120 s). */
	private const RECONCILE_AFTER = 150;

	/** How long to wait for a lease held by another worker, or for the invoice a storno needs. */
	private const BUSY_RETRY_AFTER = 60;

	public static function register(): void {
		add_action( self::HOOK, array( self::class, 'run' ), 10, 2 );
	}

	/**
	 * Queues a task unless the same one is already due no later; marks the document queued.
	 * A retry scheduled for later does not hold back a click on "reconcile" now.
	 */
	public static function enqueue( int $order_id, string $task, int $delay = 0 ): void {
		$args = array( $order_id, $task );
		// True: one is queued to run as soon as possible, or running.
		$next = as_next_scheduled_action( self::HOOK, $args, self::GROUP );
		if ( true === $next || ( is_int( $next ) && $next <= time() + $delay ) ) {
			return;
		}
		if ( $delay > 0 ) {
			as_schedule_single_action( time() + $delay, self::HOOK, $args, self::GROUP );
		} else {
			as_enqueue_async_action( self::HOOK, $args, self::GROUP );
		}
		$order = wc_get_order( $order_id );
		if ( $order instanceof \WC_Order && 'mark_paid' !== $task && ! isset( OrderState::get( $order, $task )['state'] ) ) {
			OrderState::update( $order, $task, array( 'state' => 'queued' ) );
		}
	}

	/** The Action Scheduler callback. */
	public static function run( int $order_id, string $task ): void {
		if ( ! in_array( $task, self::TASKS, true ) ) {
			return;
		}
		$claim = Claims::acquire( $order_id );
		if ( null === $claim ) {
			Logger::debug( sprintf( 'order %d: another worker holds the order; %s again later', $order_id, $task ) );
			self::schedule_again( $order_id, $task, self::BUSY_RETRY_AFTER );
			return;
		}
		try {
			$order = wc_get_order( $order_id );
			if ( $order instanceof \WC_Order ) {
				// The queue runner handles many jobs in one request and WooCommerce caches orders
				// for the request: read the meta again now that the lease is ours.
				$order->read_meta_data( true );
				$settings = Settings::load();
				match ( $task ) {
					'invoice', 'proforma' => self::issue( $order, $claim, $settings, $task ),
					'storno' => self::reverse( $order, $claim, $settings ),
					'mark_paid' => self::mark_paid( $order, $settings ),
				};
			}
		} catch ( LibInvoiceException $e ) {
			self::failed( $order_id, $task, $e );
		} finally {
			Claims::release( $claim );
		}
	}

	/** Issues the order's invoice (or receipt) or proforma. */
	private static function issue( \WC_Order $order, Claim $claim, Settings $settings, string $task ): void {
		if ( 'issued' === ( OrderState::get( $order, $task )['state'] ?? '' ) ) {
			return;
		}
		$entry = $claim->record( $task );
		if ( self::needs_fresh_record( $entry ) ) {
			$entry = self::prepare( $order, $settings, $task, (int) ( $entry['generation'] ?? 0 ) );
			if ( ! $claim->put( $task, $entry ) ) {
				return;
			}
			// What the shop saw of an earlier (reversed or refused) document no longer applies.
			OrderState::update(
				$order,
				$task,
				array(
					'state'       => 'queued',
					'kind'        => $entry['kind'],
					'number'      => null,
					'net_total'   => null,
					'gross_total' => null,
					'pdf'         => null,
					'paid_at'     => null,
					'message'     => null,
				)
			);
		}
		$persist = static fn ( array $record ): bool => $claim->put( $task, array( 'record' => $record ) + $entry );

		if ( 'receipt' === $entry['kind'] ) {
			$step = Clients::for_followups( $settings )->issueReceipt( $entry['receipt'], $entry['record'], $persist );
		} else {
			$document = Document::fromArray( $entry['document'] );
			if ( 'invoice' === $task ) {
				[ $client, $transaction ] = Clients::for_invoice( $settings, $order );
			} else {
				[ $client, $transaction ] = array( Clients::for_followups( $settings ), null );
			}
			$step = null === $transaction
				? $client->issue( $document, $entry['record'], $persist )
				: $client->issuePayBill( $transaction, $document, $entry['record'], $persist );
		}
		self::settle( $order, $task, $step['outcome'], $entry['kind'] );
	}

	/**
	 * Maps the order and starts a fresh attempt record for it: a receipt where the shop gives
	 * private buyers receipts and the core can make one of this order, else an invoice.
	 *
	 * @return array<string, mixed>
	 */
	private static function prepare( \WC_Order $order, Settings $settings, string $task, int $generation ): array {
		$order_array = OrderAdapter::to_rest_array( $order );
		$receipt     = 'invoice' === $task ? self::receipt_of( $order_array, $settings ) : null;
		if ( null !== $receipt ) {
			$kind    = 'receipt';
			$purpose = 'receipt';
			$entry   = array( 'receipt' => $receipt );
		} else {
			$kind     = 'proforma' === $task ? 'proforma' : 'invoice';
			$purpose  = array( 'issue' => array( 'type' => $kind ) );
			$document = map_order( $order_array, $settings->core_settings(), 'woocommerce', array( 'kind' => array( 'type' => $kind ) ) );
			$entry    = array( 'document' => $document->toJson() );
		}
		return $entry + array(
			'generation' => $generation,
			'kind'       => $kind,
			'record'     => new_attempt_record( external_id( Settings::shop_id(), (string) $order->get_id(), $purpose, $generation ), (string) $order->get_order_number() ),
		);
	}

	/**
	 * The receipt request for a private buyer's order, or null when the order gets an invoice:
	 * receipts are off, the backend has no receipts (Számlahegy), or the core refuses a receipt
	 * for this order (a business buyer, an OSS rate, a payable correction — an invoice can carry
	 * each). A refusal of the shop's own receipt settings is an error to fix, not an invoice.
	 *
	 * @param array<string, mixed> $order_array
	 * @return array<string, mixed>|null
	 */
	private static function receipt_of( array $order_array, Settings $settings ): ?array {
		if ( ! $settings->enabled( 'receipt_for_private' ) || 'szamlahegy' === $settings->get( 'backend' ) ) {
			return null;
		}
		try {
			return map_receipt( $order_array, $settings->core_settings() );
		} catch ( MappingException $e ) {
			if ( str_starts_with( (string) $e->fieldPath, 'settings.' ) ) {
				throw $e;
			}
			return null;
		}
	}

	/**
	 * A new attempt record is started only where nothing can have been issued under the old
	 * one: there is none yet, or the service refused it (the core's "fix the input and start a
	 * new record"). Every other state continues, so an uncertain send is looked up first.
	 *
	 * @param array<string, mixed> $entry
	 */
	private static function needs_fresh_record( array $entry ): bool {
		return ! isset( $entry['record'] ) || 'rejected' === ( $entry['record']['state'] ?? '' );
	}

	/** Reverses the order's issued invoice; once reversed, a later invoice is a new generation. */
	private static function reverse( \WC_Order $order, Claim $claim, Settings $settings ): void {
		$invoice = OrderState::get( $order, 'invoice' );
		$state   = $invoice['state'] ?? 'none';
		if ( 'issued' !== $state ) {
			if ( in_array( $state, array( 'queued', 'unknown', 'retrying' ), true ) ) {
				self::schedule_again( $order->get_id(), 'storno', self::BUSY_RETRY_AFTER );
			} elseif ( 'queued' === ( OrderState::get( $order, 'storno' )['state'] ?? '' ) ) {
				// The invoice failed or was reversed meanwhile: nothing is left to reverse.
				OrderState::update( $order, 'storno', array( 'state' => null ) );
			}
			return;
		}
		$generation = (int) ( $claim->record( 'invoice' )['generation'] ?? 0 );
		if ( 'receipt' === ( $invoice['kind'] ?? 'invoice' ) ) {
			self::reverse_receipt( $order, $claim, $settings, (string) $invoice['number'], $generation );
			return;
		}
		$entry = $claim->record( 'storno' );
		if ( self::needs_fresh_record( $entry ) || (int) $entry['generation'] !== $generation ) {
			$entry = array(
				'generation' => $generation,
				'record'     => new_attempt_record( external_id( Settings::shop_id(), (string) $order->get_id(), 'storno', $generation ), (string) $order->get_order_number() ),
			);
			OrderState::update( $order, 'storno', array( 'state' => 'queued' ) );
			if ( ! $claim->put( 'storno', $entry ) ) {
				return;
			}
		}
		$persist = static fn ( array $record ): bool => $claim->put( 'storno', array( 'record' => $record ) + $entry );
		// Számlahegy cancels the original's rows, so it needs the document itself.
		$original = $claim->record( 'invoice' )['document'] ?? null;
		$step     = Clients::for_followups( $settings )->reverse(
			(string) $invoice['number'],
			$settings->enabled( 'e_invoice' ),
			$entry['record'],
			$persist,
			null === $original ? null : Document::fromArray( $original )
		);
		self::settle( $order, 'storno', $step['outcome'], 'storno' );
		if ( 'issued' === $step['outcome']['outcome'] ) {
			self::start_next_generation( $order, $claim, $generation );
		}
	}

	/** After a storno the order may be invoiced again, under a new external id. */
	private static function start_next_generation( \WC_Order $order, Claim $claim, int $generation ): void {
		$claim->put( 'invoice', array( 'generation' => $generation + 1 ) );
		OrderState::update( $order, 'invoice', array( 'state' => 'reversed' ) );
	}

	/**
	 * Reverses a receipt. The Agent has no exactly-once protocol for this; it refuses to
	 * reverse a receipt twice, so a repeated job fails visibly instead of reversing again.
	 */
	private static function reverse_receipt( \WC_Order $order, Claim $claim, Settings $settings, string $number, int $generation ): void {
		$answer = Clients::for_followups( $settings )->reverseReceipt( $number, true );
		self::settle(
			$order,
			'storno',
			array(
				'outcome'     => 'issued',
				'number'      => $answer['receipt']['number'] ?? $number,
				'net_total'   => $answer['receipt']['net_total'] ?? null,
				'gross_total' => $answer['receipt']['gross_total'] ?? null,
				'pdf_base64'  => $answer['pdf_base64'] ?? null,
			),
			'storno_receipt'
		);
		self::start_next_generation( $order, $claim, $generation );
	}

	/** Registers the invoice's gross total as paid today (replacing earlier entries: repeatable). */
	private static function mark_paid( \WC_Order $order, Settings $settings ): void {
		$invoice = OrderState::get( $order, 'invoice' );
		if ( 'issued' !== ( $invoice['state'] ?? '' ) || isset( $invoice['paid_at'] ) || 'invoice' !== ( $invoice['kind'] ?? 'invoice' ) ) {
			return;
		}
		$today = wp_date( 'Y-m-d' );
		Clients::for_followups( $settings )->registerPayment(
			array(
				'invoice_number' => $invoice['number'],
				'additive'       => false,
				'entries'        => array(
					array(
						'date'   => $today,
						'title'  => $order->get_payment_method_title() ?: $order->get_payment_method(),
						'amount' => $invoice['gross_total'],
					),
				),
			)
		);
		OrderState::update( $order, 'invoice', array( 'paid_at' => $today ) );
		/* translators: %s: invoice number */
		$order->add_order_note( sprintf( __( 'Invoice %s marked as paid.', 'libinvoice-woocommerce' ), $invoice['number'] ) );
	}

	/**
	 * Records an outcome of the core's protocol and decides what happens next.
	 *
	 * @param array<string, mixed> $outcome
	 */
	private static function settle( \WC_Order $order, string $task, array $outcome, string $kind ): void {
		$label = Labels::document( $task, $kind );
		switch ( $outcome['outcome'] ) {
			case 'issued':
				OrderState::update(
					$order,
					$task,
					array(
						'state'       => 'issued',
						'kind'        => $kind,
						'number'      => $outcome['number'],
						'net_total'   => $outcome['net_total'],
						'gross_total' => $outcome['gross_total'],
						'pdf'         => isset( $outcome['pdf_base64'] ) ? PdfStore::save( $outcome['number'], base64_decode( $outcome['pdf_base64'] ) ) : null,
						'message'     => null,
					)
				);
				/* translators: 1: document (invoice, proforma, storno invoice), 2: its number */
				$order->add_order_note( sprintf( __( '%1$s %2$s issued.', 'libinvoice-woocommerce' ), $label, $outcome['number'] ) );
				Logger::info( sprintf( 'order %d: %s %s issued', $order->get_id(), $kind, $outcome['number'] ) );
				AccountProblem::clear();
				break;
			case 'rejected':
				$message = sprintf( '%s: %s', $outcome['code'] ?? '-', $outcome['message'] );
				OrderState::update( $order, $task, array( 'state' => 'failed', 'message' => $message ) );
				/* translators: 1: document, 2: the service's code and message */
				$order->add_order_note( sprintf( __( '%1$s refused by the service (%2$s). Nothing was issued; fix the cause and issue it again.', 'libinvoice-woocommerce' ), $label, $message ) );
				Logger::error( sprintf( 'order %d: %s refused: %s', $order->get_id(), $kind, $message ) );
				if ( ! empty( $outcome['account_problem'] ) ) {
					AccountProblem::record( (int) $outcome['code'], (string) $outcome['message'] );
				}
				break;
			case 'unknown':
				OrderState::update( $order, $task, array( 'state' => 'unknown', 'message' => $outcome['reason'] ) );
				/* translators: 1: document, 2: what went wrong */
				$order->add_order_note( sprintf( __( '%1$s: no answer from the service (%2$s). It will be looked up before anything is sent again.', 'libinvoice-woocommerce' ), $label, $outcome['reason'] ) );
				Logger::error( sprintf( 'order %d: %s outcome unknown: %s', $order->get_id(), $kind, $outcome['reason'] ) );
				self::schedule_again( $order->get_id(), $task, self::RECONCILE_AFTER );
				break;
			case 'retry_later':
				$at = max( time() + 1, (int) strtotime( (string) $outcome['not_before'] ) );
				OrderState::update( $order, $task, array( 'state' => 'retrying', 'message' => null ) );
				/* translators: 1: document, 2: a time */
				$order->add_order_note( sprintf( __( '%1$s: the service is not available; trying again after %2$s.', 'libinvoice-woocommerce' ), $label, wp_date( 'Y-m-d H:i', $at ) ) );
				self::schedule_again( $order->get_id(), $task, $at - time() );
				break;
			case 'send_limit_reached':
				OrderState::update( $order, $task, array( 'state' => 'attention' ) );
				/* translators: %s: document */
				$order->add_order_note( sprintf( __( '%s: sent five times without a certain outcome. Check Számlázz.hu before issuing it by hand.', 'libinvoice-woocommerce' ), $label ) );
				Logger::error( sprintf( 'order %d: %s send limit reached', $order->get_id(), $kind ) );
				break;
		}
	}

	/**
	 * A failure before anything was sent (mapping, configuration, a refused payment entry):
	 * noted for a human. A failed payment entry leaves the issued invoice's state alone.
	 */
	private static function failed( int $order_id, string $task, LibInvoiceException $e ): void {
		$message = $e instanceof MappingException && null !== $e->fieldPath
			? $e->getMessage()
			: get_class( $e ) . ': ' . $e->getMessage();
		$message = Logger::redact( $message );
		Logger::error( sprintf( 'order %d: %s', $order_id, $message ) );
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		if ( 'mark_paid' === $task ) {
			/* translators: %s: the reason */
			$order->add_order_note( sprintf( __( 'Marking the invoice paid failed: %s', 'libinvoice-woocommerce' ), $message ) );
			return;
		}
		OrderState::update( $order, $task, array( 'state' => 'failed', 'message' => $message ) );
		/* translators: %s: the reason */
		$order->add_order_note( sprintf( __( 'Invoicing stopped: %s', 'libinvoice-woocommerce' ), $message ) );
	}

	private static function schedule_again( int $order_id, string $task, int $delay ): void {
		as_schedule_single_action( time() + max( 1, $delay ), self::HOOK, array( $order_id, $task ), self::GROUP );
	}
}
