<?php
/**
 * The site loads as a real one does: WordPress from Debian's package, the WooCommerce stand-in
 * and the plugin as active plugins, WooCommerce's load hooks in their order.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use Automattic\WooCommerce\Utilities\FeaturesUtil;
use LibInvoice\WooCommerce\Tests\TestCase;

class LoadTest extends TestCase {

	public function test_wordpress_comes_from_debians_package_with_its_own_content_directory(): void {
		$this->assertSame( '/usr/share/wordpress/', ABSPATH );
		$this->assertStringStartsWith( '6.1.', get_bloginfo( 'version' ) );
		$this->assertSame( getenv( 'LIBINVOICE_WP_DIR' ) . '/wp-content', WP_CONTENT_DIR );
		$this->assertSame( 'Europe/Budapest', wp_timezone_string() );
		global $wpdb;
		$this->assertStringContainsString( 'MariaDB', (string) $wpdb->get_var( 'SELECT VERSION()' ) . ' ' . $wpdb->db_server_info() );
	}

	public function test_woocommerce_is_the_active_plugin_woocommerce_php(): void {
		$this->assertTrue( is_plugin_active( 'woocommerce/woocommerce.php' ) );
		$this->assertSame( 'WooCommerce', get_plugins()['woocommerce/woocommerce.php']['Name'] );
		$this->assertSame( getenv( 'WC_STAND_IN_VERSION' ) ? getenv( 'WC_STAND_IN_VERSION' ) : '8.9.3', WC_VERSION );
		$this->assertInstanceOf( \WooCommerce::class, WC() );
	}

	public function test_the_plugin_is_active_and_loading_raised_no_notices(): void {
		$plugin = getenv( 'LIBINVOICE_WP_PLUGIN' );
		if ( $plugin ) {
			$this->assertTrue( is_plugin_active( $plugin ), $plugin );
		}
		$this->assertSame( array(), json_decode( LIBINVOICE_TESTS_LOAD_NOTICES, true ), 'notices while WordPress, WooCommerce and the plugin loaded' );
	}

	public function test_woocommerce_load_hooks_fired_in_order(): void {
		foreach ( array( 'woocommerce_loaded', 'before_woocommerce_init', 'woocommerce_init', 'woocommerce_after_register_post_type', 'action_scheduler_init' ) as $hook ) {
			$this->assertSame( 1, did_action( $hook ), $hook );
		}
		$result = $this->run_php(
			'$order = array();
			foreach ( array( "plugins_loaded", "woocommerce_loaded", "before_woocommerce_init", "woocommerce_init", "woocommerce_after_register_post_type", "init", "wp_loaded" ) as $hook ) {
				$order[ $hook ] = did_action( $hook );
			}
			return $order;'
		);
		$this->assertNull( $result['exception'], $result['stderr'] );
		$this->assertSame( array_fill_keys( array( 'plugins_loaded', 'woocommerce_loaded', 'before_woocommerce_init', 'woocommerce_init', 'woocommerce_after_register_post_type', 'init', 'wp_loaded' ), 1 ), $result['return'] );
	}

	public function test_the_plugin_declared_hpos_compatibility_during_before_woocommerce_init(): void {
		$plugin = getenv( 'LIBINVOICE_WP_PLUGIN' );
		if ( ! $plugin ) {
			$this->markTestSkipped( 'the plugin is absent' );
		}
		$this->assertContains( 'custom_order_tables', FeaturesUtil::get_compatible_features_for_plugin( $plugin )['compatible'] );
	}

	public function test_declaring_compatibility_later_is_doing_it_wrong(): void {
		$this->expect_doing_it_wrong( 'FeaturesController::declare_compatibility' );
		$this->assertFalse( FeaturesUtil::declare_compatibility( 'custom_order_tables', WP_PLUGIN_DIR . '/woocommerce/woocommerce.php' ) );
		$this->assertSame( 'doing_it_wrong', $this->notices()[0]['kind'] );
	}

	public function test_hpos_is_on(): void {
		$this->assertTrue( \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() );
		$this->assertSame( 'woocommerce_page_wc-orders', wc_get_page_screen_id( 'shop-order' ) );
	}

	public function test_admin_functions_exist_only_in_admin_requests(): void {
		$code     = 'return function_exists( "wc_get_page_screen_id" );';
		$frontend = $this->run_php( $code );
		$admin    = $this->run_php( $code, array( 'admin' => true ) );
		$this->assertFalse( $frontend['return'] );
		$this->assertTrue( $admin['return'] );
	}

	public function test_outbound_http_is_blocked_but_loopback_reaches_the_sandbox(): void {
		$blocked = wp_remote_get( 'https://www.szamlazz.hu/szamla/' );
		$this->assertWPError( $blocked );
		$this->assertSame( 'http_request_not_executed', $blocked->get_error_code() );
		$parts   = wp_parse_url( $this->sandbox_url() );
		$sandbox = wp_remote_get( $parts['scheme'] . '://' . $parts['host'] . ':' . $parts['port'] . '/control/state' );
		$this->assertSame( 200, wp_remote_retrieve_response_code( $sandbox ) );
	}

	public function test_the_extension_issues_to_the_sandbox_which_starts_each_test_empty(): void {
		$this->assertSame( array(), $this->sandbox_invoices() );
		$root     = dirname( __DIR__, 3 );
		$order    = json_decode( file_get_contents( $root . '/examples/orders/woocommerce-basic.json' ), true );
		$document = \LibInvoice\map_order( $order, file_get_contents( $root . '/examples/settings/demo-shop.json' ) );
		$record   = \LibInvoice\new_attempt_record( \LibInvoice\external_id( 'harness', (string) $order['id'], array( 'issue' => array( 'type' => 'invoice' ) ) ), (string) $order['number'] );
		$step     = ( new \LibInvoice\Client( $this->sandbox_url(), \LibInvoice\WooCommerce\Tests\Sandbox::DEMO_AGENT_KEY ) )->issue( $document, $record, fn( array $record ): bool => true );
		$this->assertSame( 'issued', $step['outcome']['outcome'] );
		$invoices = $this->sandbox_invoices();
		$this->assertCount( 1, $invoices );
		$this->assertSame( $step['outcome']['number'], $invoices[0]['number'] );
		$this->assertSame( \LibInvoice\WooCommerce\Tests\Sandbox::DEMO_AGENT_KEY, $invoices[0]['agent_key'] );
	}

	private function assertWPError( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
