<?php
/**
 * The orders list: an Invoice column, a "needs attention" filter and an "Issue invoices" bulk
 * action with its progress.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce\Admin;

use Automattic\WooCommerce\Utilities\OrderUtil;
use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\OrderState;
use LibInvoice\WooCommerce\PdfEndpoint;

use LibInvoice\WooCommerce\Labels;

defined( 'ABSPATH' ) || exit;

/**
 * Hooks both orders lists: the HPOS page (`woocommerce_page_wc-orders`) and, with posts storage,
 * `edit.php?post_type=shop_order`. The bulk action only enqueues one job per order and remembers
 * the batch for the user; the progress notice counts the batch's orders by their OrderState on
 * every load of the orders screen.
 */
final class OrderList {

	public const CAPABILITY  = 'edit_shop_orders';
	public const COLUMN      = 'libinvoice';
	public const BULK_ACTION = 'libinvoice_issue_invoices';

	/** The filter's query argument and its one value. */
	public const FILTER_ARG       = 'libinvoice_filter';
	public const FILTER_ATTENTION = 'attention';

	/** The user's current bulk batch: `['ids' => int[], 'started' => unix time]`. */
	public const BATCH_META = 'libinvoice_wc_batch';

	/** A batch is forgotten after a day even if some of its jobs never finish. */
	private const BATCH_TTL = DAY_IN_SECONDS;

	/** Orders-list screen ids: HPOS, and posts storage. */
	private const HPOS_SCREEN  = 'woocommerce_page_wc-orders';
	private const POSTS_SCREEN = 'edit-shop_order';

	public static function register(): void {
		// HPOS orders page.
		add_filter( 'manage_' . self::HPOS_SCREEN . '_columns', array( self::class, 'add_column' ), 20 );
		add_action( 'manage_' . self::HPOS_SCREEN . '_custom_column', array( self::class, 'render_column' ), 10, 2 );
		add_filter( 'bulk_actions-' . self::HPOS_SCREEN, array( self::class, 'add_bulk_action' ) );
		add_filter( 'handle_bulk_actions-' . self::HPOS_SCREEN, array( self::class, 'handle_bulk_action' ), 10, 3 );
		add_action( 'woocommerce_order_list_table_restrict_manage_orders', array( self::class, 'render_filter' ), 20, 2 );
		add_filter( 'woocommerce_order_list_table_prepare_items_query_args', array( self::class, 'filter_list_query' ) );

		// Posts storage (HPOS off).
		add_filter( 'manage_edit-shop_order_columns', array( self::class, 'add_column' ), 20 );
		add_action( 'manage_shop_order_posts_custom_column', array( self::class, 'render_column' ), 10, 2 );
		add_filter( 'bulk_actions-' . self::POSTS_SCREEN, array( self::class, 'add_bulk_action' ) );
		add_filter( 'handle_bulk_actions-' . self::POSTS_SCREEN, array( self::class, 'handle_bulk_action' ), 10, 3 );
		add_action( 'restrict_manage_posts', array( self::class, 'render_filter' ), 20, 2 );
		add_filter( 'request', array( self::class, 'filter_posts_request' ), 20 );

		// wc_get_orders() with posts storage does not take a meta_query: translate our own query var.
		add_filter( 'woocommerce_order_data_store_cpt_get_orders_query', array( self::class, 'filter_cpt_orders_query' ), 10, 2 );

		add_action( 'admin_notices', array( self::class, 'batch_notice' ) );
	}

	// Column.

	/**
	 * @param array<string, string> $columns
	 * @return array<string, string>
	 */
	public static function add_column( $columns ): array {
		$columns = is_array( $columns ) ? $columns : array();
		$added   = array();
		foreach ( $columns as $key => $label ) {
			if ( 'wc_actions' === $key ) {
				$added[ self::COLUMN ] = __( 'Invoice', 'libinvoice-woocommerce' );
			}
			$added[ $key ] = $label;
		}
		if ( ! isset( $added[ self::COLUMN ] ) ) {
			$added[ self::COLUMN ] = __( 'Invoice', 'libinvoice-woocommerce' );
		}
		return $added;
	}

