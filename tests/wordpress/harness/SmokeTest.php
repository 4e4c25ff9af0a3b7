<?php
namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\TestCase;

class SmokeTest extends TestCase {
	public function test_wordpress_is_loaded() {
		$this->assertSame( '6.1.9', get_bloginfo( 'version' ) );
		$order = $this->make_order();
		$this->assertGreaterThan( 0, $order->get_id() );
	}
}
