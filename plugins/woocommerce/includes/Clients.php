<?php
/**
 * The extension's clients, built from the settings.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

use LibInvoice\Client;

defined( 'ABSPATH' ) || exit;

/** Which client does what: PayBill only invoices gateway transactions; the rest goes to the Agent. */
final class Clients {

	/** The client for the chosen backend. */
	public static function primary( Settings $settings ): Client {
		$ca_file = self::ca_file( $settings );
		switch ( $settings->get( 'backend' ) ) {
			case 'paybill':
				return Client::payBill(
					(string) $settings->get( 'paybill_gateway_url' ),
					(string) $settings->get( 'paybill_store' ),
					$settings->secret( 'paybill_api_key' ),
					(string) get_bloginfo( 'name' ),
					(string) $settings->get( 'agent_endpoint' ),
					$settings->secret( 'agent_key' ),
					$ca_file
				);
			case 'szamlahegy':
				return Client::szamlahegy(
					(string) $settings->get( 'szamlahegy_server' ),
					$settings->secret( 'szamlahegy_api_key' ),
					$settings->enabled( 'szamlahegy_test_mode' ),
					$ca_file
				);
			default:
				return self::agent( $settings );
		}
	}

	/**
	 * The merchant's Számla Agent account: what PayBill cannot do (proformas, storno, payments,
	 * PDFs again, orders not paid through the gateway) goes there.
	 */
	public static function agent( Settings $settings ): Client {
		return new Client( (string) $settings->get( 'agent_endpoint' ), $settings->secret( 'agent_key' ), self::ca_file( $settings ) );
	}

	/** The client that issues `$order`'s invoice, and the PayBill transaction it belongs to. */
	public static function for_invoice( Settings $settings, \WC_Order $order ): array {
		if ( 'paybill' === $settings->get( 'backend' ) ) {
			$transaction = (string) $order->get_transaction_id();
			if ( 1 === preg_match( '/^[0-9a-fA-F]{32}$/', $transaction ) ) {
				return array( self::primary( $settings ), $transaction );
			}
			return array( self::agent( $settings ), null );
		}
		return array( self::primary( $settings ), null );
	}

	/** The client for proformas, storno, payments and PDFs. */
	public static function for_followups( Settings $settings ): Client {
		return 'paybill' === $settings->get( 'backend' ) ? self::agent( $settings ) : self::primary( $settings );
	}

	private static function ca_file( Settings $settings ): ?string {
		$ca_file = (string) $settings->get( 'ca_file' );
		return '' === $ca_file ? null : $ca_file;
	}
}
