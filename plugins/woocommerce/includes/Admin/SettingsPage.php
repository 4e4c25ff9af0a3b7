<?php
/**
 * WooCommerce → Settings → Invoices: every setting of the plugin, the secrets without ever
 * showing them, validation through the core, and a connection test.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce\Admin;

use LibInvoice\Client;
use LibInvoice\Exception as LibInvoiceException;
use LibInvoice\MappingException;
use LibInvoice\RejectedException;
use LibInvoice\UnsupportedException;
use LibInvoice\WooCommerce\Clients;
use LibInvoice\WooCommerce\Logger;
use LibInvoice\WooCommerce\Settings;

defined( 'ABSPATH' ) || exit;

// WooCommerce defines its settings page base class only while it builds its settings screen;
// the plugin boots before that, so the base class is loaded from WooCommerce itself (the file
// guards against a second definition). Without it this class stays undefined and the page off.
if ( ! class_exists( 'WC_Settings_Page', false ) && defined( 'WC_ABSPATH' ) && is_readable( WC_ABSPATH . 'includes/admin/settings/class-wc-settings-page.php' ) ) {
	require_once WC_ABSPATH . 'includes/admin/settings/class-wc-settings-page.php';
}
if ( ! class_exists( 'WC_Settings_Page', false ) ) {
	return;
}

/**
 * The "Invoices" tab, in sections: Account, Invoice, Taxes, Automation, Advanced.
 *
 * Every field is stored in the one option Settings::OPTION, under ids such as
 * `libinvoice_wc_settings[agent_key]` (WC_Admin_Settings reads such array ids). Saving is done
 * here rather than by WC_Admin_Settings::save_fields so that a section is validated as a whole
 * and stored in one update_option, or not at all.
 */
final class SettingsPage extends \WC_Settings_Page {

	/** The secret field type: never shows the stored value. */
	public const SECRET_TYPE = 'libinvoice_secret';

	/** The "Test connection" button's field type. */
	public const TEST_TYPE = 'libinvoice_test_connection';

	/** The AJAX action of the connection test, also its nonce action. */
	public const AJAX_ACTION = 'libinvoice_wc_test_connection';

	/** Posted "remove the stored secret" checkboxes, kept outside the option. */
	public const CLEAR_FIELD = 'libinvoice_wc_clear_secret';

	/** How the standard tax class (slug '') is named in forms, as WC_Tax::format_tax_rate_class does. */
	private const STANDARD_CLASS = 'standard';

	/** The Számla Agent's VAT codes for 0% lines (core/src/settings.rs VAT_CODES). */
	public const VAT_CODES = array( 'TAM', 'AAM', 'EUT', 'EUKT', 'EUFAD37', 'EUFADE', 'EUE', 'HO', 'F.AFA', 'K.AFA', 'ÁKK', 'TAHK', 'KBAET', 'KBAUK', 'EAM', 'NAM', 'ATK', 'MAA', 'EU', 'EUK' );

	/** Invoice languages of the Számla Agent (`szamlaNyelve`). */
	public const LANGUAGES = array( 'hu', 'en', 'de', 'it', 'ro', 'sk', 'hr', 'fr', 'es', 'cz', 'pl', 'bg', 'nl', 'ru', 'si' );

	/** Hosts that may be reached over plain HTTP (a local sandbox); every other service needs HTTPS. */
	private const LOOPBACK_HOSTS = array( 'localhost', '127.0.0.1', '[::1]', '::1' );

	/**
	 * Values of a save that was refused, shown again instead of the stored ones so nothing typed
	 * is lost (secrets excepted: they are never shown).
	 *
	 * @var array<string, mixed>|null
	 */
	private static ?array $refused = null;

	/** Hooks the page into WooCommerce's settings; called by Plugin::boot. */
	public static function register(): void {
		add_filter( 'woocommerce_get_settings_pages', array( self::class, 'add_page' ) );
		add_action( 'woocommerce_admin_field_' . self::SECRET_TYPE, array( self::class, 'output_secret_field' ) );
		add_action( 'woocommerce_admin_field_' . self::TEST_TYPE, array( self::class, 'output_test_button' ) );
		add_action( 'wp_ajax_' . self::AJAX_ACTION, array( self::class, 'ajax_test_connection' ) );
	}

	/**
	 * @param array<int, \WC_Settings_Page> $pages
	 * @return array<int, \WC_Settings_Page>
	 */
	public static function add_page( $pages ) {
		$pages   = is_array( $pages ) ? $pages : array();
		$pages[] = new self();
		return $pages;
	}

	public function __construct() {
		$this->id    = 'libinvoice';
		$this->label = __( 'Invoices', 'libinvoice-woocommerce' );
		parent::__construct();
	}

	/** @return array<string, string> */
	protected function get_own_sections() {
		return self::sections();
	}

	/** @return array<string, string> section id => label */
	private static function sections(): array {
		return array(
			''           => __( 'Account', 'libinvoice-woocommerce' ),
			'invoice'    => __( 'Invoice', 'libinvoice-woocommerce' ),
			'taxes'      => __( 'Taxes', 'libinvoice-woocommerce' ),
			'automation' => __( 'Automation', 'libinvoice-woocommerce' ),
			'advanced'   => __( 'Advanced', 'libinvoice-woocommerce' ),
		);
	}

	/** @return list<array<string, mixed>> */
	protected function get_settings_for_default_section() {
		$backend_note = __( 'Proformas, storno invoices, payments and PDFs always go through the Számla Agent, so PayBill needs the Agent key as well.', 'libinvoice-woocommerce' );
		return array(
			self::title( 'libinvoice_account', __( 'Invoicing service', 'libinvoice-woocommerce' ), __( 'The service that issues your invoices. Keys can also be defined in wp-config.php (LIBINVOICE_AGENT_KEY, LIBINVOICE_PAYBILL_API_KEY, LIBINVOICE_SZAMLAHEGY_API_KEY), which keeps them out of the database.', 'libinvoice-woocommerce' ) ),
			self::field(
				'backend',
				'select',
				__( 'Service', 'libinvoice-woocommerce' ),
				array(
					'options' => self::backend_options(),
					'desc'    => $backend_note,
				)
			),
			self::end( 'libinvoice_account' ),

			self::title( 'libinvoice_agent', __( 'Számlázz.hu Számla Agent', 'libinvoice-woocommerce' ) ),
			self::field(
				'agent_endpoint',
				'url',
				__( 'Számla Agent endpoint', 'libinvoice-woocommerce' ),
				array(
					'desc'  => __( 'https://www.szamlazz.hu/szamla/ for the live service.', 'libinvoice-woocommerce' ),
					'class' => 'regular-text',
				)
			),
			self::field(
				'agent_key',
				self::SECRET_TYPE,
				__( 'Számla Agent key', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'Create one in your Számlázz.hu account, among the Számla Agent keys.', 'libinvoice-woocommerce' ) )
			),
			self::field(
				'seller_tax_number',
				'text',
				__( 'Seller tax number', 'libinvoice-woocommerce' ),
				array(
					'desc'        => __( 'Your Hungarian tax number (12345678-1-42). The connection test looks it up.', 'libinvoice-woocommerce' ),
					'placeholder' => '12345678-1-42',
				)
			),
			self::end( 'libinvoice_agent' ),

			self::title( 'libinvoice_paybill', __( 'BIG FISH PayBill', 'libinvoice-woocommerce' ), __( 'Invoices of orders paid through the BIG FISH Payment Gateway are issued by PayBill; everything else goes to the Számla Agent account above.', 'libinvoice-woocommerce' ) ),
			self::field(
				'paybill_gateway_url',
				'url',
				__( 'PayBill gateway URL', 'libinvoice-woocommerce' ),
				array(
					'desc'  => __( 'https://system-test.paymentgateway.hu/api/payment/ is the gateway’s test system.', 'libinvoice-woocommerce' ),
					'class' => 'regular-text',
				)
			),
			self::field( 'paybill_store', 'text', __( 'PayBill store name', 'libinvoice-woocommerce' ) ),
			self::field( 'paybill_api_key', self::SECRET_TYPE, __( 'PayBill API key', 'libinvoice-woocommerce' ) ),
			self::end( 'libinvoice_paybill' ),

			self::title( 'libinvoice_szamlahegy', __( 'Számlahegy', 'libinvoice-woocommerce' ) ),
			self::field(
				'szamlahegy_server',
				'url',
				__( 'Számlahegy server', 'libinvoice-woocommerce' ),
				array( 'class' => 'regular-text' )
			),
			self::field( 'szamlahegy_api_key', self::SECRET_TYPE, __( 'Számlahegy API key', 'libinvoice-woocommerce' ) ),
			self::field(
				'szamlahegy_test_mode',
				'checkbox',
				__( 'Test mode', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'Issue test invoices, which are not real invoices.', 'libinvoice-woocommerce' ) )
			),
			self::end( 'libinvoice_szamlahegy' ),

