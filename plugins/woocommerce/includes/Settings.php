<?php
/**
 * The shop's invoicing settings as stored in WordPress, and their translation into the core's
 * settings schema.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * One option (`libinvoice_wc_settings`) holds every setting; secrets may instead come from
 * constants in wp-config.php, which then win and are never stored.
 */
final class Settings {

	public const OPTION = 'libinvoice_wc_settings';

	/** The shop's id in every external invoice id: generated once, never changed. */
	public const SHOP_ID_OPTION = 'libinvoice_wc_shop_id';

	/** Secret settings and the wp-config.php constants that override them. */
	public const SECRETS = array(
		'agent_key'          => 'LIBINVOICE_AGENT_KEY',
		'paybill_api_key'    => 'LIBINVOICE_PAYBILL_API_KEY',
		'szamlahegy_api_key' => 'LIBINVOICE_SZAMLAHEGY_API_KEY',
	);

	public const BACKENDS = array( 'agent', 'paybill', 'szamlahegy' );

	/** @var array<string, mixed> */
	private array $values;

	/** @param array<string, mixed> $values stored values; missing ones take their defaults */
	public function __construct( array $values ) {
		$this->values = array_merge( self::defaults(), array_intersect_key( $values, self::defaults() ) );
	}

	public static function load(): self {
		$stored = get_option( self::OPTION, array() );
		return new self( is_array( $stored ) ? $stored : array() );
	}

	/** @return array<string, mixed> */
	public static function defaults(): array {
		return array(
			// Account.
			'backend'                 => 'agent',
			'agent_endpoint'          => 'https://www.szamlazz.hu/szamla/',
			'agent_key'               => '',
			'paybill_gateway_url'     => 'https://system-test.paymentgateway.hu/api/payment/',
			'paybill_store'           => '',
			'paybill_api_key'         => '',
			'szamlahegy_server'       => 'https://ugyfel.szamlahegy.hu',
			'szamlahegy_api_key'      => '',
			'szamlahegy_test_mode'    => 'no',
			// Seller.
			'seller_tax_number'       => '',
			'seller_bank'             => '',
			'seller_bank_account'     => '',
			'email_reply_to'          => '',
			'email_subject'           => '',
			'email_text'              => '',
			// Invoice.
			'e_invoice'               => 'no',
			'number_prefix'           => '',
			'receipt_prefix'          => '',
			'language'                => 'hu',
			'payment_deadline_days'   => '8',
			'comment'                 => '',
			'send_email'              => 'yes',
			'fulfilment_date'         => 'paid',
			'include_customer_note'   => 'no',
			// Taxes.
			'subject_exempt_seller'   => 'no',
			'zero_rate_by_tax_class'  => array(),
			'service_tax_classes'     => array(),
			'domestic_zero_code'      => '',
			'eu_business_goods'       => 'EUT',
			'eu_business_services'    => 'EUFAD37',
			'outside_eu'              => 'HO',
			'oss'                     => 'no',
			'rounding'                => 'auto',
			// Automation.
			'issue_statuses'          => array( 'processing', 'completed' ),
			'storno_statuses'         => array( 'cancelled', 'refunded' ),
			'paid_methods'            => array(),
			'mark_paid_methods'       => array(),
			'proforma_methods'        => array(),
			'receipt_for_private'     => 'no',
			// Advanced.
			'ca_file'                 => '',
			'logging'                 => 'errors',
		);
	}

	/** A plain setting (never a secret: see secret()). */
	public function get( string $key ): mixed {
		return $this->values[ $key ];
	}

	public function enabled( string $key ): bool {
		return 'yes' === $this->values[ $key ];
	}

	/** @return list<string> */
	public function list( string $key ): array {
		$value = $this->values[ $key ];
		return is_array( $value ) ? array_values( array_map( 'strval', $value ) ) : array();
	}

	/** A secret's value: the wp-config.php constant when defined, else the stored one. */
	public function secret( string $key ): string {
		$constant = self::SECRETS[ $key ];
		if ( defined( $constant ) ) {
			return (string) constant( $constant );
		}
		return (string) $this->values[ $key ];
	}

