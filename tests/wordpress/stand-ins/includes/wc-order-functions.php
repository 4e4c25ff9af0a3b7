<?php
/**
 * Stand-in: wc_get_order, wc_get_orders (WC_Order_Query), wc_create_order, wc_create_refund,
 * order notes — WooCommerce 8.9.3 signatures and defaults (note: wc_get_orders' default limit is
 * the `posts_per_page` option, 10, and its default types include refunds).
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

/**
 * @return WC_Order|WC_Order_Refund|false
 */
function wc_get_order( $the_order = false ) {
	if ( ! did_action( 'woocommerce_after_register_post_type' ) ) {
		wc_doing_it_wrong( __FUNCTION__, 'wc_get_order should not be called before post types are registered (woocommerce_after_register_post_type action)', '2.5' );
		return false;
	}
	return WC_Order_Factory::get_order( $the_order );
}

class WC_Order_Query {

	/** @var array */
	protected $query_vars = array();

	public function __construct( $args = array() ) {
		$this->query_vars = wp_parse_args( $args, $this->get_default_query_vars() );
	}

	public function get_query_vars() {
		return $this->query_vars;
	}

	public function get( $query_var, $default = '' ) {
		return $this->query_vars[ $query_var ] ?? $default;
	}

	public function set( $query_var, $value ) {
		$this->query_vars[ $query_var ] = $value;
	}

	protected function get_default_query_vars() {
		return array(
			'name'           => '',
			'parent'         => '',
			'parent_exclude' => '',
			'exclude'        => '',
			'limit'          => get_option( 'posts_per_page' ),
			'page'           => 1,
			'offset'         => '',
			'paginate'       => false,
			'order'          => 'DESC',
			'orderby'        => 'date',
			'return'         => 'objects',
			'status'         => array_keys( wc_get_order_statuses() ),
			'type'           => wc_get_order_types( 'view-orders' ),
			'currency'       => '',
			'customer'       => '',
			'customer_id'    => '',
			'billing_email'  => '',
			'payment_method' => '',
			'transaction_id' => '',
			'date_created'   => '',
		);
	}

	/**
	 * @return WC_Order[]|int[]|stdClass Orders, ids ('return' => 'ids'), or with 'paginate' an
	 *                                   object with orders, total and max_num_pages.
	 */
	public function get_orders() {
		$args   = apply_filters( 'woocommerce_order_query_args', $this->get_query_vars() );
		$result = ( new WC_Stand_In_Order_Data_Store() )->query( $args );
		$orders = 'ids' === $args['return'] ? $result['ids'] : array_values( array_filter( array_map( 'wc_get_order', $result['ids'] ) ) );
		if ( $args['paginate'] ) {
			$limit  = (int) $args['limit'];
			$orders = (object) array(
				'orders'        => $orders,
				'total'         => $result['total'],
				'max_num_pages' => $limit > 0 ? (int) ceil( $result['total'] / $limit ) : 1,
			);
		}
		return apply_filters( 'woocommerce_order_query', $orders, $args );
	}
}

function wc_get_orders( $args ) {
	$legacy = array(
		'numberposts'    => 'limit',
		'post_type'      => 'type',
		'post_status'    => 'status',
		'post_parent'    => 'parent',
		'author'         => 'customer',
		'email'          => 'billing_email',
		'posts_per_page' => 'limit',
		'paged'          => 'page',
	);
	foreach ( $legacy as $from => $to ) {
		if ( isset( $args[ $from ] ) ) {
			$args[ $to ] = $args[ $from ];
		}
	}
	return ( new WC_Order_Query( $args ) )->get_orders();
}

function wc_get_order_id_by_order_key( $order_key ) {
	foreach ( wc_get_orders( array( 'limit' => -1, 'status' => 'any', 'type' => 'shop_order' ) ) as $order ) {
		if ( $order->get_order_key() === $order_key ) {
			return $order->get_id();
		}
	}
	return 0;
}

/**
 * @return WC_Order|WP_Error
 */
