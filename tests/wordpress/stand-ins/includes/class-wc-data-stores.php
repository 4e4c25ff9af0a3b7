<?php
/**
 * Stand-in data stores. Orders live in HPOS-shaped tables: `{prefix}wc_orders` (the columns
 * WooCommerce queries, plus the whole prop set as JSON in `stand_in_data`) and
 * `{prefix}wc_orders_meta` (one real row per meta entry, so concurrent processes see each other's
 * writes); the order id comes from a `shop_order_placehold` post as under HPOS. Order items live in
 * `{prefix}woocommerce_order_items` (+ `…_itemmeta`), products are `product` posts with post meta.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

/**
 * Meta rows in a table with (id|meta_id, object id column, meta_key, meta_value), as
 * WooCommerce's CustomMetaDataStore.
 */
trait WC_Stand_In_Meta_Rows {

	abstract protected function meta_table_info();

	public function read_meta( &$object ) {
		global $wpdb;
		list( $table, $object_column, $id_column ) = $this->meta_table_info();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT {$id_column} AS meta_id, meta_key, meta_value FROM {$table} WHERE {$object_column} = %d ORDER BY {$id_column}", $object->get_id() ) );
		return $this->filter_raw_meta_data( $object, $rows );
	}

	public function filter_raw_meta_data( &$object, $raw_meta_data ) {
		$internal = $this->get_internal_meta_keys();
		return array_values(
			array_filter(
				(array) $raw_meta_data,
				function ( $meta ) use ( $internal ) {
					return ! in_array( $meta->meta_key, $internal, true );
				}
			)
		);
	}

	public function add_meta( &$object, $meta ) {
		global $wpdb;
		list( $table, $object_column ) = $this->meta_table_info();
		$value                         = is_string( $meta->value ) ? wp_unslash( wp_slash( $meta->value ) ) : $meta->value;
		$inserted                      = $wpdb->insert(
			$table,
			array(
				$object_column => $object->get_id(),
				'meta_key'     => wp_unslash( wp_slash( $meta->key ) ), // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value'   => maybe_serialize( $value ), // phpcs:ignore WordPress.DB.SlowDBQuery
			)
		);
		return $inserted ? (int) $wpdb->insert_id : false;
	}

	public function update_meta( &$object, $meta ) {
		global $wpdb;
		list( $table, , $id_column ) = $this->meta_table_info();
		$value                       = is_string( $meta->value ) ? wp_unslash( wp_slash( $meta->value ) ) : $meta->value;
		return (bool) $wpdb->update(
			$table,
			array(
				'meta_key'   => $meta->key, // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value' => maybe_serialize( $value ), // phpcs:ignore WordPress.DB.SlowDBQuery
			),
			array( $id_column => $meta->id )
		);
	}

	public function delete_meta( &$object, $meta ) {
		global $wpdb;
		list( $table, , $id_column ) = $this->meta_table_info();
		return (bool) $wpdb->delete( $table, array( $id_column => $meta->id ) );
	}
}

/**
 * Encodes props for the JSON column: dates as UTC timestamps.
 */
final class WC_Stand_In_Props {

	public static function encode( array $props ) {
		foreach ( $props as $key => $value ) {
			if ( $value instanceof WC_DateTime ) {
				$props[ $key ] = array( '__timestamp' => $value->getTimestamp() );
			}
		}
		return wp_json_encode( $props );
	}

	public static function decode( $json ) {
		$props = json_decode( (string) $json, true );
		if ( ! is_array( $props ) ) {
			return array();
		}
		foreach ( $props as $key => $value ) {
			if ( is_array( $value ) && array_key_exists( '__timestamp', $value ) ) {
				$props[ $key ] = $value['__timestamp'];
			}
		}
		return $props;
	}

	/** The prop values an object holds now: stored data with its changes applied. */
	public static function current( WC_Data $object ) {
		$data    = $object->get_base_data_for_stand_in();
		$changes = array_intersect_key( $object->get_changes(), $data );
		// Items replace array props whole (per-rate taxes), as WC_Order_Item::apply_changes does.
		if ( $object instanceof WC_Order_Item ) {
			return array_replace( $data, $changes );
		}
		return array_replace_recursive( $data, $changes );
	}
}

