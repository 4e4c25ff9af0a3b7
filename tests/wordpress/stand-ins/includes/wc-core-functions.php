<?php
/**
 * Stand-in: WooCommerce's general functions (formatting, currency, time zone, statuses, logger).
 * Signatures as in WooCommerce 8.9.3; implementations are the harness's own.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether this run emulates at least the given WooCommerce version (WC_STAND_IN_VERSION).
 *
 * @param string $version A WooCommerce version.
 * @return bool
 */
function wc_stand_in_version_at_least( $version ) {
	return version_compare( WC_VERSION, $version, '>=' );
}

function wc_string_to_bool( $string ) {
	$string = $string ?? '';
	if ( is_bool( $string ) ) {
		return $string;
	}
	if ( 1 === $string ) {
		return true;
	}
	$lower = strtolower( (string) $string );
	return in_array( $lower, array( 'yes', 'true', '1' ), true );
}

function wc_bool_to_string( $bool ) {
	return wc_string_to_bool( $bool ) ? 'yes' : 'no';
}

function wc_clean( $var ) {
	if ( is_array( $var ) ) {
		return array_map( 'wc_clean', $var );
	}
	return is_scalar( $var ) ? sanitize_text_field( $var ) : $var;
}

function wc_get_price_decimals() {
	return absint( apply_filters( 'wc_get_price_decimals', get_option( 'woocommerce_price_num_decimals', 2 ) ) );
}

function wc_get_price_decimal_separator() {
	$separator = apply_filters( 'wc_get_price_decimal_separator', get_option( 'woocommerce_price_decimal_sep' ) );
	return $separator ? stripslashes( $separator ) : '.';
}

function wc_get_price_thousand_separator() {
	return stripslashes( apply_filters( 'wc_get_price_thousand_separator', get_option( 'woocommerce_price_thousand_sep' ) ) );
}

function wc_get_rounding_precision() {
	return apply_filters( 'woocommerce_internal_rounding_precision', max( wc_get_price_decimals() + 2, absint( WC_ROUNDING_PRECISION ) ) );
}

/**
 * Normalises a decimal as WooCommerce does: a string; `$dp` (false, '' = price decimals, or a
 * number) fixes the decimals; floats lose their exponent; `$trim_zeros` drops trailing zeros.
 */
function wc_format_decimal( $number, $dp = false, $trim_zeros = false ) {
	$number     = $number ?? '';
	$separators = array( wc_get_price_decimal_separator(), '.' );

	if ( is_float( $number ) ) {
		if ( false === $dp ) {
			$number     = sprintf( '%.' . wc_get_rounding_precision() . 'F', $number );
			$trim_zeros = true;
		}
	} else {
		$number = str_replace( $separators, '.', (string) $number );
		// Keep digits, a minus and the last dot only.
		$number = preg_replace( '/\.(?![^.]+$)|[^0-9.-]/', '', wc_clean( $number ) );
	}

	if ( false !== $dp ) {
		$decimals = '' === $dp ? wc_get_price_decimals() : intval( $dp );
		$number   = number_format( floatval( $number ), $decimals, '.', '' );
	}

	if ( $trim_zeros && false !== strpos( (string) $number, '.' ) ) {
		$number = rtrim( rtrim( $number, '0' ), '.' );
	}

	return $number;
}

function wc_round_tax_total( $value, $precision = null ) {
	$precision = is_null( $precision ) ? wc_get_price_decimals() : intval( $precision );
	$rounded   = round( (float) $value, $precision );
	return apply_filters( 'wc_round_tax_total', $rounded, $value, $precision, 1 );
}

function wc_format_refund_total( $amount ) {
	return $amount * -1;
}

function wc_add_number_precision( $value, $round = true ) {
	$cent_precision = pow( 10, wc_get_price_decimals() );
	$value          = (float) $value * $cent_precision;
	return $round ? round( $value, wc_get_rounding_precision() - wc_get_price_decimals() ) : $value;
}

function get_woocommerce_currency() {
	return apply_filters( 'woocommerce_currency', get_option( 'woocommerce_currency' ) );
}

/**
 * WooCommerce lists every ISO 4217 currency; the stand-in lists those the tests use.
 */
