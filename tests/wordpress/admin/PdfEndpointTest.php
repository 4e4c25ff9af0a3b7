<?php
/**
 * PdfEndpoint: who may download a PDF, the nonce, the headers, and a PDF fetched again.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\OrderState;
use LibInvoice\WooCommerce\PdfEndpoint;
use LibInvoice\WooCommerce\PdfStore;

require_once __DIR__ . '/AdminTestCase.php';

final class PdfEndpointTest extends AdminTestCase {

	const PDF = "%PDF-1.4\n% the customer's invoice\n";

	/** The download request the current user's link makes. */
	private function request_for( \WC_Order $order, string $document = 'invoice' ): array {
		return $this->query_of( PdfEndpoint::url( $order, $document ) );
	}

	/** The answer to the current user's own link. */
	private function download( \WC_Order $order, string $document = 'invoice' ): array {
		return PdfEndpoint::respond( $this->request_for( $order, $document ) );
	}

	public function test_the_link_goes_to_admin_post_with_the_order_the_document_and_a_nonce(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		$this->as_user( 'customer' );
		$url = PdfEndpoint::url( $order );
		$this->assertStringStartsWith( admin_url( 'admin-post.php' ), $url );
		$query = $this->query_of( $url );
		$this->assertSame( 'libinvoice_pdf', $query['action'] );
		$this->assertSame( (string) $order->get_id(), $query['order_id'] );
		$this->assertSame( 'invoice', $query['document'] );
		$this->assertSame( 1, wp_verify_nonce( $query['_wpnonce'], PdfEndpoint::nonce_action( $order->get_id(), 'invoice' ) ) );
		$this->assertStringNotContainsString( '.pdf', $url, 'the link names no file' );
	}

	public function test_anonymous_visitors_are_refused(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		$this->as_user( 'guest' );
		$this->assertFalse( PdfEndpoint::can_download( $order, 0 ) );
		$answer = $this->download( $order ); // A nonce made without a user is valid for no user.
		$this->assertSame( 403, $answer['status'] );
		$this->assertStringNotContainsString( '%PDF', $answer['body'] );
		// The owner's own link does not work without the owner's login either.
		$this->as_user( 'customer' );
		$request = $this->request_for( $order );
		$this->as_user( 'guest' );
		$this->assertSame( 403, PdfEndpoint::respond( $request )['status'] );
	}

	public function test_another_customer_is_refused_even_with_a_valid_nonce_of_their_own(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		$other = $this->as_user( 'customer2' );
		$this->assertFalse( PdfEndpoint::can_download( $order, $other->ID ) );
		$answer = $this->download( $order );
		$this->assertSame( 403, $answer['status'] );
		$this->assertSame( array(), $answer['headers'] );
		$this->assertStringNotContainsString( '%PDF', $answer['body'] );
	}

	public function test_the_orders_customer_downloads_the_pdf_with_private_attachment_headers(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ), 'invoice', self::PDF );
		$owner = $this->as_user( 'customer' );
		$this->assertTrue( PdfEndpoint::can_download( $order, $owner->ID ) );
		$answer = $this->download( $order );
		$this->assertSame( 200, $answer['status'] );
		$this->assertSame( self::PDF, $answer['body'] );
		$this->assertSame( 'application/pdf', $answer['headers']['Content-Type'] );
		$this->assertSame( 'attachment; filename="TEST-' . $order->get_id() . '-invoice.pdf"', $answer['headers']['Content-Disposition'] );
		$this->assertSame( 'nosniff', $answer['headers']['X-Content-Type-Options'] );
		$this->assertStringContainsString( 'private', $answer['headers']['Cache-Control'] );
		$this->assertStringContainsString( 'no-store', $answer['headers']['Cache-Control'] );
		$this->assertSame( (string) strlen( self::PDF ), $answer['headers']['Content-Length'] );
	}

	public function test_managers_download_any_orders_pdf_including_a_guest_orders(): void {
		$customers = $this->issued_order( array( 'customer' => 'customer' ), 'invoice', self::PDF );
		$guests    = $this->issued_order( array(), 'invoice', self::PDF );
		foreach ( array( 'shop_manager', 'administrator' ) as $role ) {
			$user = $this->as_user( $role );
			foreach ( array( $customers, $guests ) as $order ) {
				$this->assertTrue( PdfEndpoint::can_download( $order, $user->ID ), $role );
				$this->assertSame( 200, $this->download( $order )['status'], $role );
			}
		}
		// A guest order belongs to no account: no customer reaches it.
		$customer = $this->as_user( 'customer' );
		$this->assertFalse( PdfEndpoint::can_download( $guests, $customer->ID ) );
		$this->assertSame( 403, $this->download( $guests )['status'] );
	}

	public function test_the_nonce_is_checked_for_the_user_the_order_and_the_document(): void {
		$order   = $this->issued_order( array( 'customer' => 'customer' ) );
		$another = $this->issued_order( array( 'customer' => 'customer' ) );
		OrderState::update( $order, 'storno', array( 'state' => 'issued', 'number' => 'TEST-storno', 'pdf' => PdfStore::save( 'TEST-storno', self::PDF ) ) );
		$this->as_user( 'customer' );

		$request = $this->request_for( $order );
		unset( $request['_wpnonce'] );
		$this->assertSame( 403, PdfEndpoint::respond( $request )['status'], 'no nonce' );
		$this->assertSame( 403, PdfEndpoint::respond( array( '_wpnonce' => 'abcdef1234' ) + $request )['status'], 'a made-up nonce' );

		$other_order = $this->request_for( $another );
		$this->assertSame( 403, PdfEndpoint::respond( array( 'order_id' => (string) $order->get_id() ) + $other_order )['status'], "another order's nonce" );
		$invoice = $this->request_for( $order );
		$this->assertSame( 403, PdfEndpoint::respond( array( 'document' => 'storno' ) + $invoice )['status'], "another document's nonce" );
		$this->assertSame( 200, PdfEndpoint::respond( $this->request_for( $order, 'storno' ) )['status'] );
		$this->assertSame( 200, PdfEndpoint::respond( $invoice )['status'] );

		// A manager's link is the manager's: the customer cannot use it.
		$this->as_user( 'shop_manager' );
		$managers = $this->request_for( $order );
		$this->as_user( 'customer' );
		$this->assertSame( 403, PdfEndpoint::respond( $managers )['status'] );

		$this->assertSame( 403, PdfEndpoint::respond( array( 'order_id' => array( $order->get_id() ) ) + $invoice )['status'], 'an array is no order id' );
		$this->assertSame( 403, PdfEndpoint::respond( array( 'document' => 'mark_paid' ) + $invoice )['status'], 'not a document' );
	}

	public function test_a_document_not_issued_is_not_found(): void {
		$order = $this->make_order( array( 'customer' => 'customer' ) );
		OrderState::update( $order, 'invoice', array( 'state' => 'failed', 'number' => 'LEFT-OVER', 'message' => 'refused' ) );
		$this->as_user( 'customer' );
		$this->assertSame( 404, $this->download( $order )['status'] );
		$this->assertSame( 404, $this->download( $order, 'proforma' )['status'] );
	}

	public function test_the_handler_answers_403_through_wp_die_and_is_registered_for_visitors_too(): void {
		$this->assertNotFalse( has_action( 'admin_post_libinvoice_pdf', array( PdfEndpoint::class, 'handle' ) ) );
		$this->assertNotFalse( has_action( 'admin_post_nopriv_libinvoice_pdf', array( PdfEndpoint::class, 'handle' ) ) );
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		$this->as_user( 'customer2' );
		$_GET   = $this->request_for( $order );
		$answer = $this->run_handler( array( PdfEndpoint::class, 'handle' ) );
		$this->assertSame( 'die', $answer['kind'] );
		$this->assertSame( 403, $answer['status'] );
	}

	public function test_the_handler_sends_the_pdf_in_a_request_of_the_owner(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ), 'invoice', self::PDF );
		$this->as_user( 'customer' );
		$query = $this->request_for( $order );
		$sent  = getenv( 'LIBINVOICE_WP_DIR' ) . '/pdf-endpoint-sent-' . getmypid();
		// The handler ends the request (exit); what it printed is caught before WordPress's
		// shutdown flushes the output buffers.
		$result = $this->run_php(
			'define( "LIBINVOICE_PDF_DIR", ' . var_export( LIBINVOICE_PDF_DIR, true ) . ' );
			add_action( "shutdown", function () { file_put_contents( ' . var_export( $sent, true ) . ', (string) ob_get_contents() ); }, 0 );
			$_GET = ' . var_export( $query, true ) . ';
			do_action( "admin_post_libinvoice_pdf" );',
			array(
				'user'  => 'customer',
				'admin' => true,
			)
		);
		$this->assertSame( 'the snippet exited', $result['exception'], 'the handler ends the request' );
		$this->assertFileExists( $sent );
		$this->assertSame( self::PDF, file_get_contents( $sent ) );
		unlink( $sent );
	}

	public function test_a_missing_pdf_is_fetched_again_from_the_service_and_stored(): void {
		$order = $this->make_order(
			array(
				'customer' => 'customer',
				'status'   => 'processing',
			)
		);
		Jobs::enqueue( $order->get_id(), 'invoice' );
		$this->run_scheduled_actions();
		$state = OrderState::get( $this->reload_order( $order ), 'invoice' );
		$this->assertSame( 'issued', $state['state'] ?? null, wp_json_encode( $state ) );
		$original = PdfStore::read( $state['pdf'] );
		$this->assertStringStartsWith( '%PDF', (string) $original );
		unlink( LIBINVOICE_PDF_DIR . '/' . $state['pdf'] );

		$this->as_user( 'customer' );
		$answer = $this->download( $this->reload_order( $order ) );
		$this->assertSame( 200, $answer['status'] );
		$this->assertStringStartsWith( '%PDF', $answer['body'] );
		$again = OrderState::get( $this->reload_order( $order ), 'invoice' );
		$this->assertNotSame( $state['pdf'], $again['pdf'], 'stored under a new name' );
		$this->assertSame( $answer['body'], PdfStore::read( $again['pdf'] ) );
		$this->assertSame( $state['number'], $again['number'] );
	}

	public function test_a_pdf_the_service_cannot_give_is_a_502_without_secrets(): void {
		$order = $this->issued_order( array( 'customer' => 'customer' ) );
		$state = OrderState::get( $order, 'invoice' );
		unlink( LIBINVOICE_PDF_DIR . '/' . $state['pdf'] );
		$this->as_user( 'customer' );
		$answer = $this->download( $order ); // The sandbox has no invoice of that number.
		$this->assertSame( 502, $answer['status'] );
		$this->assertStringNotContainsString( self::AGENT_KEY, $answer['body'] );
		foreach ( $this->log_entries() as $entry ) {
			$this->assertStringNotContainsString( self::AGENT_KEY, $entry['message'] );
		}
	}
}
