<?php
/**
 * Stand-in: WC_Tax — tax classes ({prefix}wc_tax_rate_classes) and tax rates
 * ({prefix}woocommerce_tax_rates), read and written as WooCommerce does. Tax calculation by
 * location is not emulated: orders carry their taxes.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_Tax {

	/** @return object[] Rows with tax_rate_class_id, name, slug (the standard class is not one). */
	public static function get_tax_rate_classes() {
		global $wpdb;
		$classes = wp_cache_get( 'tax-rate-classes', 'taxes' );
		if ( ! is_array( $classes ) ) {
			$classes = $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}wc_tax_rate_classes ORDER BY name" );
			wp_cache_set( 'tax-rate-classes', $classes, 'taxes' );
		}
		return $classes;
	}

	/** @return string[] Names of the additional classes ("Reduced rate", "Zero rate", …). */
	public static function get_tax_classes() {
		return wp_list_pluck( self::get_tax_rate_classes(), 'name' );
	}

	/** @return string[] Slugs of the additional classes ("reduced-rate", "zero-rate", …). */
	public static function get_tax_class_slugs() {
		return wp_list_pluck( self::get_tax_rate_classes(), 'slug' );
	}

	/** @return array|WP_Error name and slug. */
	public static function create_tax_class( $name, $slug = '' ) {
		global $wpdb;
		if ( empty( $name ) ) {
			return new WP_Error( 'tax_class_invalid_name', __( 'Tax class requires a valid name', 'woocommerce' ) );
		}
		$name = wc_clean( $name );
		if ( in_array( $name, self::get_tax_classes(), true ) ) {
			return new WP_Error( 'tax_class_exists', __( 'Tax class already exists', 'woocommerce' ) );
		}
		$slug = $slug ? $slug : sanitize_title( $name );
		if ( ! $slug || in_array( $slug, self::get_tax_class_slugs(), true ) ) {
			return new WP_Error( 'tax_class_slug_exists', __( 'Tax class slug already exists', 'woocommerce' ) );
		}
		$wpdb->insert(
			$wpdb->prefix . 'wc_tax_rate_classes',
			array(
				'name' => $name,
				'slug' => $slug,
			)
		);
		wp_cache_delete( 'tax-rate-classes', 'taxes' );
		return array(
			'name' => $name,
			'slug' => $slug,
		);
	}

	/**
	 * @param string $field 'name' or 'slug'.
	 * @return array|false
	 */
	public static function get_tax_class_by( $field, $item ) {
		foreach ( self::get_tax_rate_classes() as $class ) {
			if ( isset( $class->$field ) && $class->$field === $item ) {
				return array(
					'tax_rate_class_id' => (int) $class->tax_rate_class_id,
					'name'              => $class->name,
					'slug'              => $class->slug,
				);
			}
		}
		return false;
	}

	/** The standard class is '' (also accepted as 'standard'). */
	public static function format_tax_rate_class( $class ) {
		$class = sanitize_title( $class );
		return 'standard' === $class ? '' : $class;
	}

	/**
	 * @param array $tax_rate tax_rate_country, tax_rate_state, tax_rate, tax_rate_name,
	 *                        tax_rate_priority, tax_rate_compound, tax_rate_shipping,
	 *                        tax_rate_order, tax_rate_class.
	 * @return int The id.
	 */
	public static function _insert_tax_rate( $tax_rate ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		$wpdb->insert( $wpdb->prefix . 'woocommerce_tax_rates', self::prepare_tax_rate( $tax_rate ) );
		$id = (int) $wpdb->insert_id;
		wp_cache_delete( 'tax-rate-classes', 'taxes' );
		do_action( 'woocommerce_tax_rate_added', $id, $tax_rate );
		return $id;
	}

	public static function _update_tax_rate( $tax_rate_id, $tax_rate ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'woocommerce_tax_rates', self::prepare_tax_rate( $tax_rate ), array( 'tax_rate_id' => absint( $tax_rate_id ) ) );
		do_action( 'woocommerce_tax_rate_updated', absint( $tax_rate_id ), $tax_rate );
	}

	public static function _delete_tax_rate( $tax_rate_id ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		$wpdb->delete( $wpdb->prefix . 'woocommerce_tax_rates', array( 'tax_rate_id' => absint( $tax_rate_id ) ) );
		do_action( 'woocommerce_tax_rate_deleted', absint( $tax_rate_id ) );
	}

	/**
	 * @param string $output_type ARRAY_A or OBJECT.
	 * @return array|object|null
	 */
	public static function _get_tax_rate( $tax_rate_id, $output_type = ARRAY_A ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_id = %d", $tax_rate_id ), $output_type );
	}

	/** @return object[] The rates of a class, keyed by id. */
	public static function get_rates_for_tax_class( $tax_class ) {
		global $wpdb;
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_class = %s ORDER BY tax_rate_order", self::format_tax_rate_class( $tax_class ) ) );
		$rates = array();
		foreach ( $rows as $row ) {
			$rates[ $row->tax_rate_id ] = $row;
		}
		return $rates;
	}

	public static function is_compound( $key_or_rate ) {
		$rate = is_object( $key_or_rate ) ? $key_or_rate : self::_get_tax_rate( $key_or_rate, OBJECT );
		return $rate ? (bool) $rate->tax_rate_compound : false;
	}

	public static function get_rate_label( $key_or_rate ) {
		$rate = is_object( $key_or_rate ) ? $key_or_rate : self::_get_tax_rate( $key_or_rate, OBJECT );
		$name = $rate && $rate->tax_rate_name ? $rate->tax_rate_name : __( 'VAT', 'woocommerce' );
		return apply_filters( 'woocommerce_rate_label', $name, is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	/** @return string e.g. "27%". */
	public static function get_rate_percent( $key_or_rate ) {
		$percent = self::get_rate_percent_value( $key_or_rate );
		return apply_filters( 'woocommerce_rate_percent', $percent . '%', is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	/** @return float */
	public static function get_rate_percent_value( $key_or_rate ) {
		$rate = is_object( $key_or_rate ) ? $key_or_rate : self::_get_tax_rate( $key_or_rate, OBJECT );
		return $rate ? floatval( $rate->tax_rate ) : 0.0;
	}

	/** @return string COUNTRY-STATE-NAME-PRIORITY, upper case, empty parts left out. */
	public static function get_rate_code( $key_or_rate ) {
		$rate = is_object( $key_or_rate ) ? $key_or_rate : self::_get_tax_rate( $key_or_rate, OBJECT );
		$code = '';
		if ( $rate ) {
			$code = strtoupper( implode( '-', array_filter( array( $rate->tax_rate_country, $rate->tax_rate_state, $rate->tax_rate_name ? $rate->tax_rate_name : 'TAX', absint( $rate->tax_rate_priority ) ) ) ) );
		}
		return apply_filters( 'woocommerce_rate_code', $code, is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	public static function round( $in ) {
		return apply_filters( 'woocommerce_tax_round', round( (float) $in, wc_get_rounding_precision() ), $in );
	}

	public static function get_tax_total( $taxes ) {
		return array_sum( array_map( array( __CLASS__, 'round' ), $taxes ) );
	}

	private static function prepare_tax_rate( $tax_rate ) {
		$fields = array( 'tax_rate_country', 'tax_rate_state', 'tax_rate', 'tax_rate_name', 'tax_rate_priority', 'tax_rate_compound', 'tax_rate_shipping', 'tax_rate_order', 'tax_rate_class' );
		$row    = array_intersect_key( (array) $tax_rate, array_flip( $fields ) );
		if ( isset( $row['tax_rate_country'] ) ) {
			$row['tax_rate_country'] = strtoupper( wc_clean( $row['tax_rate_country'] ) );
		}
		if ( isset( $row['tax_rate_class'] ) ) {
			$row['tax_rate_class'] = self::format_tax_rate_class( $row['tax_rate_class'] );
		}
		if ( isset( $row['tax_rate'] ) ) {
			$row['tax_rate'] = wc_format_decimal( $row['tax_rate'], 4 );
		}
		foreach ( array( 'tax_rate_priority', 'tax_rate_compound', 'tax_rate_shipping', 'tax_rate_order' ) as $int_field ) {
			if ( isset( $row[ $int_field ] ) ) {
				$row[ $int_field ] = absint( $row[ $int_field ] );
			}
		}
		return $row;
	}
}