			self::title( 'libinvoice_test', __( 'Connection', 'libinvoice-woocommerce' ) ),
			array(
				'id'        => self::AJAX_ACTION,
				'type'      => self::TEST_TYPE,
				'title'     => __( 'Test connection', 'libinvoice-woocommerce' ),
				'desc'      => __( 'Tests the saved settings: save your changes first. Nothing is issued.', 'libinvoice-woocommerce' ),
				'is_option' => false,
			),
			self::end( 'libinvoice_test' ),
		);
	}

	/** @return list<array<string, mixed>> */
	protected function get_settings_for_invoice_section() {
		return array(
			self::title( 'libinvoice_invoice', __( 'Invoice defaults', 'libinvoice-woocommerce' ) ),
			self::field(
				'e_invoice',
				'select',
				__( 'Invoice kind', 'libinvoice-woocommerce' ),
				array(
					'options' => array(
						'no'  => __( 'Paper invoice', 'libinvoice-woocommerce' ),
						'yes' => __( 'E-invoice', 'libinvoice-woocommerce' ),
					),
					'desc'    => __( 'E-invoices are e-mailed to the buyer and need e-invoicing enabled on your account.', 'libinvoice-woocommerce' ),
				)
			),
			self::field(
				'number_prefix',
				'text',
				__( 'Invoice number prefix', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'A prefix registered on your account (1 to 8 letters or digits); empty: the account’s default.', 'libinvoice-woocommerce' ) )
			),
			self::field(
				'receipt_prefix',
				'text',
				__( 'Receipt prefix', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'Needed to issue receipts: 1 to 5 capital letters or digits, not an invoice prefix.', 'libinvoice-woocommerce' ) )
			),
			self::field(
				'language',
				'select',
				__( 'Invoice language', 'libinvoice-woocommerce' ),
				array( 'options' => self::language_options() )
			),
			self::field(
				'payment_deadline_days',
				'number',
				__( 'Payment deadline (days)', 'libinvoice-woocommerce' ),
				array(
					'desc'              => __( 'For unpaid orders: the due date is the issue date plus this many days.', 'libinvoice-woocommerce' ),
					'custom_attributes' => array(
						'min'  => '0',
						'max'  => '365',
						'step' => '1',
					),
					'css'               => 'width: 6em;',
				)
			),
			self::field(
				'fulfilment_date',
				'select',
				__( 'Fulfilment date', 'libinvoice-woocommerce' ),
				array(
					'options' => array(
						'paid'      => __( 'Payment date (else completion date, else issue date)', 'libinvoice-woocommerce' ),
						'completed' => __( 'Completion date (else payment date, else issue date)', 'libinvoice-woocommerce' ),
						'created'   => __( 'Order date', 'libinvoice-woocommerce' ),
						'issue'     => __( 'Issue date', 'libinvoice-woocommerce' ),
					),
				)
			),
			self::field(
				'comment',
				'textarea',
				__( 'Comment on every invoice', 'libinvoice-woocommerce' ),
				array( 'css' => 'min-height: 4em;' )
			),
			self::field(
				'include_customer_note',
				'checkbox',
				__( 'Customer note', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'Print the buyer’s order note on the invoice', 'libinvoice-woocommerce' ) )
			),
			self::end( 'libinvoice_invoice' ),

			self::title( 'libinvoice_seller', __( 'Seller and e-mail', 'libinvoice-woocommerce' ), __( 'Empty fields take the values of your Számlázz.hu account.', 'libinvoice-woocommerce' ) ),
			self::field( 'seller_bank', 'text', __( 'Bank', 'libinvoice-woocommerce' ) ),
			self::field( 'seller_bank_account', 'text', __( 'Bank account number', 'libinvoice-woocommerce' ) ),
			self::field(
				'send_email',
				'checkbox',
				__( 'E-mail to the buyer', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'Have the service e-mail the invoice to the buyer', 'libinvoice-woocommerce' ) )
			),
			self::field( 'email_reply_to', 'email', __( 'Reply-to address', 'libinvoice-woocommerce' ) ),
			self::field( 'email_subject', 'text', __( 'E-mail subject', 'libinvoice-woocommerce' ), array( 'class' => 'regular-text' ) ),
			self::field( 'email_text', 'textarea', __( 'E-mail text', 'libinvoice-woocommerce' ), array( 'css' => 'min-height: 6em;' ) ),
			self::end( 'libinvoice_seller' ),
		);
	}

	/** @return list<array<string, mixed>> */
	protected function get_settings_for_taxes_section() {
		$codes    = self::vat_code_options();
		$fields   = array(
			self::title( 'libinvoice_zero_rate', __( '0% VAT codes', 'libinvoice-woocommerce' ), __( 'A line taxed at 0% needs a VAT code on the invoice. A code chosen for its tax class wins; otherwise the rules below decide from the buyer.', 'libinvoice-woocommerce' ) ),
		);
		$by_class = (array) self::value( 'zero_rate_by_tax_class' );
		foreach ( self::tax_classes() as $class => $name ) {
			$fields[] = array(
				'id'             => Settings::OPTION . '[zero_rate_by_tax_class][' . self::form_class( $class ) . ']',
				'type'           => 'select',
				/* translators: %s: a WooCommerce tax class */
				'title'          => sprintf( __( '0%% VAT code: %s', 'libinvoice-woocommerce' ), $name ),
				'options'        => array( '' => __( 'No code: the rules below decide', 'libinvoice-woocommerce' ) ) + $codes,
				'default'        => '',
				'value'          => (string) ( $by_class[ $class ] ?? '' ),
				'libinvoice_key' => 'zero_rate_by_tax_class',
				'libinvoice_tax' => $class,
			);
		}
		return array_merge(
			$fields,
			array(
				self::field(
					'service_tax_classes',
					'multiselect',
					__( 'Service tax classes', 'libinvoice-woocommerce' ),
					array(
						'options' => self::form_classes( self::tax_classes() ),
						'value'   => array_map( array( self::class, 'form_class' ), self::list_value( 'service_tax_classes' ) ),
						'desc'    => __( 'Products in these classes are services (for EU business buyers).', 'libinvoice-woocommerce' ),
						'class'   => 'wc-enhanced-select',
					)
				),
				self::field( 'eu_business_goods', 'select', __( 'EU business buyer, goods', 'libinvoice-woocommerce' ), array( 'options' => $codes ) ),
				self::field( 'eu_business_services', 'select', __( 'EU business buyer, services', 'libinvoice-woocommerce' ), array( 'options' => $codes ) ),
				self::field( 'outside_eu', 'select', __( 'Buyer outside the EU', 'libinvoice-woocommerce' ), array( 'options' => $codes ) ),
				self::field(
					'domestic_zero_code',
					'select',
					__( 'Domestic 0% VAT code', 'libinvoice-woocommerce' ),
					array(
						'options' => array( '' => __( 'None: such lines are refused', 'libinvoice-woocommerce' ) ) + $codes,
						'desc'    => __( 'For a 0% line to a Hungarian buyer or an EU private person.', 'libinvoice-woocommerce' ),
					)
				),
				self::end( 'libinvoice_zero_rate' ),

				self::title( 'libinvoice_rates', __( 'Rates and rounding', 'libinvoice-woocommerce' ) ),
				self::field(
					'oss',
					'checkbox',
					__( 'OSS', 'libinvoice-woocommerce' ),
					array( 'desc' => __( 'Rates other than Hungary’s are another member state’s VAT under the One-Stop Shop scheme (otherwise such orders are refused)', 'libinvoice-woocommerce' ) )
				),
				self::field(
					'rounding',
					'select',
					__( 'Rounding', 'libinvoice-woocommerce' ),
					array(
						'options' => array(
							'auto'        => __( 'Automatic: net first for businesses, gross first for private persons', 'libinvoice-woocommerce' ),
							'net_first'   => __( 'Net first', 'libinvoice-woocommerce' ),
							'gross_first' => __( 'Gross first', 'libinvoice-woocommerce' ),
						),
					)
				),
				self::field(
					'subject_exempt_seller',
					'checkbox',
					__( 'Subject-exempt seller', 'libinvoice-woocommerce' ),
					array( 'desc' => __( 'I am subject-exempt (alanyi adómentes): every line gets AAM', 'libinvoice-woocommerce' ) )
				),
				self::end( 'libinvoice_rates' ),
			)
		);
	}

	/** @return list<array<string, mixed>> */
	protected function get_settings_for_automation_section() {
		$statuses = self::order_statuses();
		$methods  = self::payment_methods();
		$multi    = static fn ( array $options, string $desc ): array => array(
			'options' => $options,
			'desc'    => $desc,
			'class'   => 'wc-enhanced-select',
		);
		return array(
			self::title( 'libinvoice_automation', __( 'Automation', 'libinvoice-woocommerce' ), __( 'Invoices are issued in the background, exactly once, whatever happens to the order afterwards.', 'libinvoice-woocommerce' ) ),
			self::field( 'issue_statuses', 'multiselect', __( 'Issue the invoice at', 'libinvoice-woocommerce' ), $multi( $statuses, __( 'Order statuses that issue the invoice.', 'libinvoice-woocommerce' ) ) ),
			self::field( 'storno_statuses', 'multiselect', __( 'Storno invoice at', 'libinvoice-woocommerce' ), $multi( $statuses, __( 'Order statuses that reverse an issued invoice with a storno invoice.', 'libinvoice-woocommerce' ) ) ),
			self::field( 'paid_methods', 'multiselect', __( 'Paid when issued', 'libinvoice-woocommerce' ), $multi( $methods, __( 'Payment methods whose money has arrived when the invoice is issued: the invoice says paid.', 'libinvoice-woocommerce' ) ) ),
			self::field( 'mark_paid_methods', 'multiselect', __( 'Mark paid on completion', 'libinvoice-woocommerce' ), $multi( $methods, __( 'Payment methods (cash on delivery, bank transfer) whose invoice is marked paid when the order is completed.', 'libinvoice-woocommerce' ) ) ),
			self::field( 'proforma_methods', 'multiselect', __( 'Proforma invoice', 'libinvoice-woocommerce' ), $multi( $methods, __( 'Payment methods that get a proforma invoice (díjbekérő) when the order is on hold.', 'libinvoice-woocommerce' ) ) ),
			self::field(
				'receipt_for_private',
				'checkbox',
				__( 'Receipts', 'libinvoice-woocommerce' ),
				array( 'desc' => __( 'Issue a receipt instead of an invoice to private buyers (needs a receipt prefix)', 'libinvoice-woocommerce' ) )
			),
			self::end( 'libinvoice_automation' ),
		);
	}

	/** @return list<array<string, mixed>> */
	protected function get_settings_for_advanced_section() {
		return array(
			self::title( 'libinvoice_advanced', __( 'Advanced', 'libinvoice-woocommerce' ) ),
			self::field(
				'ca_file',
				'text',
				__( 'CA file', 'libinvoice-woocommerce' ),
				array(
					'desc'  => __( 'A PEM file of certificates to trust instead of the public ones (a proxy or a test service). Empty: the public certificates. Certificates are always verified.', 'libinvoice-woocommerce' ),
					'class' => 'regular-text',
				)
			),
			self::field(
				'logging',
				'select',
				__( 'Logging', 'libinvoice-woocommerce' ),
				array(
					'options' => array(
						'off'    => __( 'Off', 'libinvoice-woocommerce' ),
						'errors' => __( 'Errors', 'libinvoice-woocommerce' ),
						'all'    => __( 'Everything', 'libinvoice-woocommerce' ),
					),
					'desc'    => __( 'WooCommerce → Status → Logs, source “libinvoice”. Keys never appear in the log.', 'libinvoice-woocommerce' ),
				)
			),
			self::end( 'libinvoice_advanced' ),
		);
	}

	/**
	 * Validates the section's posted fields together with the other stored settings and stores
	 * them in one update, or reports every problem and stores nothing. Hooked by the base class
	 * on `woocommerce_settings_save_libinvoice`, which WC_Admin_Settings::save fires after
	 * checking the `woocommerce-settings` nonce.
	 */
	public function save() {
		global $current_section;
		self::$refused = null;

		// phpcs:disable WordPress.Security.NonceVerification.Missing -- WC_Admin_Settings::save verified it; checked again here.
		$nonce = isset( $_REQUEST['_wpnonce'] ) ? sanitize_text_field( wp_unslash( $_REQUEST['_wpnonce'] ) ) : '';
		if ( ! current_user_can( 'manage_woocommerce' ) || ! wp_verify_nonce( $nonce, 'woocommerce-settings' ) ) {
			\WC_Admin_Settings::add_error( __( 'Your settings were not saved: you are not allowed to change them, or the page has expired.', 'libinvoice-woocommerce' ) );
			return;
		}
		$posted = isset( $_POST[ Settings::OPTION ] ) && is_array( $_POST[ Settings::OPTION ] ) ? wp_unslash( $_POST[ Settings::OPTION ] ) : array(); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- validated field by field in process().
		$clear  = isset( $_POST[ self::CLEAR_FIELD ] ) && is_array( $_POST[ self::CLEAR_FIELD ] ) ? array_map( 'sanitize_key', array_keys( array_filter( wp_unslash( $_POST[ self::CLEAR_FIELD ] ) ) ) ) : array(); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
		// phpcs:enable

		$section = is_string( $current_section ) ? $current_section : '';
		$result  = self::process( $this->get_settings_for_section( $section ), $posted, $clear, self::stored() );
		if ( array() !== $result['errors'] ) {
			foreach ( $result['errors'] as $error ) {
				\WC_Admin_Settings::add_error( $error );
			}
			\WC_Admin_Settings::add_error( __( 'Nothing was saved: correct the fields above and save again.', 'libinvoice-woocommerce' ) );
			self::$refused = $result['shown'];
			return;
		}
		update_option( Settings::OPTION, $result['values'], true );
		$this->do_update_options_action();
	}

	/**
	 * Turns one section's submission into the complete stored settings, or into errors.
	 *
	 * @param array<int, array<string, mixed>> $fields the section's field definitions
	 * @param array<string, mixed>             $posted `$_POST[Settings::OPTION]`, unslashed
	 * @param list<string>                     $clear  secrets whose "remove" box was ticked
	 * @param array<string, mixed>             $stored the option as stored
	 * @return array{values: array<string, mixed>, errors: list<string>, shown: array<string, mixed>}
	 */
	public static function process( array $fields, array $posted, array $clear, array $stored ): array {
		$values = array_merge( Settings::defaults(), array_intersect_key( $stored, Settings::defaults() ) );
		$errors = array();
		$labels = array();
		$typed  = array(); // What was posted into refused fields, to show it again.
		foreach ( $fields as $field ) {
			$key = $field['libinvoice_key'] ?? null;
			if ( ! is_string( $key ) || ! array_key_exists( $key, Settings::defaults() ) ) {
				continue;
			}
			$label = (string) ( $field['title'] ?? $key );
			if ( 'zero_rate_by_tax_class' === $key ) {
				$class          = (string) $field['libinvoice_tax'];
				$labels[ $key ] = __( '0% VAT code', 'libinvoice-woocommerce' );
				$posted_codes   = is_array( $posted['zero_rate_by_tax_class'] ?? null ) ? $posted['zero_rate_by_tax_class'] : array();
				$raw            = $posted_codes[ self::form_class( $class ) ] ?? '';
				$code           = is_string( $raw ) ? trim( $raw ) : '';
				if ( '' !== $code && ! array_key_exists( $code, $field['options'] ) ) {
					$errors[] = self::error( $label, __( 'choose one of the listed VAT codes.', 'libinvoice-woocommerce' ) );
					continue;
				}
				$by_class = is_array( $values[ $key ] ) ? $values[ $key ] : array();
				unset( $by_class[ $class ] );
				if ( '' !== $code ) {
					$by_class[ $class ] = $code;
				}
				ksort( $by_class, SORT_STRING );
				$values[ $key ] = $by_class;
				continue;
			}
			$labels[ $key ] = $label;
			$raw            = $posted[ $key ] ?? null;
			$outcome        = self::field_value( $field, $key, $raw, in_array( $key, $clear, true ), $values[ $key ] );
			if ( is_string( $outcome ) && str_starts_with( $outcome, "\0" ) ) {
				$errors[] = self::error( $label, substr( $outcome, 1 ) );
				if ( is_string( $raw ) && self::SECRET_TYPE !== $field['type'] ) {
					$typed[ $key ] = sanitize_text_field( $raw );
				}
				continue;
			}
			$values[ $key ] = $outcome;
		}

		if ( array() === $errors ) {
			$core_error = self::core_error( $values, $labels );
			if ( null !== $core_error ) {
				$errors[] = $core_error;
			}
		}
		$shown = array_merge( $values, $typed );
		foreach ( array_keys( Settings::SECRETS ) as $secret ) {
			unset( $shown[ $secret ] );
		}
		return array(
			'values' => $values,
			'errors' => $errors,
			'shown'  => $shown,
		);
	}

	/**
	 * One posted field's value to store; a string starting with "\0" is an error message.
	 *
	 * @param array<string, mixed> $field
	 * @param mixed                $raw     the posted value, null when absent
	 * @param mixed                $current the value stored so far
	 * @return mixed
	 */
	private static function field_value( array $field, string $key, $raw, bool $clear, $current ) {
		$fail = static fn ( string $message ): string => "\0" . $message;
		switch ( $field['type'] ) {
			case self::SECRET_TYPE:
				if ( defined( Settings::SECRETS[ $key ] ) ) {
					return $current; // The constant wins; nothing posted is stored.
				}
				$secret = is_string( $raw ) ? trim( $raw ) : '';
				if ( '' === $secret ) {
					return $clear ? '' : $current;
				}
				if ( strlen( $secret ) > 256 || 1 === preg_match( '/[\s\x00-\x1f\x7f]/', $secret ) ) {
					return $fail( __( 'a key has no spaces or line breaks; paste it again.', 'libinvoice-woocommerce' ) );
				}
				return $secret;

			case 'checkbox':
				return in_array( $raw, array( '1', 'yes', 'on' ), true ) ? 'yes' : 'no';

			case 'select':
				$raw = is_string( $raw ) ? $raw : '';
				if ( ! array_key_exists( $raw, $field['options'] ) ) {
					return $fail( __( 'choose one of the listed options.', 'libinvoice-woocommerce' ) );
				}
				return (string) $raw;

			case 'multiselect':
				$chosen = array();
				foreach ( is_array( $raw ) ? $raw : array() as $item ) {
					if ( ! is_string( $item ) || ! array_key_exists( $item, $field['options'] ) ) {
						return $fail( __( 'choose only listed options.', 'libinvoice-woocommerce' ) );
					}
					$chosen[] = 'service_tax_classes' === $key ? self::stored_class( $item ) : $item;
				}
				return array_values( array_unique( $chosen ) );

			case 'textarea':
				return is_string( $raw ) ? trim( sanitize_textarea_field( $raw ) ) : '';

			case 'url':
				$url = is_string( $raw ) ? trim( $raw ) : '';
				if ( '' === $url ) {
					return Settings::defaults()[ $key ]; // Empty: the service's public address.
				}
				$problem = self::url_problem( $url );
				return null === $problem ? $url : $fail( $problem );

			case 'number':
				$number = is_string( $raw ) ? trim( $raw ) : '';
				if ( 1 !== preg_match( '/^\d{1,3}$/', $number ) || (int) $number > 365 ) {
					return $fail( __( 'enter a whole number of days from 0 to 365.', 'libinvoice-woocommerce' ) );
				}
				return (string) (int) $number;

			case 'email':
				$email = is_string( $raw ) ? trim( $raw ) : '';
				if ( '' !== $email && ! is_email( $email ) ) {
					return $fail( __( 'enter an e-mail address, or leave it empty.', 'libinvoice-woocommerce' ) );
				}
				return $email;

			default:
				$text = is_string( $raw ) ? trim( sanitize_text_field( $raw ) ) : '';
				if ( 'seller_tax_number' === $key && '' !== $text ) {
					if ( 1 !== preg_match( '/^(\d{8})-?(\d)-?(\d{2})$/', $text, $parts ) ) {
						return $fail( __( 'enter a Hungarian tax number: 12345678-1-42.', 'libinvoice-woocommerce' ) );
					}
					return $parts[1] . '-' . $parts[2] . '-' . $parts[3];
				}
				if ( 'ca_file' === $key && '' !== $text ) {
					$problem = self::ca_file_problem( $text );
					return null === $problem ? $text : $fail( $problem );
				}
				return $text;
		}
	}

	/** Why `$url` cannot be a service address, or null. */
	private static function url_problem( string $url ): ?string {
		$parts  = wp_parse_url( $url );
		$scheme = is_array( $parts ) ? strtolower( (string) ( $parts['scheme'] ?? '' ) ) : '';
		$host   = is_array( $parts ) ? strtolower( (string) ( $parts['host'] ?? '' ) ) : '';
		if ( '' === $host || ! in_array( $scheme, array( 'https', 'http' ), true ) || 1 === preg_match( '/\s/', $url ) ) {
			return __( 'enter a full address starting with https://.', 'libinvoice-woocommerce' );
		}
		if ( 'http' === $scheme && ! in_array( $host, self::LOOPBACK_HOSTS, true ) ) {
			return __( 'the address must start with https:// (plain http:// only reaches a test service on this computer).', 'libinvoice-woocommerce' );
		}
		return null;
	}

	/** Why `$path` cannot be the CA file, or null: asks the extension, which reads it as the client will. */
	private static function ca_file_problem( string $path ): ?string {
		if ( ! is_file( $path ) || ! is_readable( $path ) ) {
			return __( 'no readable file at this path.', 'libinvoice-woocommerce' );
		}
		if ( class_exists( Client::class ) ) {
			try {
				new Client( 'https://localhost/', '', $path );
			} catch ( LibInvoiceException $e ) {
				return $e->getMessage();
			}
		}
		return null;
	}

	/**
	 * The core's verdict on the complete settings (LibInvoice\validate_settings, when the
	 * extension has it), as a message naming the field.
	 *
	 * @param array<string, mixed>  $values
	 * @param array<string, string> $labels labels of the fields on this section
	 */
	private static function core_error( array $values, array $labels ): ?string {
		if ( ! function_exists( 'LibInvoice\\validate_settings' ) ) {
			return null;
		}
		try {
			\LibInvoice\validate_settings( ( new Settings( $values ) )->core_settings() );
		} catch ( MappingException $e ) {
			$path   = (string) $e->fieldPath;
			$reason = $e->getMessage();
			if ( '' !== $path && str_starts_with( $reason, $path . ': ' ) ) {
				$reason = substr( $reason, strlen( $path ) + 2 );
			}
			return self::error( self::label_for_path( $path, $labels ), $reason );
		} catch ( LibInvoiceException $e ) {
			return self::error( __( 'Settings', 'libinvoice-woocommerce' ), get_class( $e ) . ': ' . $e->getMessage() );
		}
		return null;
	}

	/**
	 * The field label (with its section) of a path in the core's settings schema, or the path.
	 *
	 * @param array<string, string> $labels labels of the fields on the section being saved
	 */
	public static function label_for_path( string $core_path, array $labels = array() ): string {
		$path = (string) preg_replace( '/^settings\./', '', $core_path );
		if ( 1 === preg_match( '/^vat\.zero_rate_by_tax_class\.(.*)$/', $path, $match ) ) {
			$classes = self::tax_classes();
			/* translators: %s: a WooCommerce tax class */
			return self::in_section( 'taxes', sprintf( __( '0%% VAT code: %s', 'libinvoice-woocommerce' ), $classes[ $match[1] ] ?? $match[1] ) );
		}
		$keys = array(
			'invoice.number_prefix'         => 'number_prefix',
			'invoice.payment_deadline_days' => 'payment_deadline_days',
			'invoice.comment'               => 'comment',
			'invoice.fulfilment_date'       => 'fulfilment_date',
			'invoice.e_invoice'             => 'e_invoice',
			'invoice.send_email'            => 'send_email',
			'receipt.number_prefix'         => 'receipt_prefix',
			'receipt'                       => 'receipt_prefix',
			'language'                      => 'language',
			'seller.bank_account'           => 'seller_bank_account',
			'seller.bank'                   => 'seller_bank',
			'seller.email_reply_to'         => 'email_reply_to',
			'seller.email_subject'          => 'email_subject',
			'seller.email_text'             => 'email_text',
			'vat.eu_business_goods'         => 'eu_business_goods',
			'vat.eu_business_services'      => 'eu_business_services',
			'vat.outside_eu'                => 'outside_eu',
			'vat.domestic'                  => 'domestic_zero_code',
			'vat.service_tax_classes'       => 'service_tax_classes',
			'vat.subject_exempt_seller'     => 'subject_exempt_seller',
			'vat.oss'                       => 'oss',
			'rounding'                      => 'rounding',
			'payment_methods'               => 'paid_methods',
		);
		foreach ( $keys as $prefix => $key ) {
			if ( $path === $prefix || str_starts_with( $path, $prefix . '.' ) || str_starts_with( $path, $prefix . '[' ) ) {
				$titles = self::titles();
				return self::in_section( $titles[ $key ][0], $labels[ $key ] ?? $titles[ $key ][1] );
			}
		}
		return '' === $path ? __( 'Settings', 'libinvoice-woocommerce' ) : $core_path;
	}

	/** "Section → label". */
	private static function in_section( string $section, string $label ): string {
		$sections = self::sections();
		/* translators: 1: a section of the settings (Taxes), 2: a field's label */
		return sprintf( __( '%1$s → %2$s', 'libinvoice-woocommerce' ), $sections[ $section ] ?? $section, $label );
	}

	/**
	 * Each setting's section and label, for messages about fields of other sections.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	private static function titles(): array {
		// Built without the constructor, which would hook the page into WooCommerce a second time.
		$page   = ( new \ReflectionClass( self::class ) )->newInstanceWithoutConstructor();
		$titles = array();
		foreach ( array_keys( self::sections() ) as $section ) {
			$method = '' === $section ? 'get_settings_for_default_section' : 'get_settings_for_' . $section . '_section';
			foreach ( $page->$method() as $field ) {
				if ( isset( $field['libinvoice_key'] ) && ! isset( $titles[ $field['libinvoice_key'] ] ) ) {
					$titles[ $field['libinvoice_key'] ] = array( (string) $section, (string) $field['title'] );
				}
			}
		}
		return $titles;
	}

	/** "Label: reason". */
	private static function error( string $label, string $reason ): string {
		/* translators: 1: a field's label, 2: what is wrong with it */
		return sprintf( __( '%1$s: %2$s', 'libinvoice-woocommerce' ), $label, $reason );
	}

	/**
	 * Renders a secret: an empty input whose placeholder is the masked form of what is stored,
	 * and a box to remove it; read-only text when the wp-config.php constant defines it. The
	 * stored value is never written into the page.
	 *
	 * @param array<string, mixed> $field
	 */
	public static function output_secret_field( $field ): void {
		$key = is_array( $field ) ? (string) ( $field['libinvoice_key'] ?? '' ) : '';
		if ( ! isset( Settings::SECRETS[ $key ] ) ) {
			return;
		}
		$settings    = Settings::load();
		$constant    = Settings::SECRETS[ $key ];
		$masked      = $settings->masked( $key );
		$id          = Settings::OPTION . '[' . $key . ']';
		$description = \WC_Admin_Settings::get_field_description(
			array_merge(
				array(
					'type'     => 'text',
					'desc'     => '',
					'desc_tip' => false,
				),
				$field
			)
		);
		?>
		<tr valign="top">
			<th scope="row" class="titledesc">
				<label for="<?php echo esc_attr( $id ); ?>"><?php echo esc_html( (string) $field['title'] ); ?> <?php echo $description['tooltip_html']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built by WooCommerce from our own text. ?></label>
			</th>
			<td class="forminp forminp-libinvoice-secret">
				<?php if ( $settings->secret_from_constant( $key ) ) : ?>
					<input type="text" id="<?php echo esc_attr( $id ); ?>" class="regular-text" readonly="readonly" value="<?php echo esc_attr( sprintf( /* translators: %s: the constant's name */ __( 'Set in wp-config.php (%s)', 'libinvoice-woocommerce' ), $constant ) ); ?>" />
					<p class="description">
						<?php
						echo esc_html(
							'' === $masked
								? __( 'The constant is empty.', 'libinvoice-woocommerce' )
								/* translators: %s: the key's last four characters after dots */
								: sprintf( __( 'In use: %s. Change it in wp-config.php; nothing entered here is stored.', 'libinvoice-woocommerce' ), $masked )
						);
						?>
					</p>
				<?php else : ?>
					<input type="password" name="<?php echo esc_attr( $id ); ?>" id="<?php echo esc_attr( $id ); ?>" class="regular-text" value="" placeholder="<?php echo esc_attr( $masked ); ?>" autocomplete="new-password" spellcheck="false" />
					<p class="description">
						<?php
						echo esc_html(
							'' === $masked
								? __( 'Not set.', 'libinvoice-woocommerce' )
								/* translators: %s: the key's last four characters after dots */
								: sprintf( __( 'Stored: %s. Leave the field empty to keep it, or enter a new one to replace it.', 'libinvoice-woocommerce' ), $masked )
						);
						?>
					</p>
					<?php if ( '' !== $masked ) : ?>
						<label><input type="checkbox" name="<?php echo esc_attr( self::CLEAR_FIELD . '[' . $key . ']' ); ?>" value="1" /> <?php esc_html_e( 'Remove the stored key', 'libinvoice-woocommerce' ); ?></label>
					<?php endif; ?>
					<?php echo $description['description']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built by WooCommerce with wp_kses_post. ?>
				<?php endif; ?>
			</td>
		</tr>
		<?php
	}

	/**
	 * Renders the "Test connection" button and the script that calls the AJAX action.
	 *
	 * @param array<string, mixed> $field
	 */
	public static function output_test_button( $field ): void {
		$field = is_array( $field ) ? $field : array();
		?>
		<tr valign="top">
			<th scope="row" class="titledesc"><?php echo esc_html( (string) ( $field['title'] ?? '' ) ); ?></th>
			<td class="forminp">
				<button type="button" class="button" id="libinvoice-test-connection"
					data-action="<?php echo esc_attr( self::AJAX_ACTION ); ?>"
					data-nonce="<?php echo esc_attr( wp_create_nonce( self::AJAX_ACTION ) ); ?>"
					data-url="<?php echo esc_url( admin_url( 'admin-ajax.php' ) ); ?>"
					data-testing="<?php esc_attr_e( 'Testing…', 'libinvoice-woocommerce' ); ?>"
					data-failed="<?php esc_attr_e( 'The test could not be run. Reload the page and try again.', 'libinvoice-woocommerce' ); ?>"
				><?php esc_html_e( 'Test connection', 'libinvoice-woocommerce' ); ?></button>
				<span id="libinvoice-test-connection-result" role="status" aria-live="polite"></span>
				<p class="description"><?php echo esc_html( (string) ( $field['desc'] ?? '' ) ); ?></p>
				<style>
					#libinvoice-test-connection-result { margin-left: 1em; }
					#libinvoice-test-connection-result.libinvoice-ok { color: #008a20; }
					#libinvoice-test-connection-result.libinvoice-warning { color: #996800; }
					#libinvoice-test-connection-result.libinvoice-error { color: #d63638; }
				</style>
				<script>
				( function () {
					var button = document.getElementById( 'libinvoice-test-connection' );
					var result = document.getElementById( 'libinvoice-test-connection-result' );
					if ( ! button || ! result || ! window.fetch ) {
						return;
					}
					button.addEventListener( 'click', function () {
						var body = new URLSearchParams();
						body.append( 'action', button.dataset.action );
						body.append( 'nonce', button.dataset.nonce );
						button.disabled = true;
						result.className = '';
						result.textContent = button.dataset.testing;
						window.fetch( button.dataset.url, { method: 'POST', credentials: 'same-origin', body: body } )
							.then( function ( response ) { return response.json(); } )
							.then( function ( answer ) {
								var data = answer && answer.data ? answer.data : {};
								result.className = 'libinvoice-' + ( data.status || ( answer && answer.success ? 'ok' : 'error' ) );
								result.textContent = data.message || button.dataset.failed;
							} )
							.catch( function () {
								result.className = 'libinvoice-error';
								result.textContent = button.dataset.failed;
							} )
							.then( function () { button.disabled = false; } );
					} );
				} )();
				</script>
			</td>
		</tr>
		<?php
	}

	/** `wp_ajax_libinvoice_wc_test_connection`: nonce and capability first, then the test. */
	public static function ajax_test_connection(): void {
		if ( false === check_ajax_referer( self::AJAX_ACTION, 'nonce', false ) ) {
			wp_send_json_error(
				array(
					'status'  => 'error',
					'message' => __( 'The page has expired: reload it and try again.', 'libinvoice-woocommerce' ),
				),
				403
			);
		}
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_send_json_error(
				array(
					'status'  => 'error',
					'message' => __( 'You are not allowed to test the invoicing settings.', 'libinvoice-woocommerce' ),
				),
				403
			);
		}
		$result = self::test_connection( Settings::load() );
		if ( 'error' === $result['status'] ) {
			wp_send_json_error( $result );
		}
		wp_send_json_success( $result );
	}

	/**
	 * Checks the saved settings without issuing anything: the Számla Agent answers an
	 * authenticated taxpayer lookup of the seller's own tax number; PayBill and Számlahegy have
	 * no call that issues nothing, so for them only the configuration is checked (and, for
	 * PayBill, the Számla Agent account behind it).
	 *
	 * @return array{status: 'ok'|'warning'|'error', message: string}
	 */
	public static function test_connection( Settings $settings ): array {
		$result = self::run_test( $settings );
		return array(
			'status'  => $result[0],
			'message' => Logger::redact( $result[1], $settings ),
		);
	}

	/** @return array{0: 'ok'|'warning'|'error', 1: string} */
	private static function run_test( Settings $settings ): array {
		if ( ! class_exists( Client::class ) ) {
			return array( 'error', __( 'The libinvoice PHP extension is not loaded.', 'libinvoice-woocommerce' ) );
		}
		$backend = (string) $settings->get( 'backend' );
		$missing = self::missing( $settings, $backend );
		if ( array() !== $missing ) {
			/* translators: %s: the missing settings, comma separated */
			return array( 'error', sprintf( __( 'Not configured yet: enter %s and save.', 'libinvoice-woocommerce' ), implode( ', ', $missing ) ) );
		}
		$tax_base = substr( (string) preg_replace( '/\D/', '', (string) $settings->get( 'seller_tax_number' ) ), 0, 8 );
		try {
			$client = Clients::primary( $settings );
			try {
				return self::agent_answer( $client->queryTaxpayer( '' === $tax_base ? '00000000' : $tax_base ), $tax_base );
			} catch ( UnsupportedException $e ) {
				$message = sprintf(
					/* translators: 1: the service (PayBill, Számlahegy), 2: the extension's explanation */
					__( '%1$s cannot be tested without issuing an invoice (%2$s). Its settings are complete; the first invoice will show whether the service accepts them.', 'libinvoice-woocommerce' ),
					$client->backend(),
					get_class( $e ) . ': ' . $e->getMessage()
				);
				if ( 'paybill' !== $backend ) {
					return array( 'warning', $message );
				}
				$agent = self::agent_answer( Clients::agent( $settings )->queryTaxpayer( $tax_base ), $tax_base );
				/* translators: 1: what PayBill's test says, 2: the Számla Agent account's test result */
				return array( 'ok' === $agent[0] ? 'warning' : 'error', sprintf( __( '%1$s Számla Agent account: %2$s', 'libinvoice-woocommerce' ), $message, $agent[1] ) );
			}
		} catch ( RejectedException $e ) {
			return array( 'error', self::refused( $e->vendorCode, get_class( $e ) . ': ' . $e->getMessage() ) );
		} catch ( LibInvoiceException $e ) {
			return array( 'error', get_class( $e ) . ': ' . $e->getMessage() );
		}
	}

	/**
	 * What a taxpayer lookup says about the connection.
	 *
	 * @param array<string, mixed> $answer
	 * @return array{0: 'ok'|'error', 1: string}
	 */
	private static function agent_answer( array $answer, string $tax_base ): array {
		if ( empty( $answer['success'] ) ) {
			$code    = isset( $answer['error_code'] ) ? (int) $answer['error_code'] : null;
			$message = sprintf(
				/* translators: 1: the service's error code, 2: its message */
				__( 'The Számla Agent refused the request (code %1$s): %2$s', 'libinvoice-woocommerce' ),
				null === $code ? '-' : (string) $code,
				(string) ( $answer['error_message'] ?? '' )
			);
			return array( 'error', self::refused( $code, $message ) );
		}
		$found = ! empty( $answer['valid'] ) && ! empty( $answer['name'] )
			/* translators: 1: a tax number's first 8 digits, 2: the taxpayer's name */
			? sprintf( __( 'NAV knows %1$s as %2$s.', 'libinvoice-woocommerce' ), $tax_base, (string) $answer['name'] )
			/* translators: %s: a tax number's first 8 digits */
			: sprintf( __( 'NAV did not find the tax number %s.', 'libinvoice-woocommerce' ), $tax_base );
		/* translators: %s: what NAV said about the seller's tax number */
		return array( 'ok', sprintf( __( 'Connected: the Számla Agent accepted the agent key. %s', 'libinvoice-woocommerce' ), $found ) );
	}

	/** A refusal's message, with advice for the account codes. */
	private static function refused( ?int $code, string $message ): string {
		$advice = match ( $code ) {
			3 => __( 'Check the Számla Agent key.', 'libinvoice-woocommerce' ),
			135, 136, 164 => __( 'Check your Számlázz.hu account and subscription.', 'libinvoice-woocommerce' ),
			default => '',
		};
		if ( '' === $advice ) {
			return $message;
		}
		return ( 1 === preg_match( '/[.!?]$/u', $message ) ? $message : $message . '.' ) . ' ' . $advice;
	}

	/**
	 * Labels of the settings the backend needs that are empty.
	 *
	 * @return list<string>
	 */
	private static function missing( Settings $settings, string $backend ): array {
		$needed = array(
			'agent'      => array( 'agent_key', 'seller_tax_number' ),
			'paybill'    => array( 'paybill_store', 'paybill_api_key', 'agent_key', 'seller_tax_number' ),
			'szamlahegy' => array( 'szamlahegy_api_key' ),
		);
		$titles  = self::titles();
		$missing = array();
		foreach ( $needed[ $backend ] ?? array() as $key ) {
			$value = isset( Settings::SECRETS[ $key ] ) ? $settings->secret( $key ) : (string) $settings->get( $key );
			if ( '' === trim( $value ) ) {
				$missing[] = $titles[ $key ][1] ?? $key;
			}
		}
		return $missing;
	}

	// Field helpers.

	/**
	 * A field stored under `libinvoice_wc_settings[$key]`, showing its current value.
	 *
	 * @param array<string, mixed> $extra
	 * @return array<string, mixed>
	 */
	private static function field( string $key, string $type, string $title, array $extra = array() ): array {
		return array_merge(
			array(
				'id'             => Settings::OPTION . '[' . $key . ']',
				'type'           => $type,
				'title'          => $title,
				'default'        => Settings::defaults()[ $key ],
				// Given explicitly, so WooCommerce never reads a secret to render it.
				'value'          => self::SECRET_TYPE === $type ? '' : self::value( $key ),
				'libinvoice_key' => $key,
			),
			$extra
		);
	}

	/** @return array<string, string> */
	private static function title( string $id, string $title, string $desc = '' ): array {
		return array(
			'id'    => $id,
			'type'  => 'title',
			'title' => $title,
			'desc'  => $desc,
		);
	}

	/** @return array<string, string> */
	private static function end( string $id ): array {
		return array(
			'id'   => $id,
			'type' => 'sectionend',
		);
	}

	/**
	 * The option as stored.
	 *
	 * @return array<string, mixed>
	 */
	private static function stored(): array {
		$stored = get_option( Settings::OPTION, array() );
		return is_array( $stored ) ? $stored : array();
	}

	/** A setting's value to show: a refused submission's, else the stored one, else the default. */
	private static function value( string $key ): mixed {
		if ( null !== self::$refused && array_key_exists( $key, self::$refused ) ) {
			return self::$refused[ $key ];
		}
		return ( new Settings( self::stored() ) )->get( $key );
	}

	/** @return list<string> */
	private static function list_value( string $key ): array {
		$value = self::value( $key );
		return is_array( $value ) ? array_values( array_map( 'strval', $value ) ) : array();
	}

	/** @return array<string, string> */
	private static function backend_options(): array {
		return array(
			'agent'      => __( 'Számlázz.hu Számla Agent', 'libinvoice-woocommerce' ),
			'paybill'    => __( 'BIG FISH PayBill (with the Számla Agent)', 'libinvoice-woocommerce' ),
			'szamlahegy' => __( 'Számlahegy', 'libinvoice-woocommerce' ),
		);
	}

	/** @return array<string, string> */
	private static function language_options(): array {
		return array(
			'hu'    => __( 'Hungarian', 'libinvoice-woocommerce' ),
			'en'    => __( 'English', 'libinvoice-woocommerce' ),
			'de'    => __( 'German', 'libinvoice-woocommerce' ),
			'it'    => __( 'Italian', 'libinvoice-woocommerce' ),
			'ro'    => __( 'Romanian', 'libinvoice-woocommerce' ),
			'sk'    => __( 'Slovak', 'libinvoice-woocommerce' ),
			'hr'    => __( 'Croatian', 'libinvoice-woocommerce' ),
			'fr'    => __( 'French', 'libinvoice-woocommerce' ),
			'es'    => __( 'Spanish', 'libinvoice-woocommerce' ),
			'cz'    => __( 'Czech', 'libinvoice-woocommerce' ),
			'pl'    => __( 'Polish', 'libinvoice-woocommerce' ),
			'bg'    => __( 'Bulgarian', 'libinvoice-woocommerce' ),
			'nl'    => __( 'Dutch', 'libinvoice-woocommerce' ),
			'ru'    => __( 'Russian', 'libinvoice-woocommerce' ),
			'si'    => __( 'Slovenian', 'libinvoice-woocommerce' ),
			'buyer' => __( 'The buyer’s language (Hungarian where the service has none)', 'libinvoice-woocommerce' ),
		);
	}

	/** @return array<string, string> code => "CODE – meaning" */
	public static function vat_code_options(): array {
		$meanings = array(
			'TAM'     => __( 'exempt supply', 'libinvoice-woocommerce' ),
			'AAM'     => __( 'subject-exempt seller', 'libinvoice-woocommerce' ),
			'EUT'     => __( 'within the EU (formerly EU)', 'libinvoice-woocommerce' ),
			'EUKT'    => __( 'outside the EU (formerly EUK)', 'libinvoice-woocommerce' ),
			'EUFAD37' => __( 'supplied in another member state, reverse charge under § 37 of the VAT Act', 'libinvoice-woocommerce' ),
			'EUFADE'  => __( 'supplied in another member state, other reverse charge', 'libinvoice-woocommerce' ),
			'EUE'     => __( 'supplied in another member state, not reverse charge', 'libinvoice-woocommerce' ),
			'HO'      => __( 'supplied in a third country', 'libinvoice-woocommerce' ),
			'F.AFA'   => __( 'domestic reverse charge', 'libinvoice-woocommerce' ),
			'K.AFA'   => __( 'margin scheme', 'libinvoice-woocommerce' ),
			'ÁKK'     => __( 'outside the scope of VAT', 'libinvoice-woocommerce' ),
			'TAHK'    => __( 'outside the material scope of the VAT Act', 'libinvoice-woocommerce' ),
			'KBAET'   => __( 'exempt intra-Community supply of goods', 'libinvoice-woocommerce' ),
			'KBAUK'   => __( 'exempt intra-Community supply of new means of transport', 'libinvoice-woocommerce' ),
			'EAM'     => __( 'exempt export of goods', 'libinvoice-woocommerce' ),
			'NAM'     => __( 'exempt international transaction', 'libinvoice-woocommerce' ),
			'ATK'     => __( 'transaction outside the material scope of VAT', 'libinvoice-woocommerce' ),
			'MAA'     => __( 'exempt from tax', 'libinvoice-woocommerce' ),
			'EU'      => __( 'within the EU (old code)', 'libinvoice-woocommerce' ),
			'EUK'     => __( 'outside the EU (old code)', 'libinvoice-woocommerce' ),
		);
		$options = array();
		foreach ( self::VAT_CODES as $code ) {
			/* translators: 1: a VAT code (TAM), 2: its meaning */
			$options[ $code ] = sprintf( __( '%1$s – %2$s', 'libinvoice-woocommerce' ), $code, $meanings[ $code ] );
		}
		return $options;
	}

	/**
	 * The shop's tax classes: '' (standard) first, then WooCommerce's, by slug.
	 *
	 * @return array<string, string> slug => name
	 */
	private static function tax_classes(): array {
		$classes = array( '' => __( 'Standard rate', 'libinvoice-woocommerce' ) );
		if ( class_exists( 'WC_Tax' ) ) {
			$slugs = \WC_Tax::get_tax_class_slugs();
			$names = \WC_Tax::get_tax_classes();
			foreach ( array_values( $slugs ) as $i => $slug ) {
				$classes[ (string) $slug ] = (string) ( array_values( $names )[ $i ] ?? $slug );
			}
		}
		return $classes;
	}

	/** A tax class as named in forms ('' cannot be an array key in a form). */
	private static function form_class( string $class ): string {
		return '' === $class ? self::STANDARD_CLASS : $class;
	}

	private static function stored_class( string $form_class ): string {
		return self::STANDARD_CLASS === $form_class ? '' : $form_class;
	}

	/**
	 * @param array<string, string> $classes
	 * @return array<string, string>
	 */
	private static function form_classes( array $classes ): array {
		$options = array();
		foreach ( $classes as $class => $name ) {
			$options[ self::form_class( (string) $class ) ] = $name;
		}
		return $options;
	}

	/** @return array<string, string> status without `wc-` => label */
	private static function order_statuses(): array {
		$statuses = array();
		foreach ( wc_get_order_statuses() as $status => $label ) {
			$statuses[ (string) preg_replace( '/^wc-/', '', (string) $status ) ] = (string) $label;
		}
		return $statuses;
	}

	/**
	 * The shop's payment gateways, and methods chosen earlier whose gateway is gone.
	 *
	 * @return array<string, string> gateway id => label
	 */
	private static function payment_methods(): array {
		$methods = array();
		$gateways = function_exists( 'WC' ) && WC()->payment_gateways() ? WC()->payment_gateways()->payment_gateways() : array();
		foreach ( $gateways as $id => $gateway ) {
			$title = is_object( $gateway ) && method_exists( $gateway, 'get_method_title' ) ? (string) $gateway->get_method_title() : '';
			if ( '' === $title && is_object( $gateway ) && method_exists( $gateway, 'get_title' ) ) {
				$title = (string) $gateway->get_title();
			}
			$methods[ (string) $id ] = '' === $title ? (string) $id : sprintf( '%1$s (%2$s)', wp_strip_all_tags( $title ), $id );
		}
		$settings = new Settings( self::stored() );
		foreach ( array( 'paid_methods', 'mark_paid_methods', 'proforma_methods' ) as $key ) {
			foreach ( $settings->list( $key ) as $id ) {
				/* translators: %s: a payment method's id */
				$methods[ $id ] ??= sprintf( __( '%s (no longer installed)', 'libinvoice-woocommerce' ), $id );
			}
		}
		return $methods;
	}
}
