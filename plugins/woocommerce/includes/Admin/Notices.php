<?php
/**
 * Admin notices for what needs a human: an unusable account, orders needing attention.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce\Admin;

use LibInvoice\WooCommerce\Logger;
use LibInvoice\WooCommerce\Notices as AccountNotices;

defined( 'ABSPATH' ) || exit;

/**
 * Shown to users who manage WooCommerce, on every admin screen: the account problem stored by
 * LibInvoice\WooCommerce\Notices::account_problem() until an invoice is issued again, and how
 * many orders' documents need attention (refused, or sent five times without an answer), with a
 * link to the filtered orders list.
 */
final class Notices {

	public const CAPABILITY = 'manage_woocommerce';

	/** Where the account is set up (the settings tab). */
	public const SETTINGS_PATH = 'admin.php?page=wc-settings&tab=libinvoice';

	public static function register(): void {
		add_action( 'admin_notices', array( self::class, 'render' ) );
	}

	public static function render(): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			return;
		}
		echo self::account_problem_html(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built escaped.
		if ( ! self::on_attention_list() ) {
			echo self::attention_html( OrderList::count_needing_attention() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built escaped.
		}
	}

	/** The stored account problem as an error notice (escaped HTML), or ''. */
	public static function account_problem_html(): string {
		$problem = AccountNotices::current_account_problem();
		if ( null === $problem ) {
			return '';
		}
		$code = (int) ( $problem['code'] ?? 0 );
		$at   = strtotime( (string) ( $problem['at'] ?? '' ) );
		return sprintf(
			'<div class="notice notice-error libinvoice-account-problem"><p><strong>%1$s</strong> %2$s</p><p>%3$s</p><p><a href="%4$s">%5$s</a></p></div>',
			esc_html__( 'Invoicing has stopped:', 'libinvoice-woocommerce' ),
			esc_html( self::account_hint( $code ) ),
			esc_html(
				sprintf(
					/* translators: 1: the service's error code, 2: the service's message, 3: date and time */
					__( 'The service answered (code %1$d): %2$s — %3$s. Invoices are issued again once the account works; orders refused meanwhile need "Issue invoice again".', 'libinvoice-woocommerce' ),
					$code,
					Logger::redact( (string) ( $problem['message'] ?? '' ) ),
					false === $at ? '' : wp_date( 'Y-m-d H:i', $at )
				)
			),
			esc_url( admin_url( self::SETTINGS_PATH ) ),
			esc_html__( 'Check the invoicing account settings', 'libinvoice-woocommerce' )
		);
	}

	/** What the account's error codes mean for the merchant. */
	private static function account_hint( int $code ): string {
		return match ( $code ) {
			3 => __( 'Számlázz.hu refused the login: the agent key is wrong or was revoked.', 'libinvoice-woocommerce' ),
			135 => __( 'Számlázz.hu refuses the Agent while its user is logged in through a browser.', 'libinvoice-woocommerce' ),
			136 => __( 'Számlázz.hu has blocked the login: check the account\'s subscription.', 'libinvoice-woocommerce' ),
			164 => __( 'The Számlázz.hu user belongs to several accounts: use the agent key of the one account to invoice from.', 'libinvoice-woocommerce' ),
			default => __( 'The invoicing service refused the account.', 'libinvoice-woocommerce' ),
		};
	}

	/** The count of orders needing attention as a warning notice (escaped HTML), or '' for none. */
	public static function attention_html( int $count ): string {
		if ( $count <= 0 ) {
			return '';
		}
		return sprintf(
			'<div class="notice notice-warning libinvoice-attention"><p>%1$s <a href="%2$s">%3$s</a></p></div>',
			esc_html(
				sprintf(
					/* translators: %d: number of orders */
					_n( '%d order has an invoice that needs attention.', '%d orders have invoices that need attention.', $count, 'libinvoice-woocommerce' ),
					$count
				)
			),
			esc_url( OrderList::attention_url() ),
			esc_html__( 'Show them', 'libinvoice-woocommerce' )
		);
	}

	/** The filtered list already shows the orders; the count would only repeat it. */
	private static function on_attention_list(): bool {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read only.
		return isset( $_GET[ OrderList::FILTER_ARG ] ) && OrderList::FILTER_ATTENTION === $_GET[ OrderList::FILTER_ARG ];
	}
}