class WC_Stand_In_Order_Data_Store {

	use WC_Stand_In_Meta_Rows;

	/** @var string[] Keys WooCommerce keeps in columns (the CPT era's meta keys). */
	protected $internal_meta_keys = array(
		'_customer_user', '_order_key', '_order_currency', '_billing_first_name', '_billing_last_name',
		'_billing_company', '_billing_address_1', '_billing_address_2', '_billing_city', '_billing_state',
		'_billing_postcode', '_billing_country', '_billing_email', '_billing_phone', '_shipping_first_name',
		'_shipping_last_name', '_shipping_company', '_shipping_address_1', '_shipping_address_2',
		'_shipping_city', '_shipping_state', '_shipping_postcode', '_shipping_country', '_shipping_phone',
		'_completed_date', '_paid_date', '_edit_lock', '_edit_last', '_cart_discount', '_cart_discount_tax',
		'_order_shipping', '_order_shipping_tax', '_order_tax', '_order_total', '_payment_method',
		'_payment_method_title', '_transaction_id', '_customer_ip_address', '_customer_user_agent',
		'_created_via', '_order_version', '_prices_include_tax', '_date_completed', '_date_paid',
		'_payment_tokens', '_billing_address_index', '_shipping_address_index', '_recorded_sales',
		'_recorded_coupon_usage_counts', '_download_permissions_granted', '_order_stock_reduced',
		'_new_order_email_sent', '_refund_amount', '_refunded_by', '_refunded_payment', '_refund_reason',
	);

	public function get_internal_meta_keys() {
		return $this->internal_meta_keys;
	}

	protected function meta_table_info() {
		global $wpdb;
		return array( $wpdb->prefix . 'wc_orders_meta', 'order_id', 'id' );
	}

	public static function orders_table() {
		global $wpdb;
		return $wpdb->prefix . 'wc_orders';
	}

	/** Columns WooCommerce queries, from the props. */
	protected function columns( WC_Abstract_Order $order, array $props ) {
		$date = function ( $timestamp ) {
			return $timestamp ? gmdate( 'Y-m-d H:i:s', (int) $timestamp ) : null;
		};
		return array(
			'status'               => $this->db_status( (string) ( $props['status'] ?? '' ) ),
			'currency'             => $props['currency'] ?? '',
			'type'                 => $order->get_type(),
			'tax_amount'           => (float) ( $props['total_tax'] ?? 0 ),
			'total_amount'         => (float) ( $props['total'] ?? 0 ),
			'customer_id'          => (int) ( $props['customer_id'] ?? 0 ),
			'billing_email'        => $props['billing']['email'] ?? null,
			'date_created_gmt'     => $date( $props['date_created'] ?? null ),
			'date_updated_gmt'     => $date( $props['date_modified'] ?? null ),
			'parent_order_id'      => (int) ( $props['parent_id'] ?? 0 ),
			'payment_method'       => $props['payment_method'] ?? null,
			'payment_method_title' => $props['payment_method_title'] ?? null,
			'transaction_id'       => $props['transaction_id'] ?? null,
			'customer_note'        => $props['customer_note'] ?? null,
		);
	}

	protected function db_status( $status ) {
		if ( '' === $status || in_array( $status, array( 'trash', 'auto-draft', 'draft', 'checkout-draft' ), true ) ) {
			return $status;
		}
		return 'wc-' === substr( $status, 0, 3 ) ? $status : 'wc-' . $status;
	}

	/** Props as stored: WC_DateTime values become timestamps. */
	protected function storable( array $props ) {
		foreach ( $props as $key => $value ) {
			if ( $value instanceof WC_DateTime ) {
				$props[ $key ] = $value->getTimestamp();
			}
		}
		return $props;
	}

