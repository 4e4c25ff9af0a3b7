<?php
/**
 * One worker per order at a time, decided by the database.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * The `libinvoice_orders` table: a row per order holding the attempt records and a lease. A
 * worker takes the lease with one conditional write (the row's primary key makes the first
 * insert win; an expired lease is taken over by an UPDATE whose WHERE checks the expiry), and
 * every later write is fenced by the lease token, so a worker whose lease was taken over cannot
 * store anything — and therefore cannot send, since the record is stored before each send.
 */
final class Claims {

	private const DB_VERSION        = '1';
	private const DB_VERSION_OPTION = 'libinvoice_wc_db_version';

	/** Long enough for one step of any job (a send has a 60-second limit). */
	public const LEASE_SECONDS = 300;

	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'libinvoice_orders';
	}

	/** Creates or updates the table (activation, and after an update of the plugin). */
	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$table   = self::table();
		$charset = $wpdb->get_charset_collate();
		dbDelta(
			"CREATE TABLE {$table} (
				order_id bigint(20) unsigned NOT NULL,
				claim_token char(32) NULL,
				claimed_until datetime NULL,
				records longtext NOT NULL,
				updated_at datetime(6) NOT NULL,
				PRIMARY KEY  (order_id)
			) {$charset};"
		);
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION );
	}

	public static function maybe_upgrade(): void {
		if ( get_option( self::DB_VERSION_OPTION ) !== self::DB_VERSION ) {
			self::install();
		}
	}

	/** Takes the order's lease, or null when another worker holds it. */
	public static function acquire( int $order_id ): ?Claim {
		global $wpdb;
		$table = self::table();
		$token = bin2hex( random_bytes( 16 ) );
		$until = gmdate( 'Y-m-d H:i:s', time() + self::LEASE_SECONDS );

		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the table name is ours.
		$inserted = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$table} (order_id, claim_token, claimed_until, records, updated_at) VALUES (%d, %s, %s, '{}', UTC_TIMESTAMP(6))",
				$order_id,
				$token,
				$until
			)
		);
		$taken = 1 === $inserted || 1 === $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$table} SET claim_token = %s, claimed_until = %s, updated_at = UTC_TIMESTAMP(6)
				WHERE order_id = %d AND (claim_token IS NULL OR claimed_until < UTC_TIMESTAMP())",
				$token,
				$until,
				$order_id
			)
		);
		if ( ! $taken ) {
			return null;
		}
		$records = $wpdb->get_var( $wpdb->prepare( "SELECT records FROM {$table} WHERE order_id = %d AND claim_token = %s", $order_id, $token ) );
		// phpcs:enable
		$decoded = is_string( $records ) ? json_decode( $records, true ) : null;
		return new Claim( $order_id, $token, is_array( $decoded ) ? $decoded : array() );
	}

	/**
	 * Stores the records under the lease; false when the lease is no longer this worker's.
	 *
	 * @param array<string, mixed> $records
	 */
	public static function store( Claim $claim, array $records ): bool {
		global $wpdb;
		$table = self::table();
		// updated_at changes on every write, so one affected row means "still ours".
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return 1 === $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$table} SET records = %s, updated_at = UTC_TIMESTAMP(6) WHERE order_id = %d AND claim_token = %s",
				wp_json_encode( (object) $records ),
				$claim->order_id,
				$claim->token
			)
		);
	}

	public static function release( Claim $claim ): void {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->query(
			$wpdb->prepare(
				"UPDATE {$table} SET claim_token = NULL, claimed_until = NULL, updated_at = UTC_TIMESTAMP(6) WHERE order_id = %d AND claim_token = %s",
				$claim->order_id,
				$claim->token
			)
		);
	}
}