function wc_create_order( $args = array() ) {
	$args = wp_parse_args(
		$args,
		array(
			'status'        => null,
			'customer_id'   => null,
			'customer_note' => null,
			'parent'        => null,
			'created_via'   => null,
			'cart_hash'     => null,
			'order_id'      => 0,
		)
	);
	try {
		$order = new WC_Order( $args['order_id'] );
		if ( ! is_null( $args['parent'] ) ) {
			$order->set_parent_id( absint( $args['parent'] ) );
		}
		if ( ! is_null( $args['status'] ) ) {
			$order->set_status( $args['status'] );
		}
		if ( ! is_null( $args['customer_note'] ) ) {
			$order->set_customer_note( $args['customer_note'] );
		}
		if ( ! is_null( $args['customer_id'] ) ) {
			$order->set_customer_id( is_numeric( $args['customer_id'] ) ? absint( $args['customer_id'] ) : 0 );
		}
		if ( ! is_null( $args['created_via'] ) ) {
			$order->set_created_via( sanitize_text_field( $args['created_via'] ) );
		}
		if ( ! is_null( $args['cart_hash'] ) ) {
			$order->set_cart_hash( sanitize_text_field( $args['cart_hash'] ) );
		}
		if ( ! $args['order_id'] ) {
			$order->set_currency( get_woocommerce_currency() );
			$order->set_prices_include_tax( 'yes' === get_option( 'woocommerce_prices_include_tax' ) );
			$order->set_customer_ip_address( '127.0.0.1' );
			$order->set_customer_user_agent( wc_get_user_agent() );
		}
		$order->save();
	} catch ( Exception $e ) {
		return new WP_Error( 'error', $e->getMessage() );
	}
	return $order;
}

/**
 * Creates a refund as WooCommerce does: negative copies of the refunded lines, amount, reason;
 * `woocommerce_create_refund`, then `woocommerce_order_partially_refunded` or
 * `woocommerce_order_fully_refunded` (and status 'refunded'), `woocommerce_refund_created`,
 * `woocommerce_order_refunded`. Payment gateways are not called ('refund_payment' is refused).
 *
 * @return WC_Order_Refund|WP_Error
 */
function wc_create_refund( $args = array() ) {
	$args = wp_parse_args(
		$args,
		array(
			'amount'         => 0,
			'reason'         => null,
			'order_id'       => 0,
			'refund_id'      => 0,
			'line_items'     => array(),
			'refund_payment' => false,
			'restock_items'  => false,
		)
	);
	try {
		$order = wc_get_order( $args['order_id'] );
		if ( ! $order ) {
			throw new Exception( __( 'Invalid order ID.', 'woocommerce' ) );
		}
		if ( $args['refund_payment'] ) {
			throw new Exception( 'The stand-in cannot refund through a payment gateway.' );
		}
		$remaining_amount = $order->get_remaining_refund_amount();
		$remaining_items  = $order->get_remaining_refund_items();
		$refunded_count   = 0;
		$refund           = new WC_Order_Refund( $args['refund_id'] );
		if ( 0 > $args['amount'] || $args['amount'] > $remaining_amount ) {
			throw new Exception( __( 'Invalid refund amount.', 'woocommerce' ) );
		}
		$refund->set_currency( $order->get_currency() );
		$refund->set_amount( $args['amount'] );
		$refund->set_parent_id( absint( $args['order_id'] ) );
		$refund->set_refunded_by( get_current_user_id() ? get_current_user_id() : 1 );
		$refund->set_prices_include_tax( $order->get_prices_include_tax() );
		if ( ! is_null( $args['reason'] ) ) {
			$refund->set_reason( $args['reason'] );
		}
		if ( is_array( $args['line_items'] ) && $args['line_items'] ) {
			foreach ( $order->get_items( array( 'line_item', 'fee', 'shipping' ) ) as $item_id => $item ) {
				if ( ! isset( $args['line_items'][ $item_id ] ) ) {
					continue;
				}
				$line  = $args['line_items'][ $item_id ];
				$qty   = $line['qty'] ?? 0;
				$total = $line['refund_total'] ?? 0;
				$taxes = isset( $line['refund_tax'] ) ? array_filter( (array) $line['refund_tax'] ) : array();
				if ( empty( $qty ) && empty( $total ) && empty( $line['refund_tax'] ) ) {
					continue;
				}
				$class    = get_class( $item );
				$refunded = new $class( $item );
				$refunded->set_id( 0 );
				$refunded->add_meta_data( '_refunded_item_id', $item_id, true );
				$refunded->set_total( wc_format_refund_total( $total ) );
				$refunded->set_taxes(
					array(
						'total'    => array_map( 'wc_format_refund_total', $taxes ),
						'subtotal' => array_map( 'wc_format_refund_total', $taxes ),
					)
				);
				if ( is_callable( array( $refunded, 'set_subtotal' ) ) ) {
					$refunded->set_subtotal( wc_format_refund_total( $total ) );
				}
				if ( is_callable( array( $refunded, 'set_quantity' ) ) ) {
					$refunded->set_quantity( $qty * -1 );
				}
				$refund->add_item( $refunded );
				$refunded_count += $qty;
			}
		}
		$refund->update_taxes();
		$refund->calculate_totals( false );
		$refund->set_total( $args['amount'] * -1 );
		if ( isset( $args['date_created'] ) ) {
			$refund->set_date_created( $args['date_created'] );
		}
		do_action( 'woocommerce_create_refund', $refund, $args );
		if ( $refund->save() ) {
			$partial = ( $remaining_amount - $args['amount'] ) > 0 || ( $order->has_free_item() && ( $remaining_items - $refunded_count ) > 0 );
			if ( (bool) apply_filters( 'woocommerce_order_is_partially_refunded', $partial, $order->get_id(), $refund->get_id() ) ) {
				do_action( 'woocommerce_order_partially_refunded', $order->get_id(), $refund->get_id() );
			} else {
				do_action( 'woocommerce_order_fully_refunded', $order->get_id(), $refund->get_id() );
				$parent_status = apply_filters( 'woocommerce_order_fully_refunded_status', 'refunded', $order->get_id(), $refund->get_id() );
				if ( $parent_status ) {
					$order->update_status( $parent_status );
				}
			}
		}
		$order->set_date_modified( time() );
		$order->save();
		do_action( 'woocommerce_refund_created', $refund->get_id(), $args );
		do_action( 'woocommerce_order_refunded', $order->get_id(), $refund->get_id() );
	} catch ( Exception $e ) {
		if ( isset( $refund ) && $refund instanceof WC_Order_Refund ) {
			$refund->delete( true );
		}
		return new WP_Error( 'error', $e->getMessage() );
	}
	return $refund;
}