	public function create( &$order ) {
		global $wpdb;
		if ( $order instanceof WC_Order && '' === $order->get_order_key() ) {
			$order->set_order_key( wc_generate_order_key() );
		}
		if ( $order instanceof WC_Order_Refund ) {
			$order->set_status( 'completed' );
		}
		$order->set_version( WC_VERSION );
		$order->set_currency( $order->get_currency() ? $order->get_currency() : get_woocommerce_currency() );
		if ( ! $order->get_date_created( 'edit' ) ) {
			$order->set_date_created( time() );
		}
		if ( ! $order->get_date_modified( 'edit' ) ) {
			$order->set_date_modified( time() );
		}

		$props = $this->storable( WC_Stand_In_Props::current( $order ) );
		// The id comes from a placeholder post, as under HPOS without compatibility sync.
		$id = wp_insert_post(
			array(
				'post_type'     => 'shop_order_placehold',
				'post_status'   => 'draft',
				'post_parent'   => (int) ( $props['parent_id'] ?? 0 ),
				'post_date_gmt' => gmdate( 'Y-m-d H:i:s', (int) $props['date_created'] ),
			),
			true
		);
		if ( is_wp_error( $id ) || ! $id ) {
			throw new Exception( 'Could not create the order placeholder post.' );
		}
		$order->set_id( $id );
		$row                   = $this->columns( $order, $props );
		$row['id']             = $id;
		$row['stand_in_data']  = WC_Stand_In_Props::encode( $props );
		if ( false === $wpdb->insert( self::orders_table(), $row ) ) {
			throw new Exception( 'Could not insert the order: ' . $wpdb->last_error );
		}
		$order->save_meta_data();
		$order->apply_changes();
		$this->clear_caches( $order );

		if ( $order instanceof WC_Order && 'auto-draft' !== $order->get_status( 'edit' ) ) {
			do_action( 'woocommerce_new_order', $order->get_id(), $order );
		}
	}

	public function read( &$order ) {
		global $wpdb;
		$order->set_defaults();
		$table = self::orders_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT type, stand_in_data FROM {$table} WHERE id = %d", $order->get_id() ) );
		if ( ! $row || $row->type !== $order->get_type() ) {
			throw new Exception( 'Invalid order.' );
		}
		$order->set_props( WC_Stand_In_Props::decode( $row->stand_in_data ) );
		$order->read_meta_data();
		$order->set_object_read( true );
	}

	/**
	 * Writes the changed props only (under a row lock, so a concurrent writer's other props
	 * survive), then the meta rows.
	 */
	public function update( &$order ) {
		global $wpdb;
		$previous_status = $order->get_base_data_for_stand_in()['status'] ?? '';
		if ( null === $order->get_date_created( 'edit' ) ) {
			$order->set_date_created( time() );
		}
		$order->set_version( WC_VERSION );
		$changes = $order->get_changes();
		if ( $changes && ! array_key_exists( 'date_modified', $changes ) ) {
			$order->set_date_modified( time() );
		}
		$changes = $order->get_changes();

		if ( $changes ) {
			$table = self::orders_table();
			$wpdb->query( 'START TRANSACTION' );
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$stored = $wpdb->get_var( $wpdb->prepare( "SELECT stand_in_data FROM {$table} WHERE id = %d FOR UPDATE", $order->get_id() ) );
			$props  = array_replace_recursive( WC_Stand_In_Props::decode( $stored ), $this->storable( array_intersect_key( $changes, array_flip( $order->get_data_keys() ) ) ) );
			$row    = $this->columns( $order, $props );
			$row['stand_in_data'] = WC_Stand_In_Props::encode( $props );
			$wpdb->update( $table, $row, array( 'id' => $order->get_id() ) );
			$wpdb->query( 'COMMIT' );
		}
		$order->save_meta_data();
		$order->apply_changes();
		$this->clear_caches( $order );

		if ( ! $order instanceof WC_Order ) {
			return;
		}
		if ( ! empty( $changes['status'] ) && 'auto-draft' === $previous_status ) {
			do_action( 'woocommerce_new_order', $order->get_id(), $order );
			return;
		}
		if ( ! empty( $changes['status'] ) && in_array( 'trash', array( $changes['status'], $previous_status ), true ) ) {
			return;
		}
		do_action( 'woocommerce_update_order', $order->get_id(), $order );
	}