	public function secret_from_constant( string $key ): bool {
		return defined( self::SECRETS[ $key ] );
	}

	/** How a stored secret is shown: its last four characters only. */
	public function masked( string $key ): string {
		$secret = $this->secret( $key );
		return '' === $secret ? '' : '••••' . substr( $secret, -4 );
	}

	/** Every secret's current value, for redacting logs and messages. */
	public function secret_values(): array {
		return array_values( array_filter( array_map( array( $this, 'secret' ), array_keys( self::SECRETS ) ) ) );
	}

	public static function shop_id(): string {
		$shop_id = get_option( self::SHOP_ID_OPTION );
		if ( ! is_string( $shop_id ) || '' === $shop_id ) {
			$shop_id = 'wc-' . strtolower( wp_generate_password( 12, false, false ) );
			// add_option refuses to overwrite: when two requests race, both read back the winner.
			add_option( self::SHOP_ID_OPTION, $shop_id, '', false );
			$shop_id = (string) get_option( self::SHOP_ID_OPTION );
		}
		return $shop_id;
	}

	/**
	 * The settings in the core's schema (docs/order-schema.md), validated by the extension.
	 *
	 * @return array<string, mixed>
	 */
	public function core_settings(): array {
		$paid_methods = $this->list( 'paid_methods' );
		$methods      = array();
		foreach ( array_unique( array_merge( $paid_methods, $this->list( 'mark_paid_methods' ), $this->list( 'proforma_methods' ) ) ) as $method ) {
			$methods[ $method ] = array( 'paid' => in_array( $method, $paid_methods, true ) );
		}
		$language = (string) $this->values['language'];

		return array(
			'shop_id'         => self::shop_id(),
			'seller'          => self::present(
				array(
					'bank'           => $this->values['seller_bank'],
					'bank_account'   => $this->values['seller_bank_account'],
					'email_reply_to' => $this->values['email_reply_to'],
					'email_subject'  => $this->values['email_subject'],
					'email_text'     => $this->values['email_text'],
				)
			),
			'invoice'         => self::present(
				array(
					'e_invoice'             => $this->enabled( 'e_invoice' ),
					'number_prefix'         => $this->values['number_prefix'],
					'payment_deadline_days' => (int) $this->values['payment_deadline_days'],
					'comment'               => $this->values['comment'],
					'send_email'            => $this->enabled( 'send_email' ),
					'fulfilment_date'       => $this->values['fulfilment_date'],
					'include_customer_note' => $this->enabled( 'include_customer_note' ),
				)
			),
			'language'        => 'buyer' === $language
				? array(
					'policy'   => 'from_locale',
					'fallback' => 'hu',
				)
				: array(
					'policy'   => 'fixed',
					'language' => $language,
				),
			'payment_methods' => array(
				'methods'       => (object) $methods,
				'unlisted_paid' => false,
			),
			'vat'             => self::present(
				array(
					'subject_exempt_seller'  => $this->enabled( 'subject_exempt_seller' ),
					'zero_rate_by_tax_class' => (object) array_filter( (array) $this->values['zero_rate_by_tax_class'] ),
					'service_tax_classes'    => $this->list( 'service_tax_classes' ),
					'eu_business_goods'      => $this->values['eu_business_goods'],
					'eu_business_services'   => $this->values['eu_business_services'],
					'outside_eu'             => $this->values['outside_eu'],
					'domestic'               => $this->values['domestic_zero_code'],
					'oss'                    => $this->enabled( 'oss' ),
				)
			),
			'receipt'         => self::present( array( 'number_prefix' => $this->values['receipt_prefix'] ) ),
			'rounding'        => $this->values['rounding'],
		);
	}

	/**
	 * Leaves out empty texts, so the core applies its own default or "none".
	 *
	 * @param array<string, mixed> $fields
	 * @return array<string, mixed>
	 */
	private static function present( array $fields ): array {
		return array_filter( $fields, static fn ( $value ) => '' !== $value && null !== $value );
	}
}
