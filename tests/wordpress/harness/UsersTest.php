<?php
/**
 * The fixture users and WooCommerce's roles and capabilities.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\TestCase;

class UsersTest extends TestCase {

	public function test_roles_have_woocommerces_capabilities(): void {
		$order = $this->make_order();

		$this->as_user( 'administrator' );
		$this->assertTrue( current_user_can( 'manage_woocommerce' ) );
		$this->assertTrue( current_user_can( 'edit_shop_orders' ) );

		$manager = $this->as_user( 'shop_manager' );
		$this->assertSame( array( 'shop_manager' ), $manager->roles );
		$this->assertTrue( current_user_can( 'manage_woocommerce' ) );
		$this->assertTrue( current_user_can( 'edit_shop_orders' ) );
		$this->assertTrue( current_user_can( 'edit_shop_order', $order->get_id() ) );
		$this->assertFalse( current_user_can( 'manage_options' ) );
		$this->assertFalse( current_user_can( 'activate_plugins' ) );

		foreach ( array( 'customer', 'customer2' ) as $customer ) {
			$this->as_user( $customer );
			$this->assertFalse( current_user_can( 'manage_woocommerce' ) );
			$this->assertFalse( current_user_can( 'edit_shop_orders' ) );
			$this->assertFalse( current_user_can( 'edit_shop_order', $order->get_id() ) );
			$this->assertTrue( current_user_can( 'read' ) );
		}

		$this->assertNull( $this->as_user( 'guest' ) );
		$this->assertSame( 0, get_current_user_id() );
	}

	public function test_customers_have_billing_addresses(): void {
		$this->assertSame( 'Kovács', get_user_meta( $this->user( 'customer' )->ID, 'billing_last_name', true ) );
		$this->assertSame( 'Debrecen', get_user_meta( $this->user( 'customer2' )->ID, 'billing_city', true ) );
	}
}