	public function delete( &$order, $args = array() ) {
		global $wpdb;
		$id = $order->get_id();
		if ( ! $id ) {
			return;
		}
		if ( ! empty( $args['force_delete'] ) ) {
			if ( $order instanceof WC_Order ) {
				do_action( 'woocommerce_before_delete_order', $id, $order );
			}
			foreach ( $order->get_items( array( 'line_item', 'fee', 'shipping', 'coupon', 'tax' ) ) as $item ) {
				$item->delete();
			}
			$wpdb->delete( self::orders_table(), array( 'id' => $id ) );
			$wpdb->delete( $this->meta_table_info()[0], array( 'order_id' => $id ) );
			wp_delete_post( $id, true );
			$this->clear_caches( $order );
			if ( $order instanceof WC_Order ) {
				do_action( 'woocommerce_delete_order', $id );
			}
		} else {
			if ( $order instanceof WC_Order ) {
				do_action( 'woocommerce_before_trash_order', $id, $order );
			}
			$order->add_meta_data( '_wp_trash_meta_status', 'wc-' . $order->get_status( 'edit' ), true );
			$order->add_meta_data( '_wp_trash_meta_time', time(), true );
			$order->set_status( 'trash' );
			$order->save();
			if ( $order instanceof WC_Order ) {
				do_action( 'woocommerce_trash_order', $id );
			}
		}
	}

	public function clear_caches( &$order ) {
		wp_cache_delete( 'order-' . $order->get_id(), 'orders' );
		wp_cache_delete( WC_Data::generate_meta_cache_key( $order->get_id(), 'orders' ), 'orders' );
		wp_cache_delete( 'refunds' . $order->get_id(), 'orders' );
		wp_cache_delete( 'refunds' . $order->get_parent_id( 'edit' ), 'orders' );
		wp_cache_delete( 'total_refunded' . $order->get_parent_id( 'edit' ), 'orders' );
	}

	/** @return string|false The type (shop_order, shop_order_refund) of an order id. */
	public function get_order_type( $order_id ) {
		global $wpdb;
		$table = self::orders_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$type = $wpdb->get_var( $wpdb->prepare( "SELECT type FROM {$table} WHERE id = %d", $order_id ) );
		return $type ? $type : false;
	}

	public function read_items( $order, $type ) {
		global $wpdb;
		$table = $wpdb->prefix . 'woocommerce_order_items';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$ids   = $wpdb->get_col( $wpdb->prepare( "SELECT order_item_id FROM {$table} WHERE order_id = %d AND order_item_type = %s ORDER BY order_item_id", $order->get_id(), $type ) );
		$items = array();
		foreach ( $ids as $id ) {
			$item = WC_Order_Factory::get_order_item( (int) $id );
			if ( $item ) {
				$items[ (int) $id ] = $item;
			}
		}
		return $items;
	}

	public function delete_items( $order, $type = null ) {
		foreach ( $order->get_items( $type ? $type : array( 'line_item', 'fee', 'shipping', 'coupon', 'tax' ) ) as $item ) {
			$item->delete();
		}
	}

	public function get_order_item_type( $order, $order_item_id ) {
		global $wpdb;
		$table = $wpdb->prefix . 'woocommerce_order_items';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $wpdb->get_var( $wpdb->prepare( "SELECT order_item_type FROM {$table} WHERE order_id = %d AND order_item_id = %d", $order->get_id(), $order_item_id ) );
	}

	public function get_total_refunded( $order ) {
		global $wpdb;
		$table = self::orders_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$total = $wpdb->get_var( $wpdb->prepare( "SELECT SUM(total_amount) FROM {$table} WHERE type = 'shop_order_refund' AND parent_order_id = %d", $order->get_id() ) );
		return -1 * ( isset( $total ) ? (float) $total : 0 );
	}

