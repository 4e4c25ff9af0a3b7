<?php
/**
 * The orders list: the Invoice column, the "needs attention" filter, the "Issue invoices" bulk
 * action and its progress.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use LibInvoice\WooCommerce\Admin\OrderList;
use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\OrderState;

require_once __DIR__ . '/AdminTestCase.php';

final class OrderListTest extends AdminTestCase {

	const HPOS_SCREEN = 'woocommerce_page_wc-orders';

	protected function tearDown(): void {
		foreach ( array( 'shop_manager', 'administrator', 'customer' ) as $role ) {
			delete_user_meta( $this->user( $role )->ID, OrderList::BATCH_META );
		}
		parent::tearDown();
	}

	/** The HPOS list's bulk request: the list's nonce in $_REQUEST, as WooCommerce checked it. */
	private function bulk( array $order_ids, string $nonce_action = 'bulk-orders', string $action = OrderList::BULK_ACTION ): string {
		$_REQUEST['_wpnonce'] = wp_create_nonce( $nonce_action );
		return apply_filters( 'handle_bulk_actions-' . self::HPOS_SCREEN, 'http://localhost/wp-admin/admin.php?page=wc-orders&paged=1', $action, $order_ids );
	}

	private function on_screen( string $id ): void {
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		$GLOBALS['current_screen'] = \WP_Screen::get( $id ); // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
	}

	// Column.

	public function test_the_invoice_column_comes_before_the_actions_on_both_lists(): void {
		$columns = array(
			'cb'           => '',
			'order_number' => 'Order',
			'order_total'  => 'Total',
			'wc_actions'   => 'Actions',
		);
		foreach ( array( 'manage_' . self::HPOS_SCREEN . '_columns', 'manage_edit-shop_order_columns' ) as $hook ) {
			$this->assertSame( array( 'cb', 'order_number', 'order_total', 'libinvoice', 'wc_actions' ), array_keys( apply_filters( $hook, $columns ) ), $hook );
		}
	}

	public function test_the_column_shows_the_number_linking_to_the_pdf_or_the_state(): void {
		$this->as_user( 'shop_manager' );
		$issued = $this->issued_order();
		$html   = $this->output_of( fn() => do_action( 'manage_' . self::HPOS_SCREEN . '_custom_column', 'libinvoice', $issued ) );
		$this->assertStringContainsString( '>TEST-' . $issued->get_id() . '-invoice</a>', $html );
		$this->assertStringContainsString( 'action=libinvoice_pdf', $html );
		$this->assertStringContainsString( '_wpnonce=', $html );

		$failed = $this->make_order();
		OrderState::update( $failed, 'invoice', array( 'state' => 'failed' ) );
		$html = $this->output_of( fn() => OrderList::render_column( 'libinvoice', $failed->get_id() ) );
		$this->assertStringContainsString( 'Failed', $html );
		$this->assertStringNotContainsString( '<a', $html );

		$none = $this->make_order();
		$this->assertStringContainsString( '&ndash;', $this->output_of( fn() => OrderList::render_column( 'libinvoice', $none ) ) );
		$this->assertSame( '', $this->output_of( fn() => OrderList::render_column( 'order_total', $none ) ) );
	}

	// Filter.

	public function test_the_filter_narrows_the_list_query_to_orders_needing_attention(): void {
		$failed    = $this->make_order();
		$attention = $this->make_order();
		$issued    = $this->issued_order();
		$plain     = $this->make_order();
		OrderState::update( $failed, 'invoice', array( 'state' => 'failed' ) );
		OrderState::update( $attention, 'storno', array( 'state' => 'attention' ) );

		$base = array(
			'limit'    => -1,
			'paginate' => true,
			'type'     => 'shop_order',
			'return'   => 'ids',
		);
		$this->assertSame( $base, apply_filters( 'woocommerce_order_list_table_prepare_items_query_args', $base ), 'no filter chosen' );

		$_GET[ OrderList::FILTER_ARG ] = OrderList::FILTER_ATTENTION;
		$args                          = apply_filters( 'woocommerce_order_list_table_prepare_items_query_args', $base + array( 'meta_query' => array( array( 'key' => '_customer_user', 'compare' => 'EXISTS' ) ) ) );
		$this->assertContains(
			array(
				'key'     => OrderState::STATUS_META,
				'value'   => array( 'failed', 'attention' ),
				'compare' => 'IN',
			),
			$args['meta_query']
		);
		$this->assertCount( 2, $args['meta_query'], 'an existing meta query is kept' );

		$args = apply_filters( 'woocommerce_order_list_table_prepare_items_query_args', $base );
		$ids  = wc_get_orders( $args )->orders;
		$this->assertContains( $failed->get_id(), $ids );
		$this->assertContains( $attention->get_id(), $ids );
		$this->assertNotContains( $issued->get_id(), $ids );
		$this->assertNotContains( $plain->get_id(), $ids );
	}

	public function test_the_filter_on_the_posts_list_and_for_wc_get_orders_with_posts_storage(): void {
		global $typenow;
		$_GET[ OrderList::FILTER_ARG ] = OrderList::FILTER_ATTENTION;
		$this->on_screen( 'edit-shop_order' ); // is_admin()
		$typenow = 'product'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		$this->assertSame( array( 'post_type' => 'product' ), apply_filters( 'request', array( 'post_type' => 'product' ) ) );
		$typenow = 'shop_order'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		$vars    = apply_filters( 'request', array( 'post_type' => 'shop_order' ) );
		$this->assertSame( array( OrderList::attention_meta_query() ), $vars['meta_query'] );
		$typenow = null; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited

		$this->assertSame( array(), OrderList::filter_cpt_orders_query( array(), array( 'status' => 'any' ) ) );
		$this->assertSame( array( 'meta_query' => array( OrderList::attention_meta_query() ) ), OrderList::filter_cpt_orders_query( array(), array( 'libinvoice_needs_attention' => true ) ) );
	}

	public function test_the_filter_choice_is_shown_above_the_orders_only(): void {
		$_GET[ OrderList::FILTER_ARG ] = OrderList::FILTER_ATTENTION;
		$html                          = $this->output_of( fn() => do_action( 'woocommerce_order_list_table_restrict_manage_orders', 'shop_order', 'top' ) );
		$this->assertStringContainsString( 'name="libinvoice_filter"', $html );
		$this->assertMatchesRegularExpression( '/value="attention"\s*selected/', $html );
		$this->assertSame( '', $this->output_of( fn() => OrderList::render_filter( 'shop_order', 'bottom' ) ) );
		$this->assertSame( '', $this->output_of( fn() => OrderList::render_filter( 'shop_subscription', 'top' ) ) );
	}

	public function test_the_count_of_orders_needing_attention(): void {
		$before = OrderList::count_needing_attention();
		$order  = $this->make_order();
		OrderState::update( $order, 'proforma', array( 'state' => 'failed' ) );
		$this->assertSame( $before + 1, OrderList::count_needing_attention() );
		OrderState::update( $order, 'proforma', array( 'state' => 'issued' ) );
		$this->assertSame( $before, OrderList::count_needing_attention() );
		$this->assertStringContainsString( 'libinvoice_filter=attention', OrderList::attention_url() );
	}

	// Bulk action.

	public function test_the_bulk_action_is_offered_to_managers(): void {
		$this->as_user( 'shop_manager' );
		$this->assertArrayHasKey( OrderList::BULK_ACTION, apply_filters( 'bulk_actions-' . self::HPOS_SCREEN, array() ) );
		$this->assertArrayHasKey( OrderList::BULK_ACTION, apply_filters( 'bulk_actions-edit-shop_order', array() ) );
		$this->as_user( 'customer' );
		$this->assertArrayNotHasKey( OrderList::BULK_ACTION, OrderList::add_bulk_action( array() ) );
	}

	public function test_the_bulk_action_enqueues_one_invoice_job_per_selected_order(): void {
		$orders = array( $this->make_order(), $this->make_order(), $this->make_order() );
		$ids    = array_map( fn( $order ) => $order->get_id(), $orders );
		$this->as_user( 'shop_manager' );
		$redirect = $this->bulk( array_merge( $ids, array( $ids[0], 999999 ) ) );
		$this->assertStringStartsWith( 'http://localhost/wp-admin/admin.php?page=wc-orders', $redirect );
		$jobs = $this->pending_jobs();
		sort( $jobs );
		$this->assertSame( array_map( fn( $id ) => array( $id, 'invoice' ), $ids ), $jobs );
		$this->assertSame( $ids, OrderList::batch( get_current_user_id() )['ids'] );
		foreach ( $orders as $order ) {
			$this->assertSame( 'queued', OrderState::get( $this->reload_order( $order ), 'invoice' )['state'] );
		}
	}

	public function test_the_bulk_action_is_refused_without_the_lists_nonce_or_the_capability(): void {
		$order = $this->make_order();
		$this->as_user( 'shop_manager' );
		$_REQUEST = array();
		$this->assertSame( 'back', apply_filters( 'handle_bulk_actions-' . self::HPOS_SCREEN, 'back', OrderList::BULK_ACTION, array( $order->get_id() ) ), 'no nonce' );
		$this->bulk( array( $order->get_id() ), 'some-other-action' );
		$this->assertSame( array(), $this->pending_jobs(), 'a nonce of another action' );

		foreach ( array( 'customer', 'customer2' ) as $role ) {
			$this->as_user( $role );
			$this->bulk( array( $order->get_id() ) );
			$this->assertSame( array(), $this->pending_jobs(), $role );
		}
		$this->assertNull( OrderList::batch( $this->user( 'customer' )->ID ) );

		$this->as_user( 'shop_manager' );
		$this->bulk( array( $order->get_id() ), 'bulk-orders', 'mark_completed' );
		$this->assertSame( array(), $this->pending_jobs(), 'another bulk action is left alone' );

		// Posts storage: WordPress's list nonce, on the posts list's hook.
		$_REQUEST['_wpnonce'] = wp_create_nonce( 'bulk-posts' );
		apply_filters( 'handle_bulk_actions-edit-shop_order', 'back', OrderList::BULK_ACTION, array( $order->get_id() ) );
		$this->assertSame( array( array( $order->get_id(), 'invoice' ) ), $this->pending_jobs() );
	}

	public function test_the_progress_notice_counts_the_batch_by_the_orders_states(): void {
		$good   = array( $this->make_order(), $this->make_order() );
		$refuse = $this->make_order(
			array(
				'lines'    => array(
					array(
						'name'      => 'Tankönyv',
						'sku'       => 'KONYV-1',
						'price'     => 4990,
						'qty'       => 1,
						'tax_class' => 'zero-rate',
					),
				),
				'coupon'   => false,
				'shipping' => false,
				'fee'      => false,
			)
		);
		$ids = array_map( fn( $order ) => $order->get_id(), array_merge( $good, array( $refuse ) ) );
		$this->as_user( 'shop_manager' );
		$this->bulk( $ids );
		$this->assertSame(
			array(
				'total'   => 3,
				'issued'  => 0,
				'failed'  => 0,
				'pending' => 3,
			),
			OrderList::progress( $ids )
		);

		$this->on_screen( self::HPOS_SCREEN );
		$notice = $this->output_of( array( OrderList::class, 'batch_notice' ) );
		$this->assertStringContainsString( 'Issuing invoices: 0 of 3 issued, 0 failed.', $notice );
		$this->assertStringContainsString( 'reload the page', $notice );

		$this->run_scheduled_actions();
		$this->assertSame(
			array(
				'total'   => 3,
				'issued'  => 2,
				'failed'  => 1,
				'pending' => 0,
			),
			OrderList::progress( $ids ),
			wp_json_encode( OrderState::get( $this->reload_order( $refuse ), 'invoice' ) )
		);
		$this->assertCount( 2, $this->sandbox_invoices() );

		$notice = $this->output_of( array( OrderList::class, 'batch_notice' ) );
		$this->assertStringContainsString( 'Issuing invoices: 2 of 3 issued, 1 failed.', $notice );
		$this->assertStringContainsString( 'Finished.', $notice );
		$this->assertStringContainsString( 'libinvoice_filter=attention', $notice );
		$this->assertNull( OrderList::batch( get_current_user_id() ), 'a finished batch is shown once' );
		$this->assertSame( '', $this->output_of( array( OrderList::class, 'batch_notice' ) ) );
	}

	public function test_the_progress_notice_is_only_on_the_orders_list(): void {
		$order = $this->make_order();
		$this->as_user( 'shop_manager' );
		$this->bulk( array( $order->get_id() ) );
		$this->on_screen( 'dashboard' );
		$this->assertSame( '', $this->output_of( array( OrderList::class, 'batch_notice' ) ) );
		$this->on_screen( self::HPOS_SCREEN );
		$_GET['action'] = 'edit';
		$this->assertSame( '', $this->output_of( array( OrderList::class, 'batch_notice' ) ), 'not on the edit screen' );
		unset( $_GET['action'] );
		$this->assertStringContainsString( '0 of 1 issued', $this->output_of( array( OrderList::class, 'batch_notice' ) ) );
		$this->as_user( 'administrator' );
		$this->assertSame( '', $this->output_of( array( OrderList::class, 'batch_notice' ) ), "another user's batch is not shown" );
	}

	public function test_a_second_bulk_action_joins_an_unfinished_batch(): void {
		$first  = $this->make_order();
		$second = $this->make_order();
		$this->as_user( 'shop_manager' );
		$this->bulk( array( $first->get_id() ) );
		$this->bulk( array( $second->get_id(), $first->get_id() ) );
		$this->assertSame( array( $first->get_id(), $second->get_id() ), OrderList::batch( get_current_user_id() )['ids'] );
	}
}
