<?php
/**
 * Decimal text as the REST API prints it, without passing money through a float.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** Formatting of WooCommerce amounts; the arithmetic itself is the core's. */
final class Decimals {

	/**
	 * WooCommerce's stored amount as decimal text. WooCommerce keeps amounts as strings; a float
	 * (from a plugin setting one) becomes its shortest round-trip text, which is what PHP shows
	 * for it, so no digits are invented.
	 */
	public static function from_wc( mixed $value ): string {
		if ( is_string( $value ) ) {
			$value = trim( $value );
			return '' === $value ? '0' : $value;
		}
		if ( is_int( $value ) ) {
			return (string) $value;
		}
		if ( is_float( $value ) && is_finite( $value ) ) {
			$text = var_export( $value, true ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions -- shortest round-trip text.
			if ( false !== stripos( $text, 'e' ) ) {
				$text = rtrim( rtrim( sprintf( '%.20F', $value ), '0' ), '.' );
			}
			return $text;
		}
		if ( null === $value ) {
			return '0';
		}
		throw new \InvalidArgumentException( 'not an amount: ' . get_debug_type( $value ) );
	}

	/**
	 * Rounds decimal text half away from zero to `$decimals` places and writes exactly that many,
	 * as `wc_format_decimal( $value, $decimals )` does in the REST API.
	 */
	public static function round( string $value, int $decimals ): string {
		if ( ! preg_match( '/^([+-]?)(\d*)(?:\.(\d*))?$/', $value, $parts ) || '' === $parts[2] . ( $parts[3] ?? '' ) ) {
			throw new \InvalidArgumentException( 'not a decimal: ' . $value );
		}
		$fraction = str_pad( $parts[3] ?? '', $decimals + 1, '0' );
		$digits   = ( '' === $parts[2] ? '0' : $parts[2] ) . substr( $fraction, 0, $decimals );
		if ( $fraction[ $decimals ] >= '5' ) {
			$digits = self::increment( $digits );
		}
		$whole  = ltrim( substr( $digits, 0, strlen( $digits ) - $decimals ), '0' );
		$whole  = '' === $whole ? '0' : $whole;
		$places = substr( $digits, strlen( $digits ) - $decimals, $decimals );
		$zero   = '' === trim( $whole . $places, '0' );
		$sign   = '-' === $parts[1] && ! $zero ? '-' : '';
		return $sign . $whole . ( $decimals > 0 ? '.' . $places : '' );
	}

	/** Adds one to a string of digits. */
	private static function increment( string $digits ): string {
		for ( $i = strlen( $digits ) - 1; $i >= 0; $i-- ) {
			if ( '9' !== $digits[ $i ] ) {
				$digits[ $i ] = (string) ( (int) $digits[ $i ] + 1 );
				return $digits;
			}
			$digits[ $i ] = '0';
		}
		return '1' . $digits;
	}
}
