<?php
/**
 * Without the extension the plugin does nothing but tell the administrator how to install it.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Plugin;

use LibInvoice\WooCommerce\Jobs;
use LibInvoice\WooCommerce\Tests\TestCase;

class PluginLoadTest extends TestCase {

	private const NOTICE = 'ob_start(); do_action( "admin_notices" ); return array( "html" => ob_get_clean(), "jobs" => has_action( "%s" ) );';

	public function test_without_the_extension_an_administrator_is_told_how_to_install_it(): void {
		$result = $this->run_php(
			sprintf( self::NOTICE, Jobs::HOOK ),
			array(
				'user'      => 'administrator',
				'admin'     => true,
				'extension' => false,
			)
		);

		$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );
		$this->assertStringContainsString( 'the libinvoice PHP extension is not loaded', $result['return']['html'] );
		$this->assertStringContainsString( 'make install-php', $result['return']['html'] );
		$this->assertFalse( $result['return']['jobs'], 'no automation without the extension' );
	}

	public function test_with_the_extension_the_automation_is_registered_and_no_notice_shown(): void {
		$result = $this->run_php( sprintf( self::NOTICE, Jobs::HOOK ), array( 'user' => 'administrator', 'admin' => true ) );

		$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );
		$this->assertStringNotContainsString( 'extension is not loaded', $result['return']['html'] );
		$this->assertNotFalse( $result['return']['jobs'] );
	}

	public function test_a_shop_manager_without_plugin_rights_sees_no_install_notice(): void {
		$result = $this->run_php(
			sprintf( self::NOTICE, Jobs::HOOK ),
			array(
				'user'      => 'shop_manager',
				'admin'     => true,
				'extension' => false,
			)
		);

		$this->assertNull( $result['exception'], $result['stderr'] . $result['output'] );
		$this->assertStringNotContainsString( 'extension is not loaded', $result['return']['html'] );
	}
}