/**
 * @return stdClass|null id, date_created (WC_DateTime), content, customer_note, added_by.
 */
function wc_get_order_note( $data ) {
	if ( is_numeric( $data ) ) {
		$data = get_comment( $data );
	}
	if ( ! $data instanceof WP_Comment ) {
		return null;
	}
	return (object) apply_filters(
		'woocommerce_get_order_note',
		array(
			'id'            => (int) $data->comment_ID,
			'date_created'  => wc_string_to_datetime( $data->comment_date ),
			'content'       => $data->comment_content,
			'customer_note' => (bool) get_comment_meta( $data->comment_ID, 'is_customer_note', true ),
			'added_by'      => __( 'WooCommerce', 'woocommerce' ) === $data->comment_author ? 'system' : $data->comment_author,
		),
		$data
	);
}

/**
 * Order notes: 'order_id', 'limit', 'orderby' (date_created, id), 'order', 'type' (customer, internal).
 *
 * @return stdClass[]
 */
function wc_get_order_notes( $args ) {
	foreach ( array( 'limit' => 'number', 'order_id' => 'post_id', 'order__in' => 'post__in', 'order__not_in' => 'post__not_in' ) as $from => $to ) {
		if ( isset( $args[ $from ] ) ) {
			$args[ $to ] = $args[ $from ];
			unset( $args[ $from ] );
		}
	}
	$orderby         = array(
		'date_created'     => 'comment_date',
		'date_created_gmt' => 'comment_date_gmt',
		'id'               => 'comment_ID',
	);
	$args['orderby'] = isset( $args['orderby'], $orderby[ $args['orderby'] ] ) ? $orderby[ $args['orderby'] ] : 'comment_ID';
	if ( isset( $args['type'] ) && 'customer' === $args['type'] ) {
		$args['meta_query'] = array( array( 'key' => 'is_customer_note', 'value' => 1, 'compare' => '=' ) ); // phpcs:ignore
	} elseif ( isset( $args['type'] ) && 'internal' === $args['type'] ) {
		$args['meta_query'] = array( array( 'key' => 'is_customer_note', 'compare' => 'NOT EXISTS' ) ); // phpcs:ignore
	}
	$args['type']   = 'order_note';
	$args['status'] = 'approve';
	unset( $args['count'], $args['fields'] );
	return array_filter( array_map( 'wc_get_order_note', get_comments( $args ) ) );
}
