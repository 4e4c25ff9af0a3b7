<?php
/**
 * The account problem a refusal revealed, kept until an invoice goes through again.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/** A wrong key, a blocked login …: stored for Admin\\Notices to show on every admin screen until an invoice is issued again. */
final class AccountProblem {

	private const ACCOUNT_OPTION = 'libinvoice_wc_account_problem';

	public static function record( int $code, string $message ): void {
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

	public static function clear(): void {
		delete_option( self::ACCOUNT_OPTION );
	}

	/** @return array{code: int, message: string, at: string}|null */
	public static function current(): ?array {
		$problem = get_option( self::ACCOUNT_OPTION );
		return is_array( $problem ) ? $problem : null;
	}
}