	/**
	 * Order ids for a WC_Order_Query's vars (the subset documented in tests/wordpress/README.md).
	 *
	 * @return array{ids: int[], total: int}
	 */
	public function query( array $vars ) {
		global $wpdb;
		$orders = self::orders_table();
		$meta   = $this->meta_table_info()[0];
		$where  = array( '1=1' );
		$joins  = array();

		$types = array_filter( (array) $vars['type'] );
		if ( $types ) {
			$where[] = "o.type IN ('" . implode( "','", array_map( 'esc_sql', $types ) ) . "')";
		}
		$statuses = (array) $vars['status'];
		if ( $statuses && ! in_array( 'any', $statuses, true ) && ! in_array( 'all', $statuses, true ) ) {
			$statuses = array_map( array( $this, 'db_status' ), $statuses );
			// Refunds count as completed whatever the filter, as their status is.
			$where[] = "(o.status IN ('" . implode( "','", array_map( 'esc_sql', $statuses ) ) . "'))";
		}
		foreach ( array( 'customer_id' => 'customer_id', 'customer' => 'customer_id', 'parent' => 'parent_order_id', 'currency' => 'currency', 'payment_method' => 'payment_method', 'transaction_id' => 'transaction_id', 'billing_email' => 'billing_email' ) as $var => $column ) {
			if ( isset( $vars[ $var ] ) && '' !== $vars[ $var ] && null !== $vars[ $var ] ) {
				$values  = array_map( 'esc_sql', array_map( 'strval', (array) $vars[ $var ] ) );
				$where[] = "o.{$column} IN ('" . implode( "','", $values ) . "')";
			}
		}
		foreach ( array( 'exclude' => 'o.id', 'parent_exclude' => 'o.parent_order_id' ) as $var => $column ) {
			if ( ! empty( $vars[ $var ] ) ) {
				$where[] = "{$column} NOT IN (" . implode( ',', array_map( 'intval', (array) $vars[ $var ] ) ) . ')';
			}
		}
		if ( ! empty( $vars['include'] ) ) {
			$where[] = 'o.id IN (' . implode( ',', array_map( 'intval', (array) $vars['include'] ) ) . ')';
		}

		$clauses = array();
		if ( ! empty( $vars['meta_key'] ) ) {
			$clause = array( 'key' => $vars['meta_key'] );
			if ( array_key_exists( 'meta_value', $vars ) && '' !== $vars['meta_value'] ) {
				$clause['value']   = $vars['meta_value'];
				$clause['compare'] = $vars['meta_compare'] ?? '=';
			}
			$clauses[] = $clause;
		}
		$relation = 'AND';
		if ( ! empty( $vars['meta_query'] ) && is_array( $vars['meta_query'] ) ) {
			foreach ( $vars['meta_query'] as $key => $clause ) {
				if ( 'relation' === $key ) {
					$relation = strtoupper( $clause ) === 'OR' ? 'OR' : 'AND';
				} elseif ( is_array( $clause ) ) {
					$clauses[] = $clause;
				}
			}
		}
		$meta_conditions = array();
		foreach ( $clauses as $index => $clause ) {
			$meta_conditions[] = $this->meta_condition( $clause, $meta );
		}
		if ( $meta_conditions ) {
			$where[] = '(' . implode( " {$relation} ", $meta_conditions ) . ')';
		}

		if ( ! empty( $vars['date_created'] ) ) {
			$where[] = $this->date_condition( (string) $vars['date_created'], 'o.date_created_gmt' );
		}

		$orderby = strtolower( (string) $vars['orderby'] );
		$column  = in_array( $orderby, array( 'id', 'ids' ), true ) ? 'o.id' : ( 'modified' === $orderby || 'date_modified' === $orderby ? 'o.date_updated_gmt' : ( 'none' === $orderby ? '' : 'o.date_created_gmt' ) );
		$order   = 'ASC' === strtoupper( (string) $vars['order'] ) ? 'ASC' : 'DESC';
		$sql_order = $column ? "ORDER BY {$column} {$order}, o.id {$order}" : '';

		$limit  = (int) $vars['limit'];
		$offset = '' !== $vars['offset'] && null !== $vars['offset'] ? (int) $vars['offset'] : max( 0, ( (int) $vars['page'] - 1 ) ) * max( 0, $limit );
		$sql_limit = $limit >= 0 ? sprintf( 'LIMIT %d, %d', $offset, $limit ) : '';

		$sql_where = implode( ' AND ', $where );
		$sql_joins = implode( ' ', $joins );
		// phpcs:disable WordPress.DB.PreparedSQL
		$ids   = array_map( 'intval', $wpdb->get_col( "SELECT o.id FROM {$orders} o {$sql_joins} WHERE {$sql_where} {$sql_order} {$sql_limit}" ) );
		$total = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$orders} o {$sql_joins} WHERE {$sql_where}" );
		// phpcs:enable
		return array(
			'ids'   => $ids,
			'total' => $total,
		);
	}

	protected function meta_condition( array $clause, $meta_table ) {
		global $wpdb;
		$compare = strtoupper( $clause['compare'] ?? ( isset( $clause['value'] ) && is_array( $clause['value'] ) ? 'IN' : '=' ) );
		$key     = $wpdb->prepare( 'm.meta_key = %s', (string) ( $clause['key'] ?? '' ) );
		$exists  = "EXISTS (SELECT 1 FROM {$meta_table} m WHERE m.order_id = o.id AND {$key}";
		switch ( $compare ) {
			case 'EXISTS':
				return $exists . ')';
			case 'NOT EXISTS':
				return 'NOT ' . $exists . ')';
			case 'IN':
			case 'NOT IN':
				$values = array_map(
					function ( $value ) use ( $wpdb ) {
						return $wpdb->prepare( '%s', (string) $value );
					},
					(array) ( $clause['value'] ?? array() )
				);
				$in     = $values ? implode( ',', $values ) : "''";
				return ( 'NOT IN' === $compare ? 'NOT ' : '' ) . $exists . " AND m.meta_value IN ({$in}))";
			case '!=':
				return 'NOT ' . $exists . $wpdb->prepare( ' AND m.meta_value = %s)', (string) ( $clause['value'] ?? '' ) );
			case '<':
			case '>':
			case '<=':
			case '>=':
				$cast = in_array( strtoupper( $clause['type'] ?? '' ), array( 'NUMERIC', 'SIGNED', 'UNSIGNED', 'DECIMAL' ), true );
				$left = $cast ? 'CAST(m.meta_value AS DECIMAL(30,8))' : 'm.meta_value';
				return $exists . " AND {$left} {$compare} " . $wpdb->prepare( $cast ? '%f' : '%s', $clause['value'] ?? '' ) . ')';
			case 'LIKE':
				return $exists . $wpdb->prepare( ' AND m.meta_value LIKE %s)', '%' . $wpdb->esc_like( (string) ( $clause['value'] ?? '' ) ) . '%' );
			default:
				return $exists . $wpdb->prepare( ' AND m.meta_value = %s)', (string) ( $clause['value'] ?? '' ) );
		}
	}

	/** `date_created` as WooCommerce reads it: 'YYYY-MM-DD', '>…', '<…', 'a...b', timestamps. */
	protected function date_condition( $value, $column ) {
		$to_gmt = function ( $date ) {
			return is_numeric( $date ) ? gmdate( 'Y-m-d H:i:s', (int) $date ) : get_gmt_from_date( $date );
		};
		if ( false !== strpos( $value, '...' ) ) {
			list( $from, $to ) = explode( '...', $value, 2 );
			return "({$column} >= '" . esc_sql( $to_gmt( $from ) ) . "' AND {$column} <= '" . esc_sql( $to_gmt( is_numeric( $to ) ? $to : $to . ' 23:59:59' ) ) . "')";
		}
		if ( preg_match( '/^(>=|<=|>|<)(.*)$/', $value, $match ) ) {
			return "{$column} {$match[1]} '" . esc_sql( $to_gmt( $match[2] ) ) . "'";
		}
		if ( is_numeric( $value ) ) {
			return "{$column} = '" . esc_sql( $to_gmt( $value ) ) . "'";
		}
		return "({$column} >= '" . esc_sql( $to_gmt( $value . ' 00:00:00' ) ) . "' AND {$column} <= '" . esc_sql( $to_gmt( $value . ' 23:59:59' ) ) . "')";
	}
}