	/**
	 * The invoice number linking to its PDF, or the order's invoicing state.
	 *
	 * @param string        $column
	 * @param \WC_Order|int $order_or_id the order (HPOS) or the post id (posts storage)
	 */
	public static function render_column( $column, $order_or_id ): void {
		if ( self::COLUMN !== $column ) {
			return;
		}
		$order = $order_or_id instanceof \WC_Order ? $order_or_id : wc_get_order( (int) $order_or_id );
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		$status  = OrderState::status( $order );
		$invoice = OrderState::get( $order, 'invoice' );
		$shown   = array();
		if ( PdfEndpoint::downloadable( $invoice ) ) {
			$shown[] = sprintf(
				'<a href="%1$s" aria-label="%2$s">%3$s</a>',
				esc_url( PdfEndpoint::url( $order, 'invoice' ) ),
				/* translators: %s: invoice number */
				esc_attr( sprintf( __( 'Download invoice %s', 'libinvoice-woocommerce' ), $invoice['number'] ) ),
				esc_html( $invoice['number'] )
			);
		}
		// The order's summary (reversed, or a document needing attention) unless the number says it all.
		if ( ! in_array( $status, array( 'none', 'issued' ), true ) ) {
			$shown[] = Labels::badge( $status );
		}
		if ( ! $shown ) {
			$shown[] = '<span aria-hidden="true">&ndash;</span><span class="screen-reader-text">' . esc_html( Labels::state( 'none' ) ) . '</span>';
		}
		echo implode( ' ', $shown ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped above and by Labels::badge().
	}

	// Filter.

	/**
	 * The "needs attention" choice above the list.
	 *
	 * @param string $type  order type (HPOS) or post type (posts storage)
	 * @param string $which 'top' or 'bottom'
	 */
	public static function render_filter( $type = '', $which = 'top' ): void {
		if ( 'shop_order' !== $type || 'top' !== $which ) {
			return;
		}
		$current = self::requested_filter();
		printf(
			'<select name="%1$s" id="libinvoice-filter"><option value="">%2$s</option><option value="%3$s"%4$s>%5$s</option></select>',
			esc_attr( self::FILTER_ARG ),
			esc_html__( 'All invoice states', 'libinvoice-woocommerce' ),
			esc_attr( self::FILTER_ATTENTION ),
			selected( $current, self::FILTER_ATTENTION, false ),
			esc_html__( 'Invoice needs attention', 'libinvoice-woocommerce' )
		);
	}

	/** The meta_query clause of orders a human has to look at. */
	public static function attention_meta_query(): array {
		return array(
			'key'     => OrderState::STATUS_META,
			'value'   => OrderState::NEEDS_ATTENTION,
			'compare' => 'IN',
		);
	}

	/**
	 * HPOS list: `wc_get_orders()` arguments, narrowed when the filter is chosen.
	 *
	 * @param array<string, mixed> $args
	 * @return array<string, mixed>
	 */
	public static function filter_list_query( $args ): array {
		$args = is_array( $args ) ? $args : array();
		if ( self::FILTER_ATTENTION === self::requested_filter() ) {
			$args['meta_query']   = isset( $args['meta_query'] ) && is_array( $args['meta_query'] ) ? $args['meta_query'] : array(); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
			$args['meta_query'][] = self::attention_meta_query();
		}
		return $args;
	}

	/**
	 * Posts-storage list: the WP_Query variables, narrowed when the filter is chosen.
	 *
	 * @param array<string, mixed> $query_vars
	 * @return array<string, mixed>
	 */
	public static function filter_posts_request( $query_vars ): array {
		$query_vars = is_array( $query_vars ) ? $query_vars : array();
		global $typenow;
		if ( 'shop_order' !== $typenow || ! is_admin() || self::FILTER_ATTENTION !== self::requested_filter() ) {
			return $query_vars;
		}
		$query_vars['meta_query']   = isset( $query_vars['meta_query'] ) && is_array( $query_vars['meta_query'] ) ? $query_vars['meta_query'] : array(); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
		$query_vars['meta_query'][] = self::attention_meta_query();
		return $query_vars;
	}

	/**
	 * `wc_get_orders()` with posts storage: `libinvoice_needs_attention => true` becomes the meta query.
	 *
	 * @param array<string, mixed> $wp_query_args
	 * @param array<string, mixed> $query_vars
	 * @return array<string, mixed>
	 */
	public static function filter_cpt_orders_query( $wp_query_args, $query_vars ): array {
		$wp_query_args = is_array( $wp_query_args ) ? $wp_query_args : array();
		if ( is_array( $query_vars ) && ! empty( $query_vars['libinvoice_needs_attention'] ) ) {
			$wp_query_args['meta_query']   = isset( $wp_query_args['meta_query'] ) && is_array( $wp_query_args['meta_query'] ) ? $wp_query_args['meta_query'] : array(); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
			$wp_query_args['meta_query'][] = self::attention_meta_query();
		}
		return $wp_query_args;
	}

	/** How many orders need attention, with either storage. */
	public static function count_needing_attention(): int {
		$args = array(
			'type'     => 'shop_order',
			'status'   => 'any',
			'limit'    => 1,
			'paginate' => true,
			'return'   => 'ids',
		);
		if ( self::hpos() ) {
			$args['meta_query'] = array( self::attention_meta_query() ); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
		} else {
			$args['libinvoice_needs_attention'] = true;
		}
		$result = wc_get_orders( $args );
		return is_object( $result ) && isset( $result->total ) ? (int) $result->total : 0;
	}

	/** The orders list, filtered to the orders needing attention. */
	public static function attention_url(): string {
		$base = self::hpos() ? admin_url( 'admin.php?page=wc-orders' ) : admin_url( 'edit.php?post_type=shop_order' );
		return add_query_arg( self::FILTER_ARG, self::FILTER_ATTENTION, $base );
	}

	private static function requested_filter(): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a list filter, read only.
		return isset( $_GET[ self::FILTER_ARG ] ) && is_string( $_GET[ self::FILTER_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::FILTER_ARG ] ) ) : '';
	}

	private static function hpos(): bool {
		return class_exists( OrderUtil::class ) && OrderUtil::custom_orders_table_usage_is_enabled();
	}

	// Bulk action.

	/**
	 * @param array<string, string> $actions
	 * @return array<string, string>
	 */
	public static function add_bulk_action( $actions ): array {
		$actions = is_array( $actions ) ? $actions : array();
		if ( current_user_can( self::CAPABILITY ) ) {
			$actions[ self::BULK_ACTION ] = __( 'Issue invoices', 'libinvoice-woocommerce' );
		}
		return $actions;
	}

	/**
	 * Enqueues one invoice job per selected order and remembers them as the user's batch.
	 * WooCommerce (HPOS: `bulk-orders`) and WordPress (posts: `bulk-posts`) check the list's nonce
	 * before this filter runs; it is checked again here, with the capability, so the handler is
	 * safe whoever calls it.
	 *
	 * @param string     $redirect_to
	 * @param string     $action
	 * @param array<int> $ids
	 */
	public static function handle_bulk_action( $redirect_to, $action, $ids ): string {
		$redirect_to = (string) $redirect_to;
		if ( self::BULK_ACTION !== $action ) {
			return $redirect_to;
		}
		if ( ! self::bulk_request_allowed() ) {
			return $redirect_to;
		}
		$queued = array();
		foreach ( array_unique( array_map( 'absint', (array) $ids ) ) as $order_id ) {
			if ( $order_id > 0 && wc_get_order( $order_id ) instanceof \WC_Order ) {
				Jobs::enqueue( $order_id, 'invoice' );
				$queued[] = $order_id;
			}
		}
		if ( $queued ) {
			self::remember_batch( get_current_user_id(), $queued );
		}
		return remove_query_arg( array( 'bulk_action', 'changed', 'ids' ), $redirect_to );
	}

	/** The list's bulk nonce (either storage's) and the capability. */
	public static function bulk_request_allowed(): bool {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- this is the nonce check.
		$nonce = isset( $_REQUEST['_wpnonce'] ) && is_string( $_REQUEST['_wpnonce'] ) ? sanitize_text_field( wp_unslash( $_REQUEST['_wpnonce'] ) ) : '';
		$valid = '' !== $nonce && ( wp_verify_nonce( $nonce, 'bulk-orders' ) || wp_verify_nonce( $nonce, 'bulk-posts' ) );
		return $valid && current_user_can( self::CAPABILITY );
	}

	/**
	 * Adds orders to the user's batch (a new one when the last is finished or too old).
	 *
	 * @param list<int> $order_ids
	 */
	public static function remember_batch( int $user_id, array $order_ids ): void {
		$batch = self::batch( $user_id );
		if ( null === $batch || 0 === self::progress( $batch['ids'] )['pending'] ) {
			$batch = array(
				'ids'     => array(),
				'started' => time(),
			);
		}
		$batch['ids'] = array_values( array_unique( array_merge( $batch['ids'], array_map( 'intval', $order_ids ) ) ) );
		update_user_meta( $user_id, self::BATCH_META, $batch );
	}

	/**
	 * The user's batch, or null (none, or older than a day).
	 *
	 * @return array{ids: list<int>, started: int}|null
	 */
	public static function batch( int $user_id ): ?array {
		$batch = get_user_meta( $user_id, self::BATCH_META, true );
		if ( ! is_array( $batch ) || ! isset( $batch['ids'], $batch['started'] ) || ! is_array( $batch['ids'] ) ) {
			return null;
		}
		if ( (int) $batch['started'] < time() - self::BATCH_TTL ) {
			delete_user_meta( $user_id, self::BATCH_META );
			return null;
		}
		return array(
			'ids'     => array_values( array_map( 'intval', $batch['ids'] ) ),
			'started' => (int) $batch['started'],
		);
	}

	/**
	 * Counts a batch's orders by their invoice's state: issued, failed (a human must look) or
	 * still pending. Orders deleted since are left out.
	 *
	 * @param list<int> $order_ids
	 * @return array{total: int, issued: int, failed: int, pending: int}
	 */
	public static function progress( array $order_ids ): array {
		$counts = array(
			'total'   => 0,
			'issued'  => 0,
			'failed'  => 0,
			'pending' => 0,
		);
		foreach ( $order_ids as $order_id ) {
			$order = wc_get_order( $order_id );
			if ( ! $order instanceof \WC_Order ) {
				continue;
			}
			++$counts['total'];
			$state = OrderState::get( $order, 'invoice' )['state'] ?? 'none';
			if ( 'issued' === $state ) {
				++$counts['issued'];
			} elseif ( in_array( $state, OrderState::NEEDS_ATTENTION, true ) ) {
				++$counts['failed'];
			} else {
				++$counts['pending'];
			}
		}
		return $counts;
	}

	/** On the orders screen: the batch's progress; once nothing is pending, the result, once. */
	public static function batch_notice(): void {
		if ( ! current_user_can( self::CAPABILITY ) || ! self::on_orders_list() ) {
			return;
		}
		$user_id = get_current_user_id();
		$batch   = self::batch( $user_id );
		if ( null === $batch ) {
			return;
		}
		$progress = self::progress( $batch['ids'] );
		if ( 0 === $progress['pending'] ) {
			delete_user_meta( $user_id, self::BATCH_META );
		}
		echo self::batch_notice_html( $progress ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built escaped.
	}

	/**
	 * The progress notice (escaped HTML).
	 *
	 * @param array{total: int, issued: int, failed: int, pending: int} $progress
	 */
	public static function batch_notice_html( array $progress ): string {
		$done  = 0 === $progress['pending'];
		$class = $progress['failed'] > 0 ? 'notice-warning' : ( $done ? 'notice-success' : 'notice-info' );
		$text  = sprintf(
			/* translators: 1: invoices issued so far, 2: orders in the batch, 3: orders whose invoice failed */
			__( 'Issuing invoices: %1$d of %2$d issued, %3$d failed.', 'libinvoice-woocommerce' ),
			$progress['issued'],
			$progress['total'],
			$progress['failed']
		);
		$more = $done
			? __( 'Finished.', 'libinvoice-woocommerce' )
			: __( 'The rest are in the queue; reload the page to update.', 'libinvoice-woocommerce' );
		$link = $progress['failed'] > 0
			? sprintf( ' <a href="%1$s">%2$s</a>', esc_url( self::attention_url() ), esc_html__( 'Show the orders that need attention', 'libinvoice-woocommerce' ) )
			: '';
		return sprintf(
			'<div class="notice %1$s libinvoice-batch"><p>%2$s %3$s%4$s</p></div>',
			esc_attr( $class ),
			esc_html( $text ),
			esc_html( $more ),
			$link
		);
	}

	private static function on_orders_list(): bool {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen ) {
			return false;
		}
		// The HPOS page's id is admin_page_wc-orders for users without the WooCommerce menu; the edit
		// screen shares the page id, so the `action` argument tells them apart.
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$editing = isset( $_GET['action'] ) && in_array( $_GET['action'], array( 'edit', 'new' ), true );
		return ( in_array( $screen->id, array( self::HPOS_SCREEN, 'admin_page_wc-orders' ), true ) && ! $editing ) || self::POSTS_SCREEN === $screen->id;
	}
}