function get_woocommerce_currencies() {
	return array_unique(
		apply_filters(
			'woocommerce_currencies',
			array(
				'CHF' => 'Swiss franc',
				'CZK' => 'Czech koruna',
				'EUR' => 'Euro',
				'GBP' => 'Pound sterling',
				'HUF' => 'Hungarian forint',
				'PLN' => 'Polish z&#x142;oty',
				'RON' => 'Romanian leu',
				'USD' => 'United States (US) dollar',
			)
		)
	);
}

function get_woocommerce_currency_symbol( $currency = '' ) {
	$symbols  = array(
		'EUR' => '&euro;',
		'HUF' => '&#70;&#116;',
		'USD' => '&#36;',
	);
	$currency = $currency ? $currency : get_woocommerce_currency();
	return apply_filters( 'woocommerce_currency_symbol', $symbols[ $currency ] ?? $currency, $currency );
}

/**
 * A price as HTML, as WooCommerce formats it (without the full markup of wc_price's filters).
 */
function wc_price( $price, $args = array() ) {
	$args     = wp_parse_args(
		$args,
		array(
			'currency'           => '',
			'decimal_separator'  => wc_get_price_decimal_separator(),
			'thousand_separator' => wc_get_price_thousand_separator(),
			'decimals'           => wc_get_price_decimals(),
		)
	);
	$negative = (float) $price < 0;
	$number   = number_format( abs( (float) $price ), $args['decimals'], $args['decimal_separator'], $args['thousand_separator'] );
	$symbol   = get_woocommerce_currency_symbol( $args['currency'] );
	$html     = '<span class="woocommerce-Price-amount amount"><bdi>' . ( $negative ? '-' : '' ) . $number . '&nbsp;<span class="woocommerce-Price-currencySymbol">' . $symbol . '</span></bdi></span>';
	return apply_filters( 'wc_price', $html, $price, $args, $number, $price );
}

function wc_tax_enabled() {
	return apply_filters( 'wc_tax_enabled', get_option( 'woocommerce_calc_taxes' ) === 'yes' );
}

function wc_prices_include_tax() {
	return wc_tax_enabled() && apply_filters( 'woocommerce_prices_include_tax', get_option( 'woocommerce_prices_include_tax' ) === 'yes' );
}

function wc_timezone_string() {
	return wp_timezone_string();
}

function wc_timezone_offset() {
	$timezone = get_option( 'timezone_string' );
	if ( $timezone ) {
		return ( new DateTimeZone( $timezone ) )->getOffset( new DateTime( 'now' ) );
	}
	return floatval( get_option( 'gmt_offset', 0 ) ) * HOUR_IN_SECONDS;
}

function wc_string_to_timestamp( $time_string, $from_timestamp = null ) {
	$time_string = $time_string ?? '';
	$previous    = date_default_timezone_get();
	date_default_timezone_set( 'UTC' ); // phpcs:ignore WordPress.DateTime.RestrictedFunctions.timezone_change_date_default_timezone_set
	$timestamp = null === $from_timestamp ? strtotime( $time_string ) : strtotime( $time_string, $from_timestamp );
	date_default_timezone_set( $previous ); // phpcs:ignore WordPress.DateTime.RestrictedFunctions.timezone_change_date_default_timezone_set
	return $timestamp;
}

/**
 * A WC_DateTime in the site's time zone from a string in it (or an ISO 8601 string with offset).
 */
function wc_string_to_datetime( $time_string ) {
	$time_string = $time_string ?? '';
	if ( 1 === preg_match( '/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|((-|\+)\d{2}:\d{2}))$/', $time_string, $bits ) ) {
		$offset    = ! empty( $bits[7] ) ? iso8601_timezone_to_offset( $bits[7] ) : wc_timezone_offset();
		$timestamp = gmmktime( (int) $bits[4], (int) $bits[5], (int) $bits[6], (int) $bits[2], (int) $bits[3], (int) $bits[1] ) - $offset;
	} else {
		$timestamp = wc_string_to_timestamp( get_gmt_from_date( gmdate( 'Y-m-d H:i:s', wc_string_to_timestamp( $time_string ) ) ) );
	}
	$datetime = new WC_DateTime( "@{$timestamp}", new DateTimeZone( 'UTC' ) );
	wc_stand_in_localise_datetime( $datetime );
	return $datetime;
}