class WC_Stand_In_Order_Item_Data_Store {

	use WC_Stand_In_Meta_Rows;

	public function get_internal_meta_keys() {
		return array( '_qty', '_tax_class', '_product_id', '_variation_id', '_line_subtotal', '_line_subtotal_tax', '_line_total', '_line_tax', '_line_tax_data', 'method_id', 'cost', 'total_tax', 'taxes', 'rate_id', 'label', 'compound', 'tax_amount', 'shipping_tax_amount', 'discount_amount', 'discount_amount_tax', '_fee_amount', '_tax_status', 'rate_percent', 'instance_id' );
	}

	protected function meta_table_info() {
		global $wpdb;
		return array( $wpdb->prefix . 'woocommerce_order_itemmeta', 'order_item_id', 'meta_id' );
	}

	public function create( &$item ) {
		global $wpdb;
		$props = WC_Stand_In_Props::current( $item );
		$wpdb->insert(
			$wpdb->prefix . 'woocommerce_order_items',
			array(
				'order_item_name' => $item->get_name( 'edit' ),
				'order_item_type' => $item->get_type(),
				'order_id'        => $item->get_order_id( 'edit' ),
				'stand_in_data'   => WC_Stand_In_Props::encode( $props ),
			)
		);
		$item->set_id( $wpdb->insert_id );
		$item->save_meta_data();
		$item->apply_changes();
		wp_cache_delete( 'item-' . $item->get_id(), 'order-items' );
		do_action( 'woocommerce_new_order_item', $item->get_id(), $item, $item->get_order_id() );
	}

