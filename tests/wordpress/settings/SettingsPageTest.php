<?php
/**
 * WooCommerce → Settings → Invoices (plugins/woocommerce/includes/Admin/SettingsPage.php): what
 * is stored, what is shown, what is refused, and the connection test, through WooCommerce's
 * settings screen (WC_Admin_Settings::save and the page's output) as the admin uses it.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests\Settings;

use LibInvoice\Document;
use LibInvoice\WooCommerce\Admin\SettingsPage;
use LibInvoice\WooCommerce\Settings;
use LibInvoice\WooCommerce\Tests\TestCase;

use function LibInvoice\map_order;

class SettingsPageTest extends TestCase {

	const DEMO_KEY        = 'sandbox-demo-agent-key';
	const WRONG_KEY       = 'wrong-agent-key-SECRET-4711';
	const PAYBILL_STORE   = 'sdk_test';
	const PAYBILL_KEY     = '86af3-80e4f-f8228-9498f-910ad';
	const SZAMLAHEGY_KEY  = 'sandbox-szamlahegy-key';
	const SELLER_TAX      = '12345678-2-41';
	const SECTIONS        = array( '', 'invoice', 'taxes', 'automation', 'advanced' );

	protected function setUp(): void {
		parent::setUp();
		delete_option( Settings::OPTION );
		$this->as_user( 'administrator' );
	}

	protected function tearDown(): void {
		delete_option( Settings::OPTION );
		parent::tearDown();
	}

	// --- The screen, as WooCommerce drives it ------------------------------------------------

	private function page(): SettingsPage {
		foreach ( \WC_Admin_Settings::get_settings_pages() as $page ) {
			if ( $page instanceof SettingsPage ) {
				return $page;
			}
		}
		$this->fail( 'the Invoices tab is not among WooCommerce’s settings pages' );
	}

	/** The section's HTML as the settings screen prints it: section links, messages, fields. */
	private function render( string $section ): string {
		$GLOBALS['current_tab']     = 'libinvoice';
		$GLOBALS['current_section'] = $section;
		$page                       = $this->page();
		ob_start();
		$page->output_sections();
		\WC_Admin_Settings::show_messages();
		$page->output();
		return (string) ob_get_clean();
	}

	/**
	 * Posts a section of the form (fields under libinvoice_wc_settings[…]) and saves it as the
	 * settings screen does; returns the errors shown.
	 *
	 * @param array<string, mixed> $fields
	 * @param list<string>         $clear secrets whose "remove" box is ticked
	 * @return list<string>
	 */
	private function save( string $section, array $fields, array $clear = array() ): array {
		$this->page(); // WooCommerce builds its pages (and their save hooks) before saving.
		$shown                      = count( \WC_Admin_Settings::get_messages_for_stand_in()['errors'] );
		$GLOBALS['current_tab']     = 'libinvoice';
		$GLOBALS['current_section'] = $section;
		$post                       = array(
			Settings::OPTION => $fields,
			'save'           => 'Save changes',
			'_wpnonce'       => wp_create_nonce( 'woocommerce-settings' ),
		);
		if ( $clear ) {
			$post[ SettingsPage::CLEAR_FIELD ] = array_fill_keys( $clear, '1' );
		}
		$_POST    = wp_slash( $post );
		$_REQUEST = $_POST;
		$_GET     = array(
			'page'    => 'wc-settings',
			'tab'     => 'libinvoice',
			'section' => $section,
		);
		\WC_Admin_Settings::save();
		return array_slice( \WC_Admin_Settings::get_messages_for_stand_in()['errors'], $shown );
	}

	/** @return array<string, mixed> */
	private function stored(): array {
		wp_cache_delete( Settings::OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		$stored = get_option( Settings::OPTION, array() );
		return is_array( $stored ) ? $stored : array();
	}

	/**
	 * The connection test as admin-ajax.php runs it; the JSON it answered.
	 *
	 * @return array{success: bool, data: array{status: string, message: string}}
	 */
	private function ajax_test_connection( string $nonce ): array {
		$_POST    = array(
			'action' => SettingsPage::AJAX_ACTION,
			'nonce'  => $nonce,
		);
		$_REQUEST = $_POST;
		add_filter( 'wp_doing_ajax', '__return_true' );
		add_filter(
			'wp_die_ajax_handler',
			static fn () => static function () {
				throw new AjaxAnswered();
			}
		);
		ob_start();
		try {
			do_action( 'wp_ajax_' . SettingsPage::AJAX_ACTION );
			$this->fail( 'the AJAX handler did not answer' );
		} catch ( AjaxAnswered $answered ) {
			// wp_send_json ended the request.
		} finally {
			$output = (string) ob_get_clean();
		}
		$answer = json_decode( $output, true );
		$this->assertIsArray( $answer, "a JSON answer: {$output}" );
		return $answer;
	}

	// --- A typical configuration -------------------------------------------------------------

	/** @return array<string, array<string, mixed>> section => posted fields */
	private function typical(): array {
		return array(
			''           => array(
				'backend'             => 'agent',
				'agent_endpoint'      => $this->sandbox_url(),
				'agent_key'           => self::DEMO_KEY,
				'seller_tax_number'   => '12345678241',
				'paybill_gateway_url' => 'https://system-test.paymentgateway.hu/api/payment/',
				'paybill_store'       => '',
				'paybill_api_key'     => '',
				'szamlahegy_server'   => 'https://ugyfel.szamlahegy.hu',
				'szamlahegy_api_key'  => '',
			),
			'invoice'    => array(
				'e_invoice'             => 'no',
				'number_prefix'         => 'WEB',
				'receipt_prefix'        => 'NYWEB',
				'language'              => 'buyer',
				'payment_deadline_days' => '15',
				'fulfilment_date'       => 'completed',
				'comment'               => "Köszönjük a vásárlást!\nHa kérdése van, írjon.",
				'include_customer_note' => '1',
				'seller_bank'           => 'Példa Bank Zrt.',
				'seller_bank_account'   => '11111111-22222222-33333333',
				'send_email'            => '1',
				'email_reply_to'        => 'bolt@example.hu',
				'email_subject'         => 'Számla a rendeléséről',
				'email_text'            => "Kedves Vásárlónk!\n\nCsatolva küldjük a számlát.",
			),
			'taxes'      => array(
				'zero_rate_by_tax_class' => array(
					'standard'           => '',
					'reduced-rate'       => '',
					'super-reduced-rate' => '',
					'zero-rate'          => 'TAM',
				),
				'service_tax_classes'    => array( 'reduced-rate' ),
				'eu_business_goods'      => 'EUT',
				'eu_business_services'   => 'EUFAD37',
				'outside_eu'             => 'HO',
				'domestic_zero_code'     => 'TAM',
				'rounding'               => 'auto',
			),
			'automation' => array(
				'issue_statuses'    => array( 'processing', 'completed' ),
				'storno_statuses'   => array( 'cancelled', 'refunded' ),
				'paid_methods'      => array( 'bacs' ),
				'mark_paid_methods' => array( 'cod' ),
				'proforma_methods'  => array( 'bacs' ),
			),
			'advanced'   => array(
				'ca_file' => '',
				'logging' => 'all',
			),
		);
	}

	private function save_typical(): void {
		foreach ( $this->typical() as $section => $fields ) {
			$this->assertSame( array(), $this->save( $section, $fields ), "section '{$section}' saved" );
		}
	}

	// --- Tests -------------------------------------------------------------------------------

	public function test_the_invoices_tab_has_its_sections() {
		$page = $this->page();
		$this->assertSame( 'libinvoice', $page->get_id() );
		$this->assertSame( 'Invoices', $page->get_label() );
		$this->assertSame( array( '', 'invoice', 'taxes', 'automation', 'advanced' ), array_keys( $page->get_sections() ) );
		$this->assertSame( 'Invoices', apply_filters( 'woocommerce_settings_tabs_array', array() )['libinvoice'] );

		$html = $this->render( 'taxes' );
		foreach ( array( 'standard', 'reduced-rate', 'super-reduced-rate', 'zero-rate' ) as $class ) {
			$this->assertStringContainsString( 'name="libinvoice_wc_settings[zero_rate_by_tax_class][' . $class . ']"', $html );
		}
		foreach ( array( 'TAM', 'AAM', 'EUT', 'EUKT', 'EUFAD37', 'HO', 'F.AFA', 'ÁKK' ) as $code ) {
			$this->assertStringContainsString( 'value="' . $code . '"', $html );
		}
		$this->assertStringNotContainsString( 'value="TEHK"', $html, 'the withdrawn code is not offered' );

		$html = $this->render( 'automation' );
		foreach ( array( 'bacs', 'cod', 'processing', 'on-hold', 'refunded' ) as $value ) {
			$this->assertStringContainsString( 'value="' . $value . '"', $html );
		}
	}

	public function test_posted_fields_are_stored_in_the_one_option_and_the_core_accepts_them() {
		$this->save_typical();
		$stored = $this->stored();

		$this->assertSame( 'agent', $stored['backend'] );
		$this->assertSame( self::DEMO_KEY, $stored['agent_key'] );
		$this->assertSame( self::SELLER_TAX, $stored['seller_tax_number'], 'the tax number is stored with its dashes' );
		$this->assertSame( 'no', $stored['szamlahegy_test_mode'], 'an unticked box is stored as no' );
		$this->assertSame( 'buyer', $stored['language'] );
		$this->assertSame( '15', $stored['payment_deadline_days'] );
		$this->assertSame( "Köszönjük a vásárlást!\nHa kérdése van, írjon.", $stored['comment'] );
		$this->assertSame( 'yes', $stored['include_customer_note'] );
		$this->assertSame( array( 'zero-rate' => 'TAM' ), $stored['zero_rate_by_tax_class'] );
		$this->assertSame( array( 'reduced-rate' ), $stored['service_tax_classes'] );
		$this->assertSame( 'TAM', $stored['domestic_zero_code'] );
		$this->assertSame( array( 'bacs' ), $stored['paid_methods'] );
		$this->assertSame( array( 'cod' ), $stored['mark_paid_methods'] );
		$this->assertSame( 'all', $stored['logging'] );
		$this->assertSame( array(), array_diff_key( $stored, Settings::defaults() ), 'nothing but settings is stored' );

		// The standard class (slug '') is "standard" in the form and '' in the option.
		$this->assertSame( array(), $this->save( 'taxes', array( 'zero_rate_by_tax_class' => array( 'standard' => 'AAM' ), 'service_tax_classes' => array( 'standard' ) ) + $this->typical()['taxes'] ) );
		$this->assertSame( array( '' => 'AAM' ), $this->stored()['zero_rate_by_tax_class'] );
		$this->assertSame( array( '' ), $this->stored()['service_tax_classes'] );
		$this->assertSame( array(), $this->save( 'taxes', $this->typical()['taxes'] ) );

		$core = Settings::load()->core_settings();
		\LibInvoice\validate_settings( $core );
		$this->assertSame( 'NYWEB', $core['receipt']['number_prefix'] );
		$this->assertSame( array( 'zero-rate' => 'TAM' ), (array) $core['vat']['zero_rate_by_tax_class'] );
		$order    = json_decode( (string) file_get_contents( dirname( __DIR__, 3 ) . '/examples/orders/woocommerce-basic.json' ), true );
		$document = map_order( $order, $core, 'woocommerce' );
		$this->assertInstanceOf( Document::class, $document );

		// What was saved shows again.
		$html = $this->render( 'invoice' );
		$this->assertStringContainsString( 'value="WEB"', $html );
		$this->assertStringContainsString( 'Köszönjük a vásárlást!', $html );
	}

	public function test_the_page_never_shows_a_stored_secret() {
		$secrets = array(
			'agent_key'          => 'agent-SECRET-key-0042',
			'paybill_api_key'    => 'paybill-SECRET-9913',
			'szamlahegy_api_key' => 'hegy-SECRET-7788',
		);
		$this->assertSame( array(), $this->save( '', $secrets + $this->typical()[''] ) );
		$this->assertSame( $secrets, array_intersect_key( $this->stored(), $secrets ) );

		$html = implode( "\n", array_map( array( $this, 'render' ), self::SECTIONS ) );
		foreach ( $secrets as $key => $secret ) {
			$this->assertStringNotContainsString( $secret, $html, "{$key} is not in the page" );
			$this->assertStringNotContainsString( substr( $secret, 0, -4 ), $html, "no part of {$key} but its last four characters" );
			$this->assertStringContainsString( 'placeholder="••••' . substr( $secret, -4 ) . '"', $html, "{$key} shows masked" );
			$this->assertMatchesRegularExpression( '/<input type="password" name="libinvoice_wc_settings\[' . $key . '\]"[^>]* value=""/', $html, "{$key}'s input is empty" );
			$this->assertStringContainsString( 'name="' . SettingsPage::CLEAR_FIELD . '[' . $key . ']"', $html, "{$key} can be removed" );
		}

		// A refused save shows what was typed again, except a new secret.
		$errors = $this->save( '', array( 'agent_key' => 'typed-SECRET-5555', 'agent_endpoint' => 'ftp://nowhere' ) + $this->typical()[''] );
		$this->assertNotEmpty( $errors );
		$html = $this->render( '' );
		$this->assertStringContainsString( 'value="ftp://nowhere"', $html );
		$this->assertStringNotContainsString( 'typed-SECRET-5555', $html );
		$this->assertStringNotContainsString( 'agent-SECRET-key-0042', $html );
		$this->assertStringNotContainsString( 'typed-SECRET-5555', implode( "\n", $errors ) );
	}

	public function test_an_empty_submit_keeps_a_secret_a_new_one_replaces_it_and_clear_removes_it() {
		$this->assertSame( array(), $this->save( '', array( 'agent_key' => 'first-SECRET-1111' ) + $this->typical()[''] ) );
		$this->assertSame( 'first-SECRET-1111', $this->stored()['agent_key'] );

		$this->assertSame( array(), $this->save( '', array( 'agent_key' => '' ) + $this->typical()[''] ) );
		$this->assertSame( 'first-SECRET-1111', $this->stored()['agent_key'], 'an empty field keeps the stored key' );
		$fields = $this->typical()[''];
		unset( $fields['agent_key'] );
		$this->assertSame( array(), $this->save( '', $fields ) );
		$this->assertSame( 'first-SECRET-1111', $this->stored()['agent_key'], 'an absent field keeps the stored key' );

		$this->assertSame( array(), $this->save( '', array( 'agent_key' => '  second-SECRET-2222 ' ) + $this->typical()[''] ) );
		$this->assertSame( 'second-SECRET-2222', $this->stored()['agent_key'], 'a new key replaces it (trimmed)' );

		$this->assertSame( array(), $this->save( '', array( 'agent_key' => '' ) + $this->typical()[''], array( 'agent_key' ) ) );
		$this->assertSame( '', $this->stored()['agent_key'], 'the remove box removes it' );
		$this->assertStringContainsString( 'Not set.', $this->render( '' ) );

		$errors = $this->save( '', array( 'agent_key' => "two words\n" . 'x' ) + $this->typical()[''] );
		$this->assertSame( array( 'Számla Agent key: a key has no spaces or line breaks; paste it again.', 'Nothing was saved: correct the fields above and save again.' ), $errors );
	}

	public function test_a_wp_config_constant_wins_and_is_never_stored() {
		$this->assertSame( array(), $this->save( '', array( 'agent_key' => 'stored-SECRET-3333' ) + $this->typical()[''] ) );
		$code   = <<<'PHP'
			define( 'LIBINVOICE_AGENT_KEY', 'constant-SECRET-key-9876' );
			wp_set_current_user( LibInvoice\WooCommerce\Tests\Users::get( 'administrator' )->ID );
			$GLOBALS['current_tab']     = 'libinvoice';
			$GLOBALS['current_section'] = '';
			$fields = json_decode( getenv( 'LIBINVOICE_TEST_FIELDS' ), true );
			WC_Admin_Settings::get_settings_pages();
			$_POST = $_REQUEST = wp_slash( array(
				'libinvoice_wc_settings'     => $fields,
				'libinvoice_wc_clear_secret' => array( 'agent_key' => '1' ),
				'save'                       => 'Save changes',
				'_wpnonce'                   => wp_create_nonce( 'woocommerce-settings' ),
			) );
			WC_Admin_Settings::save();
			foreach ( WC_Admin_Settings::get_settings_pages() as $page ) {
				if ( $page instanceof LibInvoice\WooCommerce\Admin\SettingsPage ) {
					WC_Admin_Settings::show_messages();
					$page->output();
				}
			}
			$settings = LibInvoice\WooCommerce\Settings::load();
			return array(
				'errors'   => WC_Admin_Settings::get_messages_for_stand_in()['errors'],
				'stored'   => get_option( 'libinvoice_wc_settings' )['agent_key'],
				'in_use'   => $settings->secret( 'agent_key' ),
				'constant' => $settings->secret_from_constant( 'agent_key' ),
			);
			PHP;
		putenv( 'LIBINVOICE_TEST_FIELDS=' . wp_json_encode( array( 'agent_key' => 'posted-SECRET-1212' ) + $this->typical()[''] ) );
		try {
			$result = $this->run_php( $code, array( 'admin' => true ) );
		} finally {
			putenv( 'LIBINVOICE_TEST_FIELDS' );
		}
		$this->assertNull( $result['exception'], (string) $result['exception'] );
		$this->assertSame( array(), $result['return']['errors'] );
		$this->assertTrue( $result['return']['constant'] );
		$this->assertSame( 'constant-SECRET-key-9876', $result['return']['in_use'], 'the constant wins' );
		$this->assertSame( 'stored-SECRET-3333', $result['return']['stored'], 'neither the posted key nor the remove box touched the option' );
		$this->assertStringNotContainsString( 'constant-SECRET-key-9876', $result['output'] );
		$this->assertStringNotContainsString( 'stored-SECRET-3333', $result['output'] );
		$this->assertStringContainsString( 'Set in wp-config.php (LIBINVOICE_AGENT_KEY)', $result['output'] );
		$this->assertStringContainsString( '••••9876', $result['output'] );
		$this->assertDoesNotMatchRegularExpression( '/name="libinvoice_wc_settings\[agent_key\]"/', $result['output'], 'the read-only field posts nothing' );
		$this->assertStringNotContainsString( 'constant-SECRET-key-9876', wp_json_encode( $this->stored() ) );
	}

	public function test_invalid_input_is_refused_with_its_reasons_and_nothing_is_saved() {
		$this->save_typical();
		$before = $this->stored();

		$errors = $this->save(
			'',
			array(
				'agent_endpoint'      => 'ftp://www.szamlazz.hu/szamla/',
				'paybill_gateway_url' => 'http://gateway.example/api/payment/',
				'seller_tax_number'   => '1234-5',
				'agent_key'           => 'a-new-SECRET-key-6060',
			) + $this->typical()['']
		);
		$this->assertSame(
			array(
				'Számla Agent endpoint: enter a full address starting with https://.',
				'Seller tax number: enter a Hungarian tax number: 12345678-1-42.',
				'PayBill gateway URL: the address must start with https:// (plain http:// only reaches a test service on this computer).',
				'Nothing was saved: correct the fields above and save again.',
			),
			$errors
		);
		$this->assertSame( $before, $this->stored(), 'not even the valid new key was stored' );
		$html = $this->render( '' );
		$this->assertStringContainsString( 'class="error inline"', $html );
		$this->assertStringContainsString( 'Seller tax number: enter a Hungarian tax number', $html );
		$this->assertStringNotContainsString( 'Your settings have been saved.', $html );

		$errors = $this->save(
			'invoice',
			array(
				'payment_deadline_days' => '400',
				'email_reply_to'        => 'not an address',
				'language'              => 'xx',
			) + $this->typical()['invoice']
		);
		$this->assertSame(
			array(
				'Invoice language: choose one of the listed options.',
				'Payment deadline (days): enter a whole number of days from 0 to 365.',
				'Reply-to address: enter an e-mail address, or leave it empty.',
				'Nothing was saved: correct the fields above and save again.',
			),
			$errors
		);
		$errors = $this->save( 'taxes', array( 'outside_eu' => 'TEHK' ) + $this->typical()['taxes'] );
		$this->assertSame( 'Buyer outside the EU: choose one of the listed options.', $errors[0] );
		$errors = $this->save( 'automation', array( 'paid_methods' => array( 'bacs', 'no-such-gateway' ) ) + $this->typical()['automation'] );
		$this->assertSame( 'Paid when issued: choose only listed options.', $errors[0] );
		$errors = $this->save( 'advanced', array( 'ca_file' => '/nonexistent/ca.pem' ) + $this->typical()['advanced'] );
		$this->assertSame( 'CA file: no readable file at this path.', $errors[0] );
		$errors = $this->save( 'advanced', array( 'ca_file' => __FILE__ ) + $this->typical()['advanced'] );
		$this->assertStringStartsWith( 'CA file: ', $errors[0] );
		$this->assertStringContainsString( 'PEM', $errors[0], 'the extension read the file as the client would' );
		$this->assertSame( $before, $this->stored() );
	}

	public function test_the_core_refuses_combined_settings_naming_the_field() {
		$this->save_typical();
		$before = $this->stored();

		$errors = $this->save( 'invoice', array( 'number_prefix' => 'WEB-1' ) + $this->typical()['invoice'] );
		$this->assertSame( 'Invoice → Invoice number prefix: `WEB-1` must be 1 to 8 ASCII letters or digits', $errors[0] );
		$this->assertSame( $before, $this->stored() );

		// The receipt prefix must differ from the invoice prefix: a rule across two fields.
		$errors = $this->save( 'invoice', array( 'receipt_prefix' => 'WEB' ) + $this->typical()['invoice'] );
		$this->assertSame( 'Invoice → Receipt prefix: `WEB` is the invoice number prefix; receipts need their own', $errors[0] );
		$this->assertSame( $before, $this->stored() );

		// A bad value stored by an older version, found while another section is saved.
		update_option( Settings::OPTION, array( 'domestic_zero_code' => 'XYZ' ) + $before );
		$errors = $this->save( 'advanced', $this->typical()['advanced'] );
		$this->assertStringStartsWith( 'Taxes → Domestic 0% VAT code: `XYZ` is not a Számla Agent VAT code', $errors[0] );
		$this->assertSame( 'XYZ', $this->stored()['domestic_zero_code'] );

		$this->assertSame( 'Taxes → 0% VAT code: Zero rate', SettingsPage::label_for_path( 'settings.vat.zero_rate_by_tax_class.zero-rate' ) );
		$this->assertSame( 'Taxes → 0% VAT code: Standard rate', SettingsPage::label_for_path( 'settings.vat.zero_rate_by_tax_class.' ) );
		$this->assertSame( 'settings.labels.shipping', SettingsPage::label_for_path( 'settings.labels.shipping' ) );
	}

	public function test_saving_needs_the_capability_and_the_nonce() {
		$this->save_typical();
		$before = $this->stored();

		$this->as_user( 'customer' );
		$errors = $this->save( 'invoice', array( 'comment' => 'a customer was here' ) + $this->typical()['invoice'] );
		$this->assertSame( array( 'Your settings were not saved: you are not allowed to change them, or the page has expired.' ), $errors );
		$this->assertSame( $before, $this->stored() );

		// The page's own save, reached without WooCommerce's nonce check.
		$this->as_user( 'administrator' );
		$GLOBALS['current_section'] = 'invoice';
		$_POST                      = wp_slash( array( Settings::OPTION => array( 'comment' => 'forged' ) + $this->typical()['invoice'] ) );
		$_REQUEST                   = $_POST + array( '_wpnonce' => 'forged' );
		$this->page()->save();
		$this->assertSame( $before, $this->stored() );

		$this->as_user( 'shop_manager' );
		$this->assertSame( array(), $this->save( 'invoice', array( 'comment' => 'by the shop manager' ) + $this->typical()['invoice'] ) );
		$this->assertSame( 'by the shop manager', $this->stored()['comment'] );
	}

	public function test_the_connection_test_needs_the_nonce_and_the_capability() {
		$this->save_typical();

		$answer = $this->ajax_test_connection( 'not-a-nonce' );
		$this->assertFalse( $answer['success'] );
		$this->assertSame( 'The page has expired: reload it and try again.', $answer['data']['message'] );

		$this->as_user( 'customer' );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertFalse( $answer['success'] );
		$this->assertSame( 'You are not allowed to test the invoicing settings.', $answer['data']['message'] );

		$this->as_user( 'guest' );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertFalse( $answer['success'] );
	}

	public function test_a_wrong_agent_key_gives_the_services_code_3_without_the_key() {
		$this->save_typical();
		$this->assertSame( array(), $this->save( '', array( 'agent_key' => self::WRONG_KEY ) + $this->typical()[''] ) );

		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertFalse( $answer['success'] );
		$this->assertSame( 'error', $answer['data']['status'] );
		$this->assertStringContainsString( 'code 3', $answer['data']['message'] );
		$this->assertStringContainsString( 'Check the Számla Agent key.', $answer['data']['message'] );
		$this->assertStringNotContainsString( self::WRONG_KEY, $answer['data']['message'] );
		$this->assertStringNotContainsString( 'wrong-agent-key', $answer['data']['message'] );
	}

	public function test_the_right_agent_key_connects_to_the_sandbox() {
		$this->save_typical();

		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertTrue( $answer['success'], $answer['data']['message'] );
		$this->assertSame( 'ok', $answer['data']['status'] );
		$this->assertStringStartsWith( 'Connected: the Számla Agent accepted the agent key.', $answer['data']['message'] );
		$this->assertStringContainsString( '12345678', $answer['data']['message'] );
		$this->assertStringNotContainsString( self::DEMO_KEY, $answer['data']['message'] );
		$this->assertSame( array(), $this->sandbox_invoices(), 'nothing was issued' );

		// Without the seller's tax number there is nothing to look up.
		update_option( Settings::OPTION, array( 'seller_tax_number' => '' ) + $this->stored() );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertFalse( $answer['success'] );
		$this->assertSame( 'Not configured yet: enter Seller tax number and save.', $answer['data']['message'] );
	}

	public function test_paybill_and_szamlahegy_are_checked_as_far_as_possible_without_issuing() {
		$this->save_typical();
		$base = preg_replace( '#/szamla/$#', '', $this->sandbox_url() );

		$this->assertSame( array(), $this->save( '', array( 'backend' => 'szamlahegy', 'szamlahegy_server' => $base, 'szamlahegy_api_key' => self::SZAMLAHEGY_KEY ) + $this->typical()[''] ) );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertTrue( $answer['success'] );
		$this->assertSame( 'warning', $answer['data']['status'] );
		$this->assertStringStartsWith( 'Számlahegy cannot be tested without issuing an invoice (LibInvoice\UnsupportedException: ', $answer['data']['message'] );
		$this->assertStringNotContainsString( self::SZAMLAHEGY_KEY, $answer['data']['message'] );

		$this->assertSame( array(), $this->save( '', array( 'backend' => 'paybill', 'paybill_gateway_url' => $base . '/api/payment/', 'paybill_store' => self::PAYBILL_STORE, 'paybill_api_key' => self::PAYBILL_KEY ) + $this->typical()[''] ) );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertTrue( $answer['success'] );
		$this->assertSame( 'warning', $answer['data']['status'] );
		$this->assertStringStartsWith( 'PayBill cannot be tested without issuing an invoice', $answer['data']['message'] );
		$this->assertStringContainsString( 'Számla Agent account: Connected: the Számla Agent accepted the agent key.', $answer['data']['message'] );

		// PayBill's Agent account with a wrong key.
		$this->assertSame( array(), $this->save( '', array( 'backend' => 'paybill', 'paybill_gateway_url' => $base . '/api/payment/', 'paybill_store' => self::PAYBILL_STORE, 'agent_key' => self::WRONG_KEY ) + $this->typical()[''] ) );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertFalse( $answer['success'] );
		$this->assertStringContainsString( 'code 3', $answer['data']['message'] );
		$this->assertStringNotContainsString( self::WRONG_KEY, $answer['data']['message'] );
		$this->assertStringNotContainsString( self::PAYBILL_KEY, $answer['data']['message'] );

		// What is missing is named before anything is tried.
		update_option( Settings::OPTION, array( 'paybill_store' => '', 'paybill_api_key' => '' ) + $this->stored() );
		$answer = $this->ajax_test_connection( wp_create_nonce( SettingsPage::AJAX_ACTION ) );
		$this->assertSame( 'Not configured yet: enter PayBill store name, PayBill API key and save.', $answer['data']['message'] );
		$this->assertSame( array(), $this->sandbox_invoices(), 'nothing was issued' );
	}

	public function test_the_page_is_translated_into_hungarian() {
		$result = $this->run_php(
			<<<'PHP'
			// As Plugin::boot loads it, for an administrator whose language is Hungarian.
			add_filter( 'plugin_locale', fn () => 'hu_HU' );
			unload_textdomain( 'libinvoice-woocommerce' );
			load_plugin_textdomain( 'libinvoice-woocommerce', false, dirname( plugin_basename( LIBINVOICE_WC_FILE ) ) . '/languages' );
			return array(
				'label'   => ( new LibInvoice\WooCommerce\Admin\SettingsPage() )->get_label(),
				'storno'  => __( 'Storno invoice', 'libinvoice-woocommerce' ),
				'key'     => __( 'Számla Agent key', 'libinvoice-woocommerce' ),
				'prefix'  => sprintf( __( '0%% VAT code: %s', 'libinvoice-woocommerce' ), 'x' ),
			);
			PHP,
			array( 'admin' => true )
		);
		$this->assertNull( $result['exception'], (string) $result['exception'] );
		$this->assertSame(
			array(
				'label'  => 'Számlázás',
				'storno' => 'Sztornó számla',
				'key'    => 'Számla Agent kulcs',
				'prefix' => '0%-os áfakód: x',
			),
			$result['return']
		);
	}
}

/** Thrown where wp_send_json would end the AJAX request. */
final class AjaxAnswered extends \RuntimeException {
}