/**
 * Puts a WC_DateTime into the site's zone, as WC_Data::set_date_prop does.
 *
 * @param WC_DateTime $datetime The date.
 */
function wc_stand_in_localise_datetime( WC_DateTime $datetime ) {
	if ( get_option( 'timezone_string' ) ) {
		$datetime->setTimezone( new DateTimeZone( wc_timezone_string() ) );
	} else {
		$datetime->set_utc_offset( wc_timezone_offset() );
	}
}

function wc_doing_it_wrong( $function, $message, $version ) {
	_doing_it_wrong( $function, $message, $version ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
}

function wc_deprecated_function( $function, $version, $replacement = null ) {
	_deprecated_function( $function, $version, $replacement ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
}

function wc_get_order_statuses() {
	return apply_filters(
		'wc_order_statuses',
		array(
			'wc-pending'    => _x( 'Pending payment', 'Order status', 'woocommerce' ),
			'wc-processing' => _x( 'Processing', 'Order status', 'woocommerce' ),
			'wc-on-hold'    => _x( 'On hold', 'Order status', 'woocommerce' ),
			'wc-completed'  => _x( 'Completed', 'Order status', 'woocommerce' ),
			'wc-cancelled'  => _x( 'Cancelled', 'Order status', 'woocommerce' ),
			'wc-refunded'   => _x( 'Refunded', 'Order status', 'woocommerce' ),
			'wc-failed'     => _x( 'Failed', 'Order status', 'woocommerce' ),
		)
	);
}

function wc_get_is_paid_statuses() {
	return apply_filters( 'woocommerce_order_is_paid_statuses', array( 'processing', 'completed' ) );
}

function wc_get_order_status_name( $status ) {
	$statuses = wc_get_order_statuses();
	$status   = 'wc-' === substr( $status, 0, 3 ) ? substr( $status, 3 ) : $status;
	return $statuses[ 'wc-' . $status ] ?? $status;
}

function wc_is_order_status( $maybe_status ) {
	return isset( wc_get_order_statuses()[ $maybe_status ] );
}

function wc_generate_order_key( $key = '' ) {
	if ( '' === $key ) {
		$key = wp_generate_password( 13, false );
	}
	return 'wc_' . apply_filters( 'woocommerce_generate_order_key', 'order_' . $key );
}

/**
 * Registers an order type (and its post type), as wc_register_order_type does.
 */
function wc_register_order_type( $type, $args = array() ) {
	global $wc_order_types;
	if ( post_type_exists( $type ) ) {
		return false;
	}
	if ( ! is_array( $wc_order_types ) ) {
		$wc_order_types = array();
	}
	$args = wp_parse_args(
		$args,
		array(
			'exclude_from_orders_screen'       => false,
			'add_order_meta_boxes'             => true,
			'exclude_from_order_count'         => false,
			'exclude_from_order_views'         => false,
			'exclude_from_order_webhooks'      => false,
			'exclude_from_order_reports'       => false,
			'exclude_from_order_sales_reports' => false,
			'class_name'                       => 'WC_Order',
		)
	);
	$wc_order_types[ $type ] = $args;
	$post_type_args          = array_diff_key( $args, array_flip( array( 'exclude_from_orders_screen', 'add_order_meta_boxes', 'exclude_from_order_count', 'exclude_from_order_views', 'exclude_from_order_webhooks', 'exclude_from_order_reports', 'exclude_from_order_sales_reports', 'class_name' ) ) );
	register_post_type( $type, $post_type_args );
	return true;
}

/**
 * Order types for a purpose ('view-orders', 'order-count', 'admin-menu', …), as WooCommerce.
 * 'admin-menu' is shop_order, as it is for a shop manager (WooCommerce decides it from the user
 * current when post types are registered).
 */
function wc_get_order_types( $for = '' ) {
	global $wc_order_types;
	$types = is_array( $wc_order_types ) ? $wc_order_types : array();
	$flag  = array(
		'order-count'      => 'exclude_from_order_count',
		'view-orders'      => 'exclude_from_order_views',
		'reports'          => 'exclude_from_order_reports',
		'sales-reports'    => 'exclude_from_order_sales_reports',
		'order-webhooks'   => 'exclude_from_order_webhooks',
	);
	if ( isset( $flag[ $for ] ) ) {
		$result = array_keys( array_filter( $types, fn( $args ) => ! $args[ $flag[ $for ] ] ) );
	} elseif ( 'order-meta-boxes' === $for ) {
		$result = array_keys( array_filter( $types, fn( $args ) => $args['add_order_meta_boxes'] ) );
	} elseif ( 'admin-menu' === $for ) {
		$result = array_values( array_intersect( array_keys( $types ), array( 'shop_order' ) ) );
	} elseif ( 'cot-migration' === $for ) {
		$result = array_values( array_diff( array_keys( $types ), array( 'shop_order_placehold' ) ) );
	} else {
		$result = array_keys( $types );
	}
	return apply_filters( 'wc_order_types', $result, $for );
}

function wc_get_order_type( $type ) {
	global $wc_order_types;
	return $wc_order_types[ $type ] ?? false;
}

function wc_get_page_id( $page ) {
	$page = apply_filters( 'woocommerce_get_' . $page . '_page_id', get_option( 'woocommerce_' . $page . '_page_id' ) );
	return $page ? absint( $page ) : -1;
}

function wc_get_page_permalink( $page, $fallback = null ) {
	$page_id   = wc_get_page_id( $page );
	$permalink = 0 < $page_id ? get_permalink( $page_id ) : '';
	if ( ! $permalink ) {
		$permalink = is_null( $fallback ) ? get_home_url() : $fallback;
	}
	return apply_filters( 'woocommerce_get_' . $page . '_page_permalink', $permalink );
}

/**
 * An endpoint URL (plain permalinks: `?endpoint=value`; pretty ones: `…/endpoint/value/`).
 */
function wc_get_endpoint_url( $endpoint, $value = '', $permalink = '' ) {
	if ( ! $permalink ) {
		$permalink = get_permalink();
	}
	if ( get_option( 'permalink_structure' ) ) {
		$query_string = '';
		if ( strstr( $permalink, '?' ) ) {
			$query_string = '?' . wp_parse_url( $permalink, PHP_URL_QUERY );
			$permalink    = current( explode( '?', $permalink ) );
		}
		$url = trailingslashit( $permalink ) . ( $value ? $endpoint . '/' . $value . '/' : $endpoint . '/' ) . $query_string;
	} else {
		$url = add_query_arg( $endpoint, $value, $permalink );
	}
	return apply_filters( 'woocommerce_get_endpoint_url', $url, $endpoint, $value, $permalink );
}

function wc_help_tip( $tip, $allow_html = false ) {
	$tip = $allow_html ? wc_sanitize_tooltip( $tip ) : esc_attr( $tip );
	return '<span class="woocommerce-help-tip" tabindex="0" aria-label="' . esc_attr( wp_strip_all_tags( $tip ) ) . '" data-tip="' . $tip . '"></span>';
}

function wc_sanitize_tooltip( $var ) {
	return htmlspecialchars( wp_kses( html_entity_decode( $var ?? '' ), array( 'br' => array(), 'em' => array(), 'strong' => array(), 'small' => array(), 'span' => array(), 'ul' => array(), 'li' => array(), 'ol' => array(), 'p' => array() ) ) );
}

function wc_get_logger() {
	static $logger = null;
	$class = apply_filters( 'woocommerce_logging_class', 'WC_Logger' );
	if ( null !== $logger && is_string( $class ) && is_a( $logger, $class ) ) {
		return $logger;
	}
	$implements = class_implements( $class );
	if ( is_array( $implements ) && in_array( 'WC_Logger_Interface', $implements, true ) ) {
		$logger = is_object( $class ) ? $class : new $class();
	} else {
		wc_doing_it_wrong( __FUNCTION__, 'The class provided by woocommerce_logging_class must implement WC_Logger_Interface.', '3.0' );
		$logger = is_a( $logger, 'WC_Logger' ) ? $logger : new WC_Logger();
	}
	return $logger;
}

function wc_get_user_agent() {
	return isset( $_SERVER['HTTP_USER_AGENT'] ) ? wc_clean( wp_unslash( $_SERVER['HTTP_USER_AGENT'] ) ) : ''; // phpcs:ignore
}