	public function update( &$item ) {
		global $wpdb;
		$changes = $item->get_changes();
		if ( $changes ) {
			$props = WC_Stand_In_Props::current( $item );
			$wpdb->update(
				$wpdb->prefix . 'woocommerce_order_items',
				array(
					'order_item_name' => $item->get_name( 'edit' ),
					'order_item_type' => $item->get_type(),
					'order_id'        => $item->get_order_id( 'edit' ),
					'stand_in_data'   => WC_Stand_In_Props::encode( $props ),
				),
				array( 'order_item_id' => $item->get_id() )
			);
		}
		$item->save_meta_data();
		$item->apply_changes();
		wp_cache_delete( 'item-' . $item->get_id(), 'order-items' );
		do_action( 'woocommerce_update_order_item', $item->get_id(), $item, $item->get_order_id() );
	}

	public function read( &$item ) {
		global $wpdb;
		$item->set_defaults();
		$table = $wpdb->prefix . 'woocommerce_order_items';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE order_item_id = %d", $item->get_id() ) );
		if ( ! $row ) {
			throw new Exception( 'Invalid order item.' );
		}
		$props = WC_Stand_In_Props::decode( $row->stand_in_data );
		$item->set_props( $props );
		$item->set_props(
			array(
				'order_id' => (int) $row->order_id,
				'name'     => $row->order_item_name,
			)
		);
		$item->read_meta_data();
		$item->set_object_read( true );
	}

	public function delete( &$item, $args = array() ) {
		global $wpdb;
		if ( ! $item->get_id() ) {
			return;
		}
		do_action( 'woocommerce_before_delete_order_item', $item->get_id() );
		$wpdb->delete( $wpdb->prefix . 'woocommerce_order_items', array( 'order_item_id' => $item->get_id() ) );
		$wpdb->delete( $wpdb->prefix . 'woocommerce_order_itemmeta', array( 'order_item_id' => $item->get_id() ) );
		do_action( 'woocommerce_delete_order_item', $item->get_id() );
	}

