<?php
/**
 * WooCommerce's settings API stand-in: a WC_Settings_Page subclass added on
 * `woocommerce_get_settings_pages` renders its sections' fields and saves what is posted,
 * sanitised per field type as WooCommerce does.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Harness;

use LibInvoice\WooCommerce\Tests\TestCase;

class SettingsTest extends TestCase {

	private function page(): \WC_Settings_Page {
		add_filter(
			'woocommerce_get_settings_pages',
			function ( $pages ) {
				$pages[] = new class() extends \WC_Settings_Page {
					public function __construct() {
						$this->id    = 'harness';
						$this->label = 'Harness';
						parent::__construct();
					}

					protected function get_own_sections() {
						return array(
							''         => 'General',
							'advanced' => 'Advanced',
						);
					}

					public function get_settings_for_default_section() {
						return array(
							array( 'type' => 'title', 'id' => 'harness_general', 'title' => 'General' ),
							array( 'type' => 'text', 'id' => 'harness_prefix', 'title' => 'Prefix', 'default' => 'WEB' ),
							array( 'type' => 'password', 'id' => 'harness_agent_key', 'title' => 'Agent key' ),
							array( 'type' => 'textarea', 'id' => 'harness_comment', 'title' => 'Comment' ),
							array( 'type' => 'select', 'id' => 'harness_backend', 'title' => 'Backend', 'default' => 'agent', 'options' => array( 'agent' => 'Számla Agent', 'paybill' => 'PayBill' ) ),
							array( 'type' => 'multiselect', 'id' => 'harness_statuses', 'title' => 'Statuses', 'options' => array( 'processing' => 'Processing', 'completed' => 'Completed' ) ),
							array( 'type' => 'checkbox', 'id' => 'harness_enabled', 'title' => 'Enabled', 'default' => 'yes' ),
							array( 'type' => 'number', 'id' => 'harness_due_days', 'title' => 'Due days' ),
							array( 'type' => 'text', 'id' => 'harness_seller[name]', 'title' => 'Seller' ),
							array( 'type' => 'text', 'id' => 'harness_seller[bank]', 'title' => 'Bank' ),
							array( 'type' => 'sectionend', 'id' => 'harness_general' ),
						);
					}

					public function get_settings_for_advanced_section() {
						return array(
							array( 'type' => 'checkbox', 'id' => 'harness_debug', 'title' => 'Debug' ),
						);
					}
				};
				return $pages;
			}
		);
		$pages = \WC_Admin_Settings::get_settings_pages();
		return end( $pages );
	}

	public function test_a_settings_page_saves_posted_fields_by_type(): void {
		global $current_section;
		update_option( 'harness_seller', array( 'name' => 'Old', 'tax_number' => '12345678-2-41' ) );
		$page = $this->page();
		$this->assertSame( array( '' => 'General', 'advanced' => 'Advanced' ), $page->get_sections() );
		$this->assertSame( array( 'harness' => 'Harness' ), apply_filters( 'woocommerce_settings_tabs_array', array() ) );

		$_POST           = wp_slash(
			array(
				'harness_prefix'    => ' SHOP <b>1</b> ',
				'harness_agent_key' => ' key-with-<angle>%41 ',
				'harness_comment'   => " Köszönjük! <script>x</script>\n",
				'harness_backend'   => 'not-an-option',
				'harness_statuses'  => array( 'completed', '' ),
				'harness_due_days'  => '8',
				'harness_seller'    => array( 'name' => 'Bolt Kft.', 'bank' => "O'Bank Zrt." ),
			)
		);
		$current_section = '';
		$page->save();

		$this->assertSame( 'SHOP 1', get_option( 'harness_prefix' ) );
		$this->assertSame( 'Köszönjük! x', get_option( 'harness_comment' ) );
		$this->assertSame( 'agent', get_option( 'harness_backend' ), 'an unknown option falls back to the default' );
		$this->assertSame( array( 'completed' ), array_values( get_option( 'harness_statuses' ) ) );
		$this->assertSame( 'no', get_option( 'harness_enabled' ), 'an unchecked checkbox posts nothing and saves no' );
		$this->assertSame( '8', get_option( 'harness_due_days' ) );
		$this->assertSame( array( 'name' => 'Bolt Kft.', 'tax_number' => '12345678-2-41', 'bank' => "O'Bank Zrt." ), get_option( 'harness_seller' ) );
		if ( wc_stand_in_version_at_least( '10.9' ) ) {
			$this->assertSame( 'key-with-<angle>%41', get_option( 'harness_agent_key' ) );
		} else {
			$this->assertSame( 'key-with-', get_option( 'harness_agent_key' ), 'WooCommerce 8–10.8 clean passwords like text: tags and %XX go' );
		}
	}

	public function test_an_absent_field_keeps_its_value_but_an_absent_checkbox_saves_no(): void {
		global $current_section;
		update_option( 'harness_agent_key', 'secret-before' );
		update_option( 'harness_comment', 'comment-before' );
		update_option( 'harness_enabled', 'yes' );
		$page            = $this->page();
		$_POST           = array( 'harness_prefix' => 'X' );
		$current_section = '';
		$page->save();
		$this->assertSame( 'secret-before', get_option( 'harness_agent_key' ) );
		$this->assertSame( '', get_option( 'harness_comment' ), 'a textarea saves trim(null): empty' );
		$this->assertSame( 'no', get_option( 'harness_enabled' ) );
		$this->assertSame( 'X', get_option( 'harness_prefix' ) );
	}

	public function test_sections_save_only_their_own_fields(): void {
		global $current_section;
		update_option( 'harness_prefix', 'KEEP' );
		$page            = $this->page();
		$_POST           = array( 'harness_debug' => '1' );
		$current_section = 'advanced';
		$fired           = 0;
		add_action(
			'woocommerce_update_options_harness_advanced',
			function () use ( &$fired ) {
				++$fired;
			}
		);
		$page->save();
		$this->assertSame( 'yes', get_option( 'harness_debug' ) );
		$this->assertSame( 'KEEP', get_option( 'harness_prefix' ) );
		$this->assertSame( 1, $fired );
	}

	public function test_the_settings_screen_saves_with_its_nonce_and_renders_the_fields(): void {
		global $current_tab, $current_section;
		$this->as_user( 'shop_manager' );
		$this->page();
		$current_tab         = 'harness';
		$current_section     = '';
		$_POST               = array( 'harness_prefix' => 'NONCE' );
		$_REQUEST['_wpnonce'] = wp_create_nonce( 'woocommerce-settings' );
		\WC_Admin_Settings::save();
		$this->assertSame( 'NONCE', get_option( 'harness_prefix' ) );
		$this->assertSame( array( 'Your settings have been saved.' ), \WC_Admin_Settings::get_messages_for_stand_in()['messages'] );

		update_option( 'harness_statuses', array( 'processing' ) );
		update_option( 'harness_enabled', 'yes' );
		ob_start();
		\WC_Admin_Settings::output();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'name="harness_prefix"', $html );
		$this->assertStringContainsString( 'value="NONCE"', $html );
		$this->assertStringContainsString( 'type="password"', $html );
		$this->assertStringContainsString( 'name="harness_statuses[]"', $html );
		$this->assertMatchesRegularExpression( '/<option value="processing" selected/', $html );
		$this->assertMatchesRegularExpression( '/name="harness_enabled"[^>]*value="1" checked/', $html );
		$this->assertStringContainsString( 'name="harness_seller[name]"', $html );
		$this->assertStringContainsString( 'Your settings have been saved.', $html );
		$this->assertStringContainsString( 'name="_wpnonce"', $html );
	}
}
