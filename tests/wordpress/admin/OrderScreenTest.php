<?php
/**
 * The order screen's box and its buttons: every action checks the nonce and the capability and
 * does nothing but enqueue.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use LibInvoice\WooCommerce\Admin\OrderScreen;
use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\OrderState;

require_once __DIR__ . '/AdminTestCase.php';

final class OrderScreenTest extends AdminTestCase {

	/** Every button: task, document (for reconcile), the job it enqueues. */
	const BUTTONS = array(
		array( 'invoice', '', 'invoice' ),
		array( 'proforma', '', 'proforma' ),
		array( 'storno', '', 'storno' ),
		array( 'mark_paid', '', 'mark_paid' ),
		array( 'reconcile', 'invoice', 'invoice' ),
		array( 'reconcile', 'proforma', 'proforma' ),
		array( 'reconcile', 'storno', 'storno' ),
	);

	/** A button's request as the current user's page would make it. */
	private function button_request( \WC_Order $order, string $task, string $document = '' ): array {
		return $this->query_of( OrderScreen::url( $order->get_id(), $task, $document ) );
	}

	public function test_a_request_without_a_nonce_is_refused_and_enqueues_nothing(): void {
		$order = $this->make_order();
		$this->as_user( 'shop_manager' );
		foreach ( self::BUTTONS as list( $task, $document ) ) {
			$request = $this->button_request( $order, $task, $document );
			unset( $request['_wpnonce'] );
			$result = OrderScreen::process( $request );
			$this->assertSame( 'nonce', $result['result'], $task );
			$this->assertSame( 403, $result['status'] );
		}
		$this->assertSame( array(), $this->pending_jobs() );
	}

	public function test_an_invalid_nonce_is_refused_and_enqueues_nothing(): void {
		$order = $this->make_order();
		$other = $this->make_order();
		$this->as_user( 'shop_manager' );
		foreach ( self::BUTTONS as list( $task, $document ) ) {
			$request = $this->button_request( $order, $task, $document );
			$this->assertSame( 'nonce', OrderScreen::process( array( '_wpnonce' => 'abcdef1234' ) + $request )['result'], "$task: a made-up nonce" );
			$this->assertSame( 'nonce', OrderScreen::process( array( 'order_id' => (string) $other->get_id() ) + $request )['result'], "$task: another order's nonce" );
		}
		// Another user's nonce.
		$this->as_user( 'administrator' );
		$admins = $this->button_request( $order, 'invoice' );
		$this->as_user( 'shop_manager' );
		$this->assertSame( 'nonce', OrderScreen::process( $admins )['result'] );
		$this->assertSame( array(), $this->pending_jobs() );
	}

	public function test_customers_are_refused_even_with_a_valid_nonce_of_their_own(): void {
		$order = $this->make_order( array( 'customer' => 'customer' ) );
		foreach ( array( 'customer', 'customer2' ) as $role ) {
			$this->as_user( $role );
			foreach ( self::BUTTONS as list( $task, $document ) ) {
				$result = OrderScreen::process( $this->button_request( $order, $task, $document ) );
				$this->assertSame( 'capability', $result['result'], "$role $task" );
				$this->assertSame( 403, $result['status'] );
			}
		}
		$this->assertSame( array(), $this->pending_jobs() );
		$this->assertSame( array(), OrderState::get( $this->reload_order( $order ), 'invoice' ) );
	}

	public function test_a_manager_enqueues_each_buttons_job_and_is_sent_back_to_the_order(): void {
		foreach ( array( 'shop_manager', 'administrator' ) as $role ) {
			$this->cancel_pending_actions();
			$order = $this->make_order();
			$this->as_user( $role );
			foreach ( self::BUTTONS as list( $task, $document, $job ) ) {
				$result = OrderScreen::process( $this->button_request( $order, $task, $document ) );
				$this->assertSame( 'queued', $result['result'], "$role $task" );
				$this->assertTrue( as_has_scheduled_action( Jobs::HOOK, array( $order->get_id(), $job ), Jobs::GROUP ), "$role $task → $job" );
				$this->assertSame( $task, $this->query_of( $result['redirect'] )[ OrderScreen::NOTICE_ARG ] );
				$this->assertStringStartsWith( OrderScreen::edit_url( $order->get_id() ), $result['redirect'] );
			}
			$jobs = $this->pending_jobs();
			$this->assertCount( 4, $jobs, 'a reconcile of a queued task adds no second job' );
			$this->assertSame( 'queued', OrderState::get( $this->reload_order( $order ), 'invoice' )['state'] );
		}
	}

	public function test_unknown_tasks_and_orders_are_refused(): void {
		$order = $this->make_order();
		$this->as_user( 'shop_manager' );
		foreach ( array( array( 'delete', '' ), array( 'reconcile', '' ), array( 'reconcile', 'mark_paid' ), array( 'reconcile', 'receipt' ), array( '', '' ) ) as list( $task, $document ) ) {
			$request = $this->query_of( OrderScreen::url( $order->get_id(), 'invoice', $document ) );
			$result  = OrderScreen::process( array( 'task' => $task ) + $request );
			$this->assertSame( 'task', $result['result'], "$task/$document" );
			$this->assertSame( 400, $result['status'] );
		}
		$missing = $this->query_of( OrderScreen::url( 999999, 'invoice' ) );
		$this->assertSame( 'order', OrderScreen::process( $missing )['result'] );
		$this->assertSame( array(), $this->pending_jobs() );
	}

	public function test_the_handler_redirects_after_enqueueing_and_dies_with_403_when_refused(): void {
		$this->assertNotFalse( has_action( 'admin_post_' . OrderScreen::ACTION, array( OrderScreen::class, 'handle' ) ) );
		$order = $this->make_order();

		$this->as_user( 'customer' );
		$_REQUEST = $this->button_request( $order, 'invoice' );
		$answer   = $this->run_handler( array( OrderScreen::class, 'handle' ) );
		$this->assertSame( array( 'die', 403 ), array( $answer['kind'], $answer['status'] ) );
		$this->assertSame( array(), $this->pending_jobs() );

		$this->as_user( 'shop_manager' );
		$_REQUEST = $this->button_request( $order, 'invoice' );
		$answer   = $this->run_handler( array( OrderScreen::class, 'handle' ) );
		$this->assertSame( 'redirect', $answer['kind'] );
		$this->assertStringContainsString( OrderScreen::NOTICE_ARG . '=invoice', $answer['location'] );
		$this->assertSame( array( array( $order->get_id(), 'invoice' ) ), $this->pending_jobs() );

		// The notice on the order screen after the redirect.
		$_GET   = array( OrderScreen::NOTICE_ARG => 'invoice' );
		$notice = $this->output_of( array( OrderScreen::class, 'queued_notice' ) );
		$this->assertStringContainsString( 'The invoice is queued.', $notice );
		$_GET = array( OrderScreen::NOTICE_ARG => '<script>' );
		$this->assertSame( '', $this->output_of( array( OrderScreen::class, 'queued_notice' ) ) );
	}

	public function test_the_box_is_added_to_the_order_edit_screen_for_managers(): void {
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		require_once ABSPATH . 'wp-admin/includes/template.php';
		global $wp_meta_boxes;
		$screen = wc_get_page_screen_id( 'shop-order' );
		$order  = $this->make_order();

		$this->as_user( 'customer' );
		$wp_meta_boxes = array(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		do_action( 'add_meta_boxes', $screen, $order );
		$this->assertArrayNotHasKey( 'libinvoice-documents', $wp_meta_boxes[ $screen ]['side']['high'] ?? array() );

		$this->as_user( 'shop_manager' );
		do_action( 'add_meta_boxes', $screen, $order );
		$box = $wp_meta_boxes[ $screen ]['side']['high']['libinvoice-documents'] ?? null;
		$this->assertNotNull( $box );
		$this->assertSame( array( OrderScreen::class, 'render' ), $box['callback'] );
	}

	public function test_the_box_shows_each_documents_state_number_totals_and_buttons(): void {
		$this->as_user( 'shop_manager' );
		$fresh = $this->make_order();
		$html  = $this->output_of( fn() => OrderScreen::render( $fresh ) );
		$this->assertStringContainsString( 'Issue invoice now', $html );
		$this->assertStringContainsString( 'Issue proforma', $html );
		$this->assertStringContainsString( 'task=invoice', $html );
		$this->assertStringNotContainsString( 'Storno invoice', $html );

		$issued = $this->issued_order();
		$html   = $this->output_of( fn() => OrderScreen::render( $issued ) );
		$this->assertStringContainsString( 'TEST-' . $issued->get_id() . '-invoice', $html );
		$this->assertStringContainsString( 'Net 10000 HUF, gross 12700 HUF', $html );
		$this->assertStringContainsString( 'action=libinvoice_pdf', $html );
		$this->assertStringContainsString( 'task=mark_paid', $html );
		$this->assertStringContainsString( 'task=storno', $html );
		$this->assertStringNotContainsString( 'Issue invoice now', $html );
		$this->assertStringNotContainsString( 'Issue proforma', $html, 'no proforma offer once invoiced' );
		foreach ( $this->links_in( $html ) as $url ) {
			$query = $this->query_of( $url );
			$this->assertNotEmpty( $query['_wpnonce'] ?? '', $url );
		}

		$unknown = $this->make_order();
		OrderState::update( $unknown, 'invoice', array( 'state' => 'unknown', 'message' => 'timeout after sending' ) );
		$html = $this->output_of( fn() => OrderScreen::render( $this->reload_order( $unknown ) ) );
		$this->assertStringContainsString( 'Outcome unknown', $html );
		$this->assertStringContainsString( 'timeout after sending', $html );
		$this->assertStringContainsString( 'task=reconcile', $html );
		$this->assertStringContainsString( 'document=invoice', $html );

		$reversed = $this->issued_order();
		OrderState::update( $reversed, 'invoice', array( 'state' => 'reversed' ) );
		OrderState::update( $reversed, 'storno', array( 'state' => 'issued', 'kind' => 'storno', 'number' => 'STORNO-1' ) );
		$html = $this->output_of( fn() => OrderScreen::render( $this->reload_order( $reversed ) ) );
		$this->assertStringContainsString( 'Reversed', $html );
		$this->assertStringContainsString( 'Issue invoice again', $html );
		$this->assertStringContainsString( 'STORNO-1', $html );
	}

	public function test_the_box_shows_no_secret_and_escapes_messages(): void {
		$this->as_user( 'shop_manager' );
		$order = $this->make_order();
		OrderState::update( $order, 'invoice', array( 'state' => 'failed', 'message' => 'key ' . self::AGENT_KEY . ' <img src=x onerror=alert(1)>' ) );
		$html = $this->output_of( fn() => OrderScreen::render( $this->reload_order( $order ) ) );
		$this->assertStringNotContainsString( self::AGENT_KEY, $html );
		$this->assertStringNotContainsString( '<img', $html );
		$this->assertStringContainsString( 'Issue invoice again', $html );
	}

	/** @return string[] */
	private function links_in( string $html ): array {
		preg_match_all( '/href="([^"]+)"/', $html, $matches );
		return $matches[1];
	}
}
