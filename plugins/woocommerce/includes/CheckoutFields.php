<?php
/**
 * An optional tax number field for company buyers, in the classic and the block checkout.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * Classic checkout: a billing field `billing_tax_number`, kept as the order meta
 * `_billing_tax_number` (OrderAdapter::TAX_NUMBER_META) through the order CRUD API, editable in
 * the order's billing address in the admin. Block checkout (WooCommerce 8.9+): an additional
 * field `libinvoice/tax-number` in the address location, which WooCommerce stores as
 * `_wc_billing/libinvoice/tax-number` (OrderAdapter::BLOCK_TAX_NUMBER_META) for the billing
 * address. Both are optional and only trimmed here: whether the number is a valid Hungarian tax
 * number or an EU VAT number, and what it means for the invoice, is the core's decision.
 */
final class CheckoutFields {

	public const CLASSIC_FIELD = 'billing_tax_number';
	public const BLOCK_FIELD   = 'libinvoice/tax-number';

	/** Longest accepted input: an EU VAT number has at most 14 characters; room for spaces and dashes. */
	public const MAX_LENGTH = 32;

	public static function register(): void {
		add_filter( 'woocommerce_billing_fields', array( self::class, 'billing_fields' ), 20 );
		add_action( 'woocommerce_checkout_create_order', array( self::class, 'save_classic' ), 10, 2 );
		add_filter( 'woocommerce_admin_billing_fields', array( self::class, 'admin_billing_fields' ) );
		if ( did_action( 'woocommerce_init' ) ) {
			self::register_block_field();
		} else {
			add_action( 'woocommerce_init', array( self::class, 'register_block_field' ) );
		}
	}

	/**
	 * Adds the field after the company name of the billing address (checkout and My Account).
	 *
	 * @param array<string, array<string, mixed>> $fields
	 * @return array<string, array<string, mixed>>
	 */
	public static function billing_fields( $fields ): array {
		$fields = is_array( $fields ) ? $fields : array();
		$fields[ self::CLASSIC_FIELD ] = array(
			'label'             => __( 'Tax number / EU VAT number', 'libinvoice-woocommerce' ),
			'description'       => __( 'Only for company purchases: the tax number to print on the invoice.', 'libinvoice-woocommerce' ),
			'required'          => false,
			'type'              => 'text',
			'class'             => array( 'form-row-wide' ),
			'autocomplete'      => 'off',
			'priority'          => isset( $fields['billing_company']['priority'] ) ? (int) $fields['billing_company']['priority'] + 1 : 31,
			'custom_attributes' => array( 'maxlength' => (string) self::MAX_LENGTH ),
		);
		return $fields;
	}

	/**
	 * Classic checkout: stores the posted value on the new order. (WooCommerce also stores any
	 * `billing_*` field as `_billing_*` meta; this keeps the value trimmed and does not depend on
	 * that compatibility behaviour.)
	 *
	 * @param \WC_Order            $order
	 * @param array<string, mixed> $data the checkout's posted data, validated by WooCommerce
	 */
	public static function save_classic( $order, $data ): void {
		if ( ! $order instanceof \WC_Order || ! is_array( $data ) || ! isset( $data[ self::CLASSIC_FIELD ] ) ) {
			return;
		}
		$value = self::clean( $data[ self::CLASSIC_FIELD ] );
		if ( '' === $value ) {
			$order->delete_meta_data( OrderAdapter::TAX_NUMBER_META );
		} else {
			$order->update_meta_data( OrderAdapter::TAX_NUMBER_META, $value );
		}
	}

	/**
	 * Shows (and lets a manager correct) the tax number in the order's billing address; WooCommerce
	 * reads and saves a field without a getter as `_billing_<key>` meta through the CRUD API.
	 *
	 * @param array<string, array<string, mixed>> $fields
	 * @return array<string, array<string, mixed>>
	 */
	public static function admin_billing_fields( $fields ): array {
		$fields              = is_array( $fields ) ? $fields : array();
		$fields['tax_number'] = array(
			'label' => __( 'Tax number', 'libinvoice-woocommerce' ),
			'show'  => true,
		);
		return $fields;
	}

	/** Block checkout: the additional field (WooCommerce 8.9 and later; earlier ones have no API). */
	public static function register_block_field(): void {
		if ( ! function_exists( 'woocommerce_register_additional_checkout_field' ) ) {
			return;
		}
		try {
			woocommerce_register_additional_checkout_field( self::block_field() );
		} catch ( \Throwable $e ) {
			Logger::error( 'the block checkout tax number field could not be registered: ' . $e->getMessage() );
		}
	}

	/**
	 * The block field's definition. `address` (not `contact`) is the location whose value is kept
	 * per address, as `_wc_billing/<id>` and `_wc_shipping/<id>`; the invoice reads the billing one.
	 *
	 * @return array<string, mixed>
	 */
	public static function block_field(): array {
		return array(
			'id'                => self::BLOCK_FIELD,
			'label'             => __( 'Tax number / EU VAT number (companies)', 'libinvoice-woocommerce' ),
			'optionalLabel'     => __( 'Tax number / EU VAT number (companies, optional)', 'libinvoice-woocommerce' ),
			'location'          => 'address',
			'type'              => 'text',
			'required'          => false,
			'attributes'        => array(
				'autocomplete' => 'off',
				'maxLength'    => self::MAX_LENGTH,
			),
			'sanitize_callback' => array( self::class, 'clean' ),
		);
	}

	/** Trimmed plain text of at most MAX_LENGTH characters; nothing else is judged here. */
	public static function clean( $value ): string {
		if ( ! is_scalar( $value ) ) {
			return '';
		}
		return mb_substr( trim( sanitize_text_field( (string) $value ) ), 0, self::MAX_LENGTH );
	}
}
