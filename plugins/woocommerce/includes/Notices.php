<?php
/**
 * Admin alerts that need a human.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** An account problem (wrong key, blocked login, …) stays on every admin screen until an invoice is issued again. */
final class Notices {

	private const ACCOUNT_OPTION = 'libinvoice_wc_account_problem';

	public static function account_problem( int $code, string $message ): void {
		update_option(
			self::ACCOUNT_OPTION,
			array(
				'code'    => $code,
				'message' => Logger::redact( $message ),
				'at'      => gmdate( 'c' ),
			),
			false
		);
	}

	public static function clear_account_problem(): void {
		delete_option( self::ACCOUNT_OPTION );
	}

	/** @return array{code: int, message: string, at: string}|null */
	public static function current_account_problem(): ?array {
		$problem = get_option( self::ACCOUNT_OPTION );
		return is_array( $problem ) ? $problem : null;
	}
}