	public function get_order_item_type( $item_id ) {
		global $wpdb;
		$table = $wpdb->prefix . 'woocommerce_order_items';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $wpdb->get_var( $wpdb->prepare( "SELECT order_item_type FROM {$table} WHERE order_item_id = %d", $item_id ) );
	}
}

class WC_Stand_In_Product_Data_Store {

	/** Props kept as post meta, by meta key. */
	const META = array(
		'sku'           => '_sku',
		'regular_price' => '_regular_price',
		'sale_price'    => '_sale_price',
		'price'         => '_price',
		'tax_status'    => '_tax_status',
		'tax_class'     => '_tax_class',
		'virtual'       => '_virtual',
		'downloadable'  => '_downloadable',
		'weight'        => '_weight',
	);

	public function get_internal_meta_keys() {
		return array_values( self::META );
	}

	public function create( &$product ) {
		$id = wp_insert_post(
			array(
				'post_type'    => 'product',
				'post_status'  => $product->get_status( 'edit' ) ? $product->get_status( 'edit' ) : 'publish',
				'post_title'   => $product->get_name( 'edit' ) ? $product->get_name( 'edit' ) : 'Product',
				'post_content' => $product->get_description( 'edit' ),
			),
			true
		);
		if ( is_wp_error( $id ) ) {
			throw new Exception( $id->get_error_message() );
		}
		$product->set_id( $id );
		$this->write_meta( $product );
		$product->save_meta_data();
		$product->apply_changes();
		do_action( 'woocommerce_new_product', $id, $product );
	}

	public function update( &$product ) {
		wp_update_post(
			array(
				'ID'           => $product->get_id(),
				'post_title'   => $product->get_name( 'edit' ),
				'post_status'  => $product->get_status( 'edit' ),
				'post_content' => $product->get_description( 'edit' ),
			)
		);
		$this->write_meta( $product );
		$product->save_meta_data();
		$product->apply_changes();
		do_action( 'woocommerce_update_product', $product->get_id(), $product );
	}

	protected function write_meta( $product ) {
		foreach ( self::META as $prop => $key ) {
			$value = $product->{"get_$prop"}( 'edit' );
			update_post_meta( $product->get_id(), $key, is_bool( $value ) ? wc_bool_to_string( $value ) : $value );
		}
	}

	public function read( &$product ) {
		$product->set_defaults();
		$post = get_post( $product->get_id() );
		if ( ! $post || 'product' !== $post->post_type ) {
			throw new Exception( 'Invalid product.' );
		}
		$props = array(
			'name'        => $post->post_title,
			'status'      => $post->post_status,
			'description' => $post->post_content,
		);
		foreach ( self::META as $prop => $key ) {
			$props[ $prop ] = get_post_meta( $post->ID, $key, true );
		}
		$product->set_props( $props );
		$product->read_meta_data();
		$product->set_object_read( true );
	}

	public function delete( &$product, $args = array() ) {
		wp_delete_post( $product->get_id(), ! empty( $args['force_delete'] ) );
	}

	public function read_meta( &$object ) {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT meta_id, meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id = %d ORDER BY meta_id", $object->get_id() ) );
		$skip = array_merge( $this->get_internal_meta_keys(), array( '_edit_lock', '_edit_last' ) );
		return array_values(
			array_filter(
				$rows,
				function ( $row ) use ( $skip ) {
					return ! in_array( $row->meta_key, $skip, true );
				}
			)
		);
	}

	public function add_meta( &$object, $meta ) {
		return add_post_meta( $object->get_id(), wp_slash( $meta->key ), is_string( $meta->value ) ? wp_slash( $meta->value ) : $meta->value );
	}

	public function update_meta( &$object, $meta ) {
		update_metadata_by_mid( 'post', $meta->id, $meta->value, $meta->key );
	}

	public function delete_meta( &$object, $meta ) {
		delete_metadata_by_mid( 'post', $meta->id );
	}
}
