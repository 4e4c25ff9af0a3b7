<?php
/**
 * WooCommerce's logger, with secrets removed from every message.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** Logs to WooCommerce → Status → Logs under the source `libinvoice`. */
final class Logger {

	public const SOURCE = 'libinvoice';

	/** `logging` setting → the least severe level written. */
	private const THRESHOLDS = array(
		'off'    => null,
		'errors' => 'error',
		'all'    => 'debug',
	);

	private const SEVERITY = array( 'debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency' );

	public static function debug( string $message, array $context = array() ): void {
		self::log( 'debug', $message, $context );
	}

	public static function info( string $message, array $context = array() ): void {
		self::log( 'info', $message, $context );
	}

	public static function error( string $message, array $context = array() ): void {
		self::log( 'error', $message, $context );
	}

	/** @param array<string, mixed> $context */
	public static function log( string $level, string $message, array $context = array() ): void {
		$settings  = Settings::load();
		$threshold = self::THRESHOLDS[ (string) $settings->get( 'logging' ) ] ?? 'error';
		if ( null === $threshold || array_search( $level, self::SEVERITY, true ) < array_search( $threshold, self::SEVERITY, true ) ) {
			return;
		}
		wc_get_logger()->log( $level, self::redact( $message, $settings ), array( 'source' => self::SOURCE ) + $context );
	}

	/** Replaces every configured secret in `$text` with its masked form. */
	public static function redact( string $text, ?Settings $settings = null ): string {
		$settings ??= Settings::load();
		foreach ( $settings->secret_values() as $secret ) {
			$text = str_replace( $secret, '••••' . substr( $secret, -4 ), $text );
		}
		return $text;
	}
}
