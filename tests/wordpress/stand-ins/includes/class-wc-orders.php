<?php
/**
 * Stand-in: WC_Abstract_Order, WC_Order and WC_Order_Refund with WooCommerce 8.9.3's props,
 * getters, setters, status transitions (fired on save(), with WooCommerce's hook names and
 * arguments), notes (comments of type order_note) and refunds.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

abstract class WC_Abstract_Order extends WC_Data {

	protected $data = array(
		'parent_id'          => 0,
		'status'             => '',
		'currency'           => '',
		'version'            => '',
		'prices_include_tax' => false,
		'date_created'       => null,
		'date_modified'      => null,
		'discount_total'     => 0,
		'discount_tax'       => 0,
		'shipping_total'     => 0,
		'shipping_tax'       => 0,
		'cart_tax'           => 0,
		'total'              => 0,
		'total_tax'          => 0,
	);

	/** @var array Loaded items by group (line_items, tax_lines, shipping_lines, fee_lines, coupon_lines). */
	protected $items = array();

	/** @var WC_Order_Item[] */
	protected $items_to_delete = array();

	protected $cache_group = 'orders';

	protected $data_store_name = 'order';

	protected $object_type = 'order';

	public function __construct( $order = 0 ) {
		parent::__construct( $order );
		if ( is_numeric( $order ) && $order > 0 ) {
			$this->set_id( $order );
		} elseif ( $order instanceof self ) {
			$this->set_id( $order->get_id() );
		} elseif ( ! empty( $order->ID ) ) {
			$this->set_id( $order->ID );
		} else {
			$this->set_object_read( true );
		}
		$this->data_store = WC_Data_Store::load( $this->data_store_name );
		if ( $this->get_id() > 0 ) {
			$this->data_store->read( $this );
		}
	}

	/** Orders share their meta and items with their clones, as in WooCommerce (the order cache relies on it). */
	public function __clone() {}

	public function get_type() {
		return 'shop_order';
	}

	public function get_data() {
		return array_merge(
			array( 'id' => $this->get_id() ),
			$this->data,
			array(
				'meta_data'      => $this->get_meta_data(),
				'line_items'     => $this->get_items( 'line_item' ),
				'tax_lines'      => $this->get_items( 'tax' ),
				'shipping_lines' => $this->get_items( 'shipping' ),
				'fee_lines'      => $this->get_items( 'fee' ),
				'coupon_lines'   => $this->get_items( 'coupon' ),
			)
		);
	}

	/**
	 * Saves the order, then its items (items are saved after the data store's create/update,
	 * so `woocommerce_new_order` sees the items in memory only, as in WooCommerce). Exceptions
	 * are logged, not thrown, as WooCommerce does.
	 */
	public function save() {
		if ( ! $this->data_store ) {
			return $this->get_id();
		}
		try {
			do_action( 'woocommerce_before_' . $this->object_type . '_object_save', $this, $this->data_store );
			if ( $this->get_id() ) {
				$this->data_store->update( $this );
			} else {
				$this->data_store->create( $this );
			}
			$this->save_items();
			wp_cache_delete( 'order-' . $this->get_id(), 'orders' );
			do_action( 'woocommerce_after_' . $this->object_type . '_object_save', $this, $this->data_store );
		} catch ( Exception $e ) {
			$this->handle_exception( $e, sprintf( 'Error saving order ID %s.', $this->get_id() ? $this->get_id() : '(no ID)' ) );
		}
		return $this->get_id();
	}

	protected function handle_exception( $e, $message = 'Error' ) {
		wc_get_logger()->error(
			$message,
			array(
				'order' => $this,
				'error' => $e,
			)
		);
	}

	protected function save_items() {
		foreach ( $this->items_to_delete as $item ) {
			$item->delete();
		}
		$this->items_to_delete = array();
		foreach ( $this->items as $group => $items ) {
			if ( ! is_array( $items ) ) {
				continue;
			}
			foreach ( array_filter( $items ) as $key => $item ) {
				$item->set_order_id( $this->get_id() );
				$item_id = $item->save();
				if ( $item_id !== $key ) {
					$this->items[ $group ][ $item_id ] = $item;
					unset( $this->items[ $group ][ $key ] );
				}
			}
		}
	}

	public function get_parent_id( $context = 'view' ) {
		return $this->get_prop( 'parent_id', $context );
	}

	public function get_currency( $context = 'view' ) {
		return $this->get_prop( 'currency', $context );
	}

	public function get_version( $context = 'view' ) {
		return $this->get_prop( 'version', $context );
	}

	public function get_prices_include_tax( $context = 'view' ) {
		return $this->get_prop( 'prices_include_tax', $context );
	}

	public function get_date_created( $context = 'view' ) {
		return $this->get_prop( 'date_created', $context );
	}

	public function get_date_modified( $context = 'view' ) {
		return $this->get_prop( 'date_modified', $context );
	}

	public function get_date_paid( $context = 'view' ) {
		return null;
	}

	public function get_date_completed( $context = 'view' ) {
		return null;
	}

	public function get_status( $context = 'view' ) {
		$status = $this->get_prop( 'status', $context );
		if ( empty( $status ) && 'view' === $context ) {
			$status = apply_filters( 'woocommerce_default_order_status', 'pending' );
		}
		return $status;
	}

	public function get_discount_total( $context = 'view' ) {
		return $this->get_prop( 'discount_total', $context );
	}

	public function get_discount_tax( $context = 'view' ) {
		return $this->get_prop( 'discount_tax', $context );
	}

	public function get_shipping_total( $context = 'view' ) {
		return $this->get_prop( 'shipping_total', $context );
	}

	public function get_shipping_tax( $context = 'view' ) {
		return $this->get_prop( 'shipping_tax', $context );
	}

	public function get_cart_tax( $context = 'view' ) {
		return $this->get_prop( 'cart_tax', $context );
	}

	public function get_total( $context = 'view' ) {
		return $this->get_prop( 'total', $context );
	}

	public function get_total_tax( $context = 'view' ) {
		return $this->get_prop( 'total_tax', $context );
	}

	public function get_total_discount( $ex_tax = true ) {
		$total = $ex_tax ? $this->get_discount_total() : (float) $this->get_discount_total() + (float) $this->get_discount_tax();
		return apply_filters( 'woocommerce_order_get_total_discount', round( (float) $total, WC_ROUNDING_PRECISION ), $this );
	}

	public function get_subtotal() {
		$subtotal = 0;
		foreach ( $this->get_items() as $item ) {
			$subtotal += (float) $item->get_subtotal();
		}
		return apply_filters( 'woocommerce_order_get_subtotal', (float) $subtotal, $this );
	}

	/** Tax totals per rate code: objects with id, rate_id, is_compound, label, amount, formatted_amount. */
	public function get_tax_totals() {
		$totals = array();
		foreach ( $this->get_items( 'tax' ) as $key => $tax ) {
			$code = $tax->get_rate_code();
			if ( ! isset( $totals[ $code ] ) ) {
				$totals[ $code ]         = new stdClass();
				$totals[ $code ]->amount = 0;
			}
			$totals[ $code ]->id               = $key;
			$totals[ $code ]->rate_id          = $tax->get_rate_id();
			$totals[ $code ]->is_compound      = $tax->is_compound();
			$totals[ $code ]->label            = $tax->get_label();
			$totals[ $code ]->amount          += (float) $tax->get_tax_total() + (float) $tax->get_shipping_tax_total();
			$totals[ $code ]->formatted_amount = wc_price( $totals[ $code ]->amount, array( 'currency' => $this->get_currency() ) );
		}
		return apply_filters( 'woocommerce_order_get_tax_totals', $totals, $this );
	}

	protected function get_valid_statuses() {
		return array_keys( wc_get_order_statuses() );
	}

	public function get_user_id( $context = 'view' ) {
		return 0;
	}

	public function get_user() {
		return false;
	}

	public function get_base_data() {
		return array_merge( array( 'id' => $this->get_id() ), $this->data );
	}

	public function set_parent_id( $value ) {
		if ( $value && ( $value === $this->get_id() || ! wc_get_order( $value ) ) ) {
			$this->error( 'order_invalid_parent_id', __( 'Invalid parent ID', 'woocommerce' ) );
		}
		$this->set_prop( 'parent_id', absint( $value ) );
	}

	/**
	 * Sets the status (without 'wc-'); once read, an unknown status becomes 'pending'.
	 *
	 * @return array{from: string, to: string}
	 */
	public function set_status( $new_status ) {
		$old_status = $this->get_status();
		$new_status = 'wc-' === substr( $new_status, 0, 3 ) ? substr( $new_status, 3 ) : $new_status;
		$exceptions = array( 'auto-draft', 'trash' );
		if ( true === $this->object_read ) {
			$valid = $this->get_valid_statuses();
			if ( ! in_array( 'wc-' . $new_status, $valid, true ) && ! in_array( $new_status, $exceptions, true ) ) {
				$new_status = 'pending';
			}
			if ( $old_status && ( 'auto-draft' === $old_status || ( ! in_array( 'wc-' . $old_status, $valid, true ) && ! in_array( $old_status, $exceptions, true ) ) ) ) {
				$old_status = 'pending';
			}
		}
		$this->set_prop( 'status', $new_status );
		return array(
			'from' => $old_status,
			'to'   => $new_status,
		);
	}

	public function set_version( $value ) {
		$this->set_prop( 'version', $value );
	}

	public function set_currency( $value ) {
		if ( $value && ! in_array( $value, array_keys( get_woocommerce_currencies() ), true ) ) {
			$this->error( 'order_invalid_currency', __( 'Invalid currency code', 'woocommerce' ) );
		}
		$this->set_prop( 'currency', $value ? $value : get_woocommerce_currency() );
	}

	public function set_prices_include_tax( $value ) {
		$this->set_prop( 'prices_include_tax', (bool) $value );
	}

	public function set_date_created( $date = null ) {
		$this->set_date_prop( 'date_created', $date );
	}

	public function set_date_modified( $date = null ) {
		$this->set_date_prop( 'date_modified', $date );
	}

	public function set_discount_total( $value ) {
		$this->set_prop( 'discount_total', wc_format_decimal( $value, false, true ) );
	}

	public function set_discount_tax( $value ) {
		$this->set_prop( 'discount_tax', wc_format_decimal( $value, false, true ) );
	}

	public function set_shipping_total( $value ) {
		$this->set_prop( 'shipping_total', wc_format_decimal( $value, false, true ) );
	}

	public function set_shipping_tax( $value ) {
		$this->set_prop( 'shipping_tax', wc_format_decimal( $value, false, true ) );
		$this->set_total_tax( (float) $this->get_cart_tax() + (float) $this->get_shipping_tax() );
	}

	public function set_cart_tax( $value ) {
		$this->set_prop( 'cart_tax', wc_format_decimal( $value, false, true ) );
		$this->set_total_tax( (float) $this->get_cart_tax() + (float) $this->get_shipping_tax() );
	}

	protected function set_total_tax( $value ) {
		$this->set_prop( 'total_tax', wc_format_decimal( round( (float) $value, wc_get_price_decimals() ) ) );
	}

	public function set_total( $value, $deprecated = '' ) {
		$this->set_prop( 'total', wc_format_decimal( $value, wc_get_price_decimals() ) );
	}

	public function remove_order_items( $type = null ) {
		do_action( 'woocommerce_remove_order_items', $this, $type );
		if ( ! empty( $type ) ) {
			$this->data_store->delete_items( $this, $type );
			$group = $this->type_to_group( $type );
			if ( $group ) {
				unset( $this->items[ $group ] );
			}
		} else {
			$this->data_store->delete_items( $this );
			$this->items = array();
		}
		do_action( 'woocommerce_removed_order_items', $this, $type );
	}

	protected function type_to_group( $type ) {
		$groups = apply_filters(
			'woocommerce_order_type_to_group',
			array(
				'line_item' => 'line_items',
				'tax'       => 'tax_lines',
				'shipping'  => 'shipping_lines',
				'fee'       => 'fee_lines',
				'coupon'    => 'coupon_lines',
			)
		);
		return $groups[ $type ] ?? '';
	}

	/**
	 * Items of one or more types ('line_item', 'shipping', 'fee', 'coupon', 'tax'), keyed by
	 * item id (unsaved items: 'new:…').
	 *
	 * @return WC_Order_Item[]
	 */
	public function get_items( $types = 'line_item' ) {
		$items = array();
		foreach ( array_filter( (array) $types ) as $type ) {
			$group = $this->type_to_group( $type );
			if ( ! $group ) {
				continue;
			}
			if ( ! isset( $this->items[ $group ] ) ) {
				$this->items[ $group ] = $this->get_id() ? array_filter( $this->data_store->read_items( $this, $type ) ) : array();
			}
			$items = $items + $this->items[ $group ];
		}
		return apply_filters( 'woocommerce_order_get_items', $items, $this, array_filter( (array) $types ) );
	}

	public function get_coupons() {
		return $this->get_items( 'coupon' );
	}

	public function get_fees() {
		return $this->get_items( 'fee' );
	}

	public function get_taxes() {
		return $this->get_items( 'tax' );
	}

	public function get_shipping_methods() {
		return $this->get_items( 'shipping' );
	}

	public function get_shipping_method() {
		$names = array();
		foreach ( $this->get_shipping_methods() as $method ) {
			$names[] = $method->get_name();
		}
		return apply_filters( 'woocommerce_order_shipping_method', implode( ', ', $names ), $this );
	}

	public function get_coupon_codes() {
		$codes = array();
		foreach ( $this->get_items( 'coupon' ) as $coupon ) {
			$codes[] = $coupon->get_code();
		}
		return $codes;
	}

	public function get_item_count( $item_type = '' ) {
		$count = 0;
		foreach ( $this->get_items( empty( $item_type ) ? 'line_item' : $item_type ) as $item ) {
			$count += $item->get_quantity();
		}
		return apply_filters( 'woocommerce_get_item_count', $count, $item_type, $this );
	}

	public function get_item( $item_id, $load_from_db = true ) {
		if ( $load_from_db ) {
			return WC_Order_Factory::get_order_item( $item_id );
		}
		foreach ( $this->items as $items ) {
			if ( isset( $items[ $item_id ] ) ) {
				return $items[ $item_id ];
			}
		}
		$type = $this->data_store->get_order_item_type( $this, $item_id );
		if ( ! $type ) {
			return false;
		}
		$items = $this->get_items( $type );
		return $items[ $item_id ] ?? false;
	}

	protected function get_items_key( $item ) {
		$keys = array(
			'WC_Order_Item_Product'  => 'line_items',
			'WC_Order_Item_Fee'      => 'fee_lines',
			'WC_Order_Item_Shipping' => 'shipping_lines',
			'WC_Order_Item_Tax'      => 'tax_lines',
			'WC_Order_Item_Coupon'   => 'coupon_lines',
		);
		foreach ( $keys as $class => $key ) {
			if ( is_a( $item, $class ) ) {
				return $key;
			}
		}
		return apply_filters( 'woocommerce_get_items_key', '', $item );
	}

	public function remove_item( $item_id ) {
		$item = $this->get_item( $item_id, false );
		$key  = $item ? $this->get_items_key( $item ) : false;
		if ( ! $key ) {
			return false;
		}
		$this->items_to_delete[] = $item;
		unset( $this->items[ $key ][ $item->get_id() ] );
	}

	public function add_item( $item ) {
		$key = $this->get_items_key( $item );
		if ( ! $key ) {
			return false;
		}
		if ( ! isset( $this->items[ $key ] ) ) {
			$this->items[ $key ] = $this->get_items( $item->get_type() );
		}
		$item->set_order_id( $this->get_id() );
		if ( $item->get_id() ) {
			$this->items[ $key ][ $item->get_id() ] = $item;
		} else {
			$this->items[ $key ][ 'new:' . $key . count( $this->items[ $key ] ) ] = $item;
		}
	}

	/**
	 * Adds a product line at the product's price (taxes are not computed: set them on the item).
	 *
	 * @return int The item id.
	 */
	public function add_product( $product, $qty = 1, $args = array() ) {
		$total = wc_format_decimal( (float) $product->get_price() * $qty );
		$args  = wp_parse_args(
			$args,
			array(
				'name'         => $product->get_name(),
				'tax_class'    => $product->get_tax_class(),
				'product_id'   => $product->get_id(),
				'variation_id' => 0,
				'variation'    => array(),
				'subtotal'     => $total,
				'total'        => $total,
				'quantity'     => $qty,
			)
		);
		$item  = new WC_Order_Item_Product();
		$item->set_props( $args );
		$item->set_order_id( $this->get_id() );
		$item->save();
		$this->add_item( $item );
		delete_transient( 'wc_order_' . $this->get_id() . '_needs_processing' );
		return $item->get_id();
	}

	/**
	 * Rebuilds the tax lines from the items' per-rate taxes (line items and fees → tax_total,
	 * shipping → shipping_tax_total) and sets cart_tax and shipping_tax, as WooCommerce does.
	 */
	public function update_taxes() {
		$cart_taxes     = array();
		$shipping_taxes = array();
		foreach ( $this->get_items( array( 'line_item', 'fee' ) ) as $item ) {
			$taxes = $item->get_taxes();
			foreach ( $taxes['total'] ?? array() as $rate_id => $amount ) {
				$cart_taxes[ $rate_id ] = ( $cart_taxes[ $rate_id ] ?? 0 ) + (float) $amount;
			}
		}
		foreach ( $this->get_shipping_methods() as $item ) {
			$taxes = $item->get_taxes();
			foreach ( $taxes['total'] ?? array() as $rate_id => $amount ) {
				$shipping_taxes[ $rate_id ] = ( $shipping_taxes[ $rate_id ] ?? 0 ) + (float) $amount;
			}
		}
		$existing = array();
		foreach ( $this->get_taxes() as $item_id => $tax ) {
			$existing[ $tax->get_rate_id() ] = $item_id;
		}
		$rate_ids = array_unique( array_merge( array_keys( $cart_taxes ), array_keys( $shipping_taxes ) ) );
		foreach ( $existing as $rate_id => $item_id ) {
			if ( ! in_array( $rate_id, $rate_ids, false ) ) { // phpcs:ignore WordPress.PHP.StrictInArray
				$this->remove_item( $item_id );
			}
		}
		foreach ( $rate_ids as $rate_id ) {
			if ( isset( $existing[ $rate_id ] ) ) {
				$item = $this->get_item( $existing[ $rate_id ], false );
			} else {
				$item = new WC_Order_Item_Tax();
				$item->set_rate( $rate_id );
			}
			$item->set_tax_total( isset( $cart_taxes[ $rate_id ] ) ? wc_round_tax_total( $cart_taxes[ $rate_id ] ) : 0 );
			$item->set_shipping_tax_total( isset( $shipping_taxes[ $rate_id ] ) ? wc_round_tax_total( $shipping_taxes[ $rate_id ] ) : 0 );
			if ( ! isset( $existing[ $rate_id ] ) ) {
				$this->add_item( $item );
			}
		}
		$this->set_shipping_tax( wc_round_tax_total( array_sum( $shipping_taxes ) ) );
		$this->set_cart_tax( wc_round_tax_total( array_sum( $cart_taxes ) ) );
		$this->save();
	}

	/**
	 * Totals from the items as they are (the stand-in does not compute taxes from rates: the
	 * items carry them): discount from subtotals, shipping, fees, taxes; saves; returns the total.
	 */
	public function calculate_totals( $and_taxes = true ) {
		do_action( 'woocommerce_order_before_calculate_totals', $and_taxes, $this );
		$subtotal = 0;
		$total    = 0;
		$subtotal_tax = 0;
		$total_tax    = 0;
		foreach ( $this->get_items() as $item ) {
			$subtotal     += (float) $item->get_subtotal();
			$total        += (float) $item->get_total();
			$subtotal_tax += (float) $item->get_subtotal_tax();
			$total_tax    += (float) $item->get_total_tax();
		}
		$fees = 0;
		foreach ( $this->get_fees() as $item ) {
			$fees += (float) $item->get_total();
		}
		$shipping = 0;
		foreach ( $this->get_shipping_methods() as $item ) {
			$shipping += (float) $item->get_total();
		}
		$this->set_shipping_total( $shipping );
		if ( $and_taxes ) {
			$this->update_taxes();
		}
		$this->set_discount_total( round( $subtotal - $total, wc_get_price_decimals() ) );
		$this->set_discount_tax( wc_round_tax_total( $subtotal_tax - $total_tax ) );
		$this->set_total( round( $total + $fees + $shipping + (float) $this->get_cart_tax() + (float) $this->get_shipping_tax(), wc_get_price_decimals() ) );
		do_action( 'woocommerce_order_after_calculate_totals', $and_taxes, $this );
		$this->save();
		return $this->get_total();
	}

	public function get_item_subtotal( $item, $inc_tax = false, $round = true ) {
		$qty      = $item->get_quantity() ? $item->get_quantity() : 1;
		$subtotal = ( (float) $item->get_subtotal() + ( $inc_tax ? (float) $item->get_subtotal_tax() : 0 ) ) / $qty;
		return $round ? round( $subtotal, wc_get_price_decimals() ) : $subtotal;
	}

	public function get_line_subtotal( $item, $inc_tax = false, $round = true ) {
		$subtotal = (float) $item->get_subtotal() + ( $inc_tax ? (float) $item->get_subtotal_tax() : 0 );
		return $round ? round( $subtotal, wc_get_price_decimals() ) : $subtotal;
	}

	public function get_item_total( $item, $inc_tax = false, $round = true ) {
		$qty   = $item->get_quantity() ? $item->get_quantity() : 1;
		$total = ( (float) $item->get_total() + ( $inc_tax ? (float) $item->get_total_tax() : 0 ) ) / $qty;
		return $round ? round( $total, wc_get_price_decimals() ) : $total;
	}

	public function get_line_total( $item, $inc_tax = false, $round = true ) {
		$total = (float) $item->get_total() + ( $inc_tax ? (float) $item->get_total_tax() : 0 );
		return $round ? round( $total, wc_get_price_decimals() ) : $total;
	}

	public function get_line_tax( $item ) {
		return (float) $item->get_total_tax();
	}

	public function has_status( $status ) {
		return apply_filters( 'woocommerce_order_has_status', ( is_array( $status ) && in_array( $this->get_status(), $status, true ) ) || $this->get_status() === $status, $this, $status );
	}

	public function has_shipping_method( $method_id ) {
		foreach ( $this->get_shipping_methods() as $method ) {
			if ( strpos( $method->get_method_id(), $method_id ) === 0 ) {
				return true;
			}
		}
		return false;
	}

	public function get_formatted_order_total() {
		return apply_filters( 'woocommerce_get_formatted_order_total', wc_price( $this->get_total(), array( 'currency' => $this->get_currency() ) ), $this );
	}
}

class WC_Order extends WC_Abstract_Order {

	protected $data = array(
		'parent_id'                    => 0,
		'status'                       => '',
		'currency'                     => '',
		'version'                      => '',
		'prices_include_tax'           => false,
		'date_created'                 => null,
		'date_modified'                => null,
		'discount_total'               => 0,
		'discount_tax'                 => 0,
		'shipping_total'               => 0,
		'shipping_tax'                 => 0,
		'cart_tax'                     => 0,
		'total'                        => 0,
		'total_tax'                    => 0,
		'customer_id'                  => 0,
		'order_key'                    => '',
		'billing'                      => array(
			'first_name' => '',
			'last_name'  => '',
			'company'    => '',
			'address_1'  => '',
			'address_2'  => '',
			'city'       => '',
			'state'      => '',
			'postcode'   => '',
			'country'    => '',
			'email'      => '',
			'phone'      => '',
		),
		'shipping'                     => array(
			'first_name' => '',
			'last_name'  => '',
			'company'    => '',
			'address_1'  => '',
			'address_2'  => '',
			'city'       => '',
			'state'      => '',
			'postcode'   => '',
			'country'    => '',
			'phone'      => '',
		),
		'payment_method'               => '',
		'payment_method_title'         => '',
		'transaction_id'               => '',
		'customer_ip_address'          => '',
		'customer_user_agent'          => '',
		'created_via'                  => '',
		'customer_note'                => '',
		'date_completed'               => null,
		'date_paid'                    => null,
		'cart_hash'                    => '',
		'order_stock_reduced'          => false,
		'download_permissions_granted' => false,
		'new_order_email_sent'         => false,
		'recorded_sales'               => false,
	);

	/** @var array|false A pending status change, fired on save(). */
	protected $status_transition = false;

	/** @var WC_Order_Refund[]|null */
	protected $refunds = null;

	/**
	 * Marks the order paid: transaction id, date paid, status 'processing' (or 'completed'),
	 * saved; then `woocommerce_payment_complete`.
	 */
	public function payment_complete( $transaction_id = '' ) {
		if ( ! $this->get_id() ) {
			return false;
		}
		try {
			do_action( 'woocommerce_pre_payment_complete', $this->get_id(), $transaction_id );
			if ( $this->has_status( apply_filters( 'woocommerce_valid_order_statuses_for_payment_complete', array( 'on-hold', 'pending', 'failed', 'cancelled' ), $this ) ) ) {
				if ( ! empty( $transaction_id ) ) {
					$this->set_transaction_id( $transaction_id );
				}
				if ( ! $this->get_date_paid( 'edit' ) ) {
					$this->set_date_paid( time() );
				}
				$this->set_status( apply_filters( 'woocommerce_payment_complete_order_status', $this->needs_processing() ? 'processing' : 'completed', $this->get_id(), $this ) );
				$this->save();
				do_action( 'woocommerce_payment_complete', $this->get_id(), $transaction_id );
			} else {
				do_action( 'woocommerce_payment_complete_order_status_' . $this->get_status(), $this->get_id(), $transaction_id );
			}
		} catch ( Exception $e ) {
			wc_get_logger()->error(
				sprintf( 'Error completing payment for order #%d', $this->get_id() ),
				array(
					'order' => $this,
					'error' => $e,
				)
			);
			$this->add_order_note( __( 'Payment complete event failed.', 'woocommerce' ) . ' ' . $e->getMessage() );
			return false;
		}
		return true;
	}

	public function save() {
		$this->maybe_set_user_billing_email();
		parent::save();
		$this->status_transition();
		return $this->get_id();
	}

	protected function handle_exception( $e, $message = 'Error' ) {
		parent::handle_exception( $e, $message );
		$this->add_order_note( $message . ' ' . $e->getMessage() );
	}

	/**
	 * Sets the status; once the order is read, records the transition (fired on save()) and
	 * sets date paid / date completed as WooCommerce does.
	 */
	public function set_status( $new_status, $note = '', $manual_update = false ) {
		$result = parent::set_status( $new_status );
		if ( true === $this->object_read && ! empty( $result['from'] ) && $result['from'] !== $result['to'] ) {
			$this->status_transition = array(
				'from'   => ! empty( $this->status_transition['from'] ) ? $this->status_transition['from'] : $result['from'],
				'to'     => $result['to'],
				'note'   => $note,
				'manual' => (bool) $manual_update,
			);
			if ( $manual_update ) {
				do_action( 'woocommerce_order_edit_status', $this->get_id(), $result['to'] );
			}
			$this->maybe_set_date_paid();
			$this->maybe_set_date_completed();
		}
		return $result;
	}

	public function maybe_set_date_paid() {
		if ( $this->get_date_paid( 'edit' ) ) {
			return;
		}
		$paid_status = apply_filters( 'woocommerce_payment_complete_order_status', $this->needs_processing() ? 'processing' : 'completed', $this->get_id(), $this );
		if ( $this->has_status( $paid_status ) || ( 'processing' === $paid_status && $this->has_status( 'completed' ) ) ) {
			$this->set_date_paid( time() );
		}
	}

	protected function maybe_set_date_completed() {
		if ( $this->has_status( 'completed' ) ) {
			$this->set_date_completed( time() );
		}
	}

	public function update_status( $new_status, $note = '', $manual = false ) {
		if ( ! $this->get_id() ) {
			return false;
		}
		try {
			$this->set_status( $new_status, $note, $manual );
			$this->save();
		} catch ( Exception $e ) {
			wc_get_logger()->error(
				sprintf( 'Error updating status for order #%d', $this->get_id() ),
				array(
					'order' => $this,
					'error' => $e,
				)
			);
			$this->add_order_note( __( 'Update status event failed.', 'woocommerce' ) . ' ' . $e->getMessage() );
			return false;
		}
		return true;
	}

	/**
	 * Fires the recorded transition: `woocommerce_order_status_{to}` ($id, $order, $transition),
	 * `woocommerce_order_status_{from}_to_{to}` ($id, $order), `woocommerce_order_status_changed`
	 * ($id, $from, $to, $order), `woocommerce_order_payment_status_changed` ($id, $order); adds
	 * the note. An exception from a hook is logged and noted, not thrown — as in WooCommerce.
	 */
	protected function status_transition() {
		$transition              = $this->status_transition;
		$this->status_transition = false;
		if ( ! $transition ) {
			return;
		}
		try {
			do_action( 'woocommerce_order_status_' . $transition['to'], $this->get_id(), $this, $transition );
			if ( ! empty( $transition['from'] ) ) {
				/* translators: 1: old order status 2: new order status */
				$this->add_status_transition_note( sprintf( __( 'Order status changed from %1$s to %2$s.', 'woocommerce' ), wc_get_order_status_name( $transition['from'] ), wc_get_order_status_name( $transition['to'] ) ), $transition );
				do_action( 'woocommerce_order_status_' . $transition['from'] . '_to_' . $transition['to'], $this->get_id(), $this );
				do_action( 'woocommerce_order_status_changed', $this->get_id(), $transition['from'], $transition['to'], $this );
				if ( in_array( $transition['from'], apply_filters( 'woocommerce_valid_order_statuses_for_payment', array( 'pending', 'failed' ), $this ), true ) && in_array( $transition['to'], wc_get_is_paid_statuses(), true ) ) {
					do_action( 'woocommerce_order_payment_status_changed', $this->get_id(), $this );
				}
			} else {
				/* translators: %s: new order status */
				$this->add_status_transition_note( sprintf( __( 'Order status set to %s.', 'woocommerce' ), wc_get_order_status_name( $transition['to'] ) ), $transition );
			}
		} catch ( Exception $e ) {
			wc_get_logger()->error(
				sprintf( 'Status transition of order #%d errored!', $this->get_id() ),
				array(
					'order' => $this,
					'error' => $e,
				)
			);
			$this->add_order_note( __( 'Error during status transition.', 'woocommerce' ) . ' ' . $e->getMessage() );
		}
	}

	private function add_status_transition_note( $note, $transition ) {
		$this->add_order_note( trim( $transition['note'] . ' ' . $note ), 0, $transition['manual'] );
	}

	public function get_base_data() {
		return array_merge( array( 'id' => $this->get_id() ), $this->data, array( 'number' => $this->get_order_number() ) );
	}

	public function get_data() {
		return array_merge(
			$this->get_base_data(),
			array(
				'meta_data'      => $this->get_meta_data(),
				'line_items'     => $this->get_items( 'line_item' ),
				'tax_lines'      => $this->get_items( 'tax' ),
				'shipping_lines' => $this->get_items( 'shipping' ),
				'fee_lines'      => $this->get_items( 'fee' ),
				'coupon_lines'   => $this->get_items( 'coupon' ),
			)
		);
	}

	/** The changes, with address changes also as billing_* / shipping_* keys, as WooCommerce reports them. */
	public function get_changes() {
		$changes = parent::get_changes();
		foreach ( array( 'shipping', 'billing' ) as $address ) {
			foreach ( $changes[ $address ] ?? array() as $key => $value ) {
				$changes[ $address . '_' . $key ] = $value;
			}
		}
		if ( isset( $changes['customer_note'] ) ) {
			$changes['post_excerpt'] = $changes['customer_note'];
		}
		return $changes;
	}

	public function get_order_number() {
		return (string) apply_filters( 'woocommerce_order_number', $this->get_id(), $this );
	}

	public function get_order_key( $context = 'view' ) {
		return $this->get_prop( 'order_key', $context );
	}

	public function get_customer_id( $context = 'view' ) {
		return $this->get_prop( 'customer_id', $context );
	}

	public function get_user_id( $context = 'view' ) {
		return $this->get_customer_id( $context );
	}

	public function get_user() {
		return $this->get_user_id() ? get_user_by( 'id', $this->get_user_id() ) : false;
	}

	protected function get_address_prop( $prop, $address_type = 'billing', $context = 'view' ) {
		if ( ! array_key_exists( $prop, $this->data[ $address_type ] ) ) {
			return null;
		}
		$value = isset( $this->changes[ $address_type ][ $prop ] ) ? $this->changes[ $address_type ][ $prop ] : $this->data[ $address_type ][ $prop ];
		if ( 'view' === $context ) {
			$value = apply_filters( $this->get_hook_prefix() . $address_type . '_' . $prop, $value, $this );
		}
		return $value;
	}

	protected function set_address_prop( $prop, $address_type, $value ) {
		if ( ! array_key_exists( $prop, $this->data[ $address_type ] ) ) {
			return;
		}
		if ( true === $this->object_read ) {
			if ( $value !== $this->data[ $address_type ][ $prop ] || ( isset( $this->changes[ $address_type ] ) && array_key_exists( $prop, $this->changes[ $address_type ] ) ) ) {
				$this->changes[ $address_type ][ $prop ] = $value;
			}
		} else {
			$this->data[ $address_type ][ $prop ] = $value;
		}
	}

	public function get_billing_first_name( $context = 'view' ) {
		return $this->get_address_prop( 'first_name', 'billing', $context );
	}

	public function get_billing_last_name( $context = 'view' ) {
		return $this->get_address_prop( 'last_name', 'billing', $context );
	}

	public function get_billing_company( $context = 'view' ) {
		return $this->get_address_prop( 'company', 'billing', $context );
	}

	public function get_billing_address_1( $context = 'view' ) {
		return $this->get_address_prop( 'address_1', 'billing', $context );
	}

	public function get_billing_address_2( $context = 'view' ) {
		return $this->get_address_prop( 'address_2', 'billing', $context );
	}

	public function get_billing_city( $context = 'view' ) {
		return $this->get_address_prop( 'city', 'billing', $context );
	}

	public function get_billing_state( $context = 'view' ) {
		return $this->get_address_prop( 'state', 'billing', $context );
	}

	public function get_billing_postcode( $context = 'view' ) {
		return $this->get_address_prop( 'postcode', 'billing', $context );
	}

	public function get_billing_country( $context = 'view' ) {
		return $this->get_address_prop( 'country', 'billing', $context );
	}

	public function get_billing_email( $context = 'view' ) {
		return $this->get_address_prop( 'email', 'billing', $context );
	}

	public function get_billing_phone( $context = 'view' ) {
		return $this->get_address_prop( 'phone', 'billing', $context );
	}

	public function get_shipping_first_name( $context = 'view' ) {
		return $this->get_address_prop( 'first_name', 'shipping', $context );
	}

	public function get_shipping_last_name( $context = 'view' ) {
		return $this->get_address_prop( 'last_name', 'shipping', $context );
	}

	public function get_shipping_company( $context = 'view' ) {
		return $this->get_address_prop( 'company', 'shipping', $context );
	}

	public function get_shipping_address_1( $context = 'view' ) {
		return $this->get_address_prop( 'address_1', 'shipping', $context );
	}

	public function get_shipping_address_2( $context = 'view' ) {
		return $this->get_address_prop( 'address_2', 'shipping', $context );
	}

	public function get_shipping_city( $context = 'view' ) {
		return $this->get_address_prop( 'city', 'shipping', $context );
	}

	public function get_shipping_state( $context = 'view' ) {
		return $this->get_address_prop( 'state', 'shipping', $context );
	}

	public function get_shipping_postcode( $context = 'view' ) {
		return $this->get_address_prop( 'postcode', 'shipping', $context );
	}

	public function get_shipping_country( $context = 'view' ) {
		return $this->get_address_prop( 'country', 'shipping', $context );
	}

	public function get_shipping_phone( $context = 'view' ) {
		return $this->get_address_prop( 'phone', 'shipping', $context );
	}

	public function get_payment_method( $context = 'view' ) {
		return $this->get_prop( 'payment_method', $context );
	}

	public function get_payment_method_title( $context = 'view' ) {
		return $this->get_prop( 'payment_method_title', $context );
	}

	public function get_transaction_id( $context = 'view' ) {
		return $this->get_prop( 'transaction_id', $context );
	}

	public function get_customer_ip_address( $context = 'view' ) {
		return $this->get_prop( 'customer_ip_address', $context );
	}

	public function get_customer_user_agent( $context = 'view' ) {
		return $this->get_prop( 'customer_user_agent', $context );
	}

	public function get_created_via( $context = 'view' ) {
		return $this->get_prop( 'created_via', $context );
	}

	public function get_customer_note( $context = 'view' ) {
		return $this->get_prop( 'customer_note', $context );
	}

	public function get_date_completed( $context = 'view' ) {
		return $this->get_prop( 'date_completed', $context );
	}

	public function get_date_paid( $context = 'view' ) {
		return $this->get_prop( 'date_paid', $context );
	}

	public function get_cart_hash( $context = 'view' ) {
		return $this->get_prop( 'cart_hash', $context );
	}

	public function get_order_stock_reduced( string $context = 'view' ) {
		return wc_string_to_bool( $this->get_prop( 'order_stock_reduced', $context ) );
	}

	public function get_download_permissions_granted( string $context = 'view' ) {
		return wc_string_to_bool( $this->get_prop( 'download_permissions_granted', $context ) );
	}

	public function get_new_order_email_sent( string $context = 'view' ) {
		return wc_string_to_bool( $this->get_prop( 'new_order_email_sent', $context ) );
	}

	public function get_recorded_sales( string $context = 'view' ) {
		return wc_string_to_bool( $this->get_prop( 'recorded_sales', $context ) );
	}

	/** The billing or shipping address as an array (first_name … country, email/phone). */
	public function get_address( $address_type = 'billing' ) {
		return apply_filters( 'woocommerce_get_order_address', array_merge( $this->data[ $address_type ], (array) $this->get_prop( $address_type, 'view' ) ), $address_type, $this );
	}

	public function get_formatted_billing_full_name() {
		/* translators: 1: first name 2: last name */
		return sprintf( _x( '%1$s %2$s', 'full name', 'woocommerce' ), $this->get_billing_first_name(), $this->get_billing_last_name() );
	}

	public function get_formatted_shipping_full_name() {
		/* translators: 1: first name 2: last name */
		return sprintf( _x( '%1$s %2$s', 'full name', 'woocommerce' ), $this->get_shipping_first_name(), $this->get_shipping_last_name() );
	}

	/** The address joined with <br/> (WooCommerce formats by country; the stand-in in one order). */
	public function get_formatted_billing_address( $empty_content = '' ) {
		$address = $this->get_address( 'billing' );
		$lines   = array_filter( array( trim( $address['first_name'] . ' ' . $address['last_name'] ), $address['company'], $address['address_1'], $address['address_2'], trim( $address['postcode'] . ' ' . $address['city'] ), $address['country'] ) );
		$result  = apply_filters( 'woocommerce_order_get_formatted_billing_address', implode( '<br/>', array_map( 'esc_html', $lines ) ), $address, $this );
		return $result ? $result : $empty_content;
	}

	public function get_formatted_shipping_address( $empty_content = '' ) {
		$address = $this->get_address( 'shipping' );
		$lines   = array_filter( array( trim( $address['first_name'] . ' ' . $address['last_name'] ), $address['company'], $address['address_1'], $address['address_2'], trim( $address['postcode'] . ' ' . $address['city'] ), $address['country'] ) );
		$result  = apply_filters( 'woocommerce_order_get_formatted_shipping_address', implode( '<br/>', array_map( 'esc_html', $lines ) ), $address, $this );
		return $result ? $result : $empty_content;
	}

	public function has_billing_address() {
		return $this->get_billing_address_1() || $this->get_billing_address_2();
	}

	public function has_shipping_address() {
		return $this->get_shipping_address_1() || $this->get_shipping_address_2();
	}

	public function set_billing_address( array $address ) {
		foreach ( $address as $key => $value ) {
			$this->set_address_prop( $key, 'billing', $value );
		}
	}

	public function set_billing( array $address ) {
		$this->set_billing_address( $address );
	}

	public function set_shipping_address( array $address ) {
		foreach ( $address as $key => $value ) {
			$this->set_address_prop( $key, 'shipping', $value );
		}
	}

	public function set_shipping( array $address ) {
		$this->set_shipping_address( $address );
	}

	public function set_order_key( $value ) {
		$this->set_prop( 'order_key', substr( $value, 0, 22 ) );
	}

	public function set_customer_id( $value ) {
		$this->set_prop( 'customer_id', absint( $value ) );
	}

	public function set_billing_first_name( $value ) {
		$this->set_address_prop( 'first_name', 'billing', $value );
	}

	public function set_billing_last_name( $value ) {
		$this->set_address_prop( 'last_name', 'billing', $value );
	}

	public function set_billing_company( $value ) {
		$this->set_address_prop( 'company', 'billing', $value );
	}

	public function set_billing_address_1( $value ) {
		$this->set_address_prop( 'address_1', 'billing', $value );
	}

	public function set_billing_address_2( $value ) {
		$this->set_address_prop( 'address_2', 'billing', $value );
	}

	public function set_billing_city( $value ) {
		$this->set_address_prop( 'city', 'billing', $value );
	}

	public function set_billing_state( $value ) {
		$this->set_address_prop( 'state', 'billing', $value );
	}

	public function set_billing_postcode( $value ) {
		$this->set_address_prop( 'postcode', 'billing', $value );
	}

	public function set_billing_country( $value ) {
		$this->set_address_prop( 'country', 'billing', $value );
	}

	protected function maybe_set_user_billing_email() {
		$user = $this->get_user();
		if ( ! $this->get_billing_email() && $user ) {
			try {
				$this->set_billing_email( $user->user_email );
			} catch ( WC_Data_Exception $e ) {
				unset( $e );
			}
		}
	}

	public function set_billing_email( $value ) {
		if ( $value && ! is_email( $value ) ) {
			$this->error( 'order_invalid_billing_email', __( 'Invalid billing email address', 'woocommerce' ) );
		}
		$this->set_address_prop( 'email', 'billing', sanitize_email( $value ) );
	}

	public function set_billing_phone( $value ) {
		$this->set_address_prop( 'phone', 'billing', $value );
	}

	public function set_shipping_first_name( $value ) {
		$this->set_address_prop( 'first_name', 'shipping', $value );
	}

	public function set_shipping_last_name( $value ) {
		$this->set_address_prop( 'last_name', 'shipping', $value );
	}

	public function set_shipping_company( $value ) {
		$this->set_address_prop( 'company', 'shipping', $value );
	}

	public function set_shipping_address_1( $value ) {
		$this->set_address_prop( 'address_1', 'shipping', $value );
	}

	public function set_shipping_address_2( $value ) {
		$this->set_address_prop( 'address_2', 'shipping', $value );
	}

	public function set_shipping_city( $value ) {
		$this->set_address_prop( 'city', 'shipping', $value );
	}

	public function set_shipping_state( $value ) {
		$this->set_address_prop( 'state', 'shipping', $value );
	}

	public function set_shipping_postcode( $value ) {
		$this->set_address_prop( 'postcode', 'shipping', $value );
	}

	public function set_shipping_country( $value ) {
		$this->set_address_prop( 'country', 'shipping', $value );
	}

	public function set_shipping_phone( $value ) {
		$this->set_address_prop( 'phone', 'shipping', $value );
	}

	/** A gateway id, or a gateway object (id and title). */
	public function set_payment_method( $payment_method = '' ) {
		if ( is_object( $payment_method ) ) {
			$this->set_payment_method( $payment_method->id );
			$this->set_payment_method_title( $payment_method->get_title() );
		} elseif ( '' === $payment_method ) {
			$this->set_prop( 'payment_method', '' );
			$this->set_prop( 'payment_method_title', '' );
		} else {
			$this->set_prop( 'payment_method', $payment_method );
		}
	}

	public function set_payment_method_title( $value ) {
		$this->set_prop( 'payment_method_title', $value );
	}

	public function set_transaction_id( $value ) {
		$this->set_prop( 'transaction_id', $value );
	}

	public function set_customer_ip_address( $value ) {
		$this->set_prop( 'customer_ip_address', $value );
	}

	public function set_customer_user_agent( $value ) {
		$this->set_prop( 'customer_user_agent', $value );
	}

	public function set_created_via( $value ) {
		$this->set_prop( 'created_via', $value );
	}

	public function set_customer_note( $value ) {
		$this->set_prop( 'customer_note', $value );
	}

	public function set_date_completed( $date = null ) {
		$this->set_date_prop( 'date_completed', $date );
	}

	public function set_date_paid( $date = null ) {
		$this->set_date_prop( 'date_paid', $date );
	}

	public function set_cart_hash( $value ) {
		$this->set_prop( 'cart_hash', $value );
	}

	public function set_order_stock_reduced( $value ) {
		$this->set_prop( 'order_stock_reduced', wc_string_to_bool( $value ) );
	}

	public function set_download_permissions_granted( $value ) {
		$this->set_prop( 'download_permissions_granted', wc_string_to_bool( $value ) );
	}

	public function set_new_order_email_sent( $value ) {
		$this->set_prop( 'new_order_email_sent', wc_string_to_bool( $value ) );
	}

	public function set_recorded_sales( $value ) {
		$this->set_prop( 'recorded_sales', wc_string_to_bool( $value ) );
	}

	public function key_is_valid( $key ) {
		return hash_equals( $this->get_order_key(), $key );
	}

	public function is_editable() {
		return apply_filters( 'wc_order_is_editable', in_array( $this->get_status(), array( 'pending', 'on-hold', 'auto-draft' ), true ), $this );
	}

	public function is_paid() {
		return apply_filters( 'woocommerce_order_is_paid', $this->has_status( wc_get_is_paid_statuses() ), $this );
	}

	public function needs_payment() {
		$valid = apply_filters( 'woocommerce_valid_order_statuses_for_payment', array( 'pending', 'failed' ), $this );
		return apply_filters( 'woocommerce_order_needs_payment', ( $this->has_status( $valid ) && $this->get_total() > 0 ), $this, $valid );
	}

	/** True unless every line is a virtual downloadable product. */
	public function needs_processing() {
		$transient = 'wc_order_' . $this->get_id() . '_needs_processing';
		$needs     = get_transient( $transient );
		if ( false === $needs ) {
			$needs = 0;
			foreach ( $this->get_items() as $item ) {
				$product = $item->get_product();
				if ( ! $product ) {
					continue;
				}
				if ( apply_filters( 'woocommerce_order_item_needs_processing', ! ( $product->is_downloadable() && $product->is_virtual() ), $product, $this->get_id() ) ) {
					$needs = 1;
					break;
				}
			}
			set_transient( $transient, $needs, DAY_IN_SECONDS );
		}
		return 1 === absint( $needs );
	}

	public function get_checkout_order_received_url() {
		$url = wc_get_endpoint_url( 'order-received', $this->get_id(), wc_get_page_permalink( 'checkout' ) );
		return apply_filters( 'woocommerce_get_checkout_order_received_url', add_query_arg( 'key', $this->get_order_key(), $url ), $this );
	}

	public function get_view_order_url() {
		return apply_filters( 'woocommerce_get_view_order_url', wc_get_endpoint_url( 'view-order', $this->get_id(), wc_get_page_permalink( 'myaccount' ) ), $this );
	}

	public function get_edit_order_url() {
		return apply_filters( 'woocommerce_get_edit_order_url', \Automattic\WooCommerce\Utilities\OrderUtil::get_order_admin_edit_url( $this->get_id() ), $this );
	}

	/**
	 * Adds a note (a comment of type order_note on the order id).
	 *
	 * @param string $note             The note.
	 * @param int    $is_customer_note 1: shown to the customer (and `woocommerce_new_customer_note`).
	 * @param bool   $added_by_user    Attribute it to the current user (if they can edit orders).
	 * @param array  $meta_data        WooCommerce 9.x+ (note group, …): stored as comment meta.
	 * @return int The comment id.
	 */
	public function add_order_note( $note, $is_customer_note = 0, $added_by_user = false, $meta_data = array() ) {
		if ( ! $this->get_id() ) {
			return 0;
		}
		if ( is_user_logged_in() && current_user_can( 'edit_shop_orders', $this->get_id() ) && $added_by_user ) {
			$user         = get_user_by( 'id', get_current_user_id() );
			$author       = $user->display_name;
			$author_email = $user->user_email;
		} else {
			$author       = __( 'WooCommerce', 'woocommerce' );
			$author_email = sanitize_email( 'woocommerce@' . ( isset( $_SERVER['HTTP_HOST'] ) ? str_replace( 'www.', '', sanitize_text_field( wp_unslash( $_SERVER['HTTP_HOST'] ) ) ) : 'noreply.com' ) );
		}
		$commentdata = apply_filters(
			'woocommerce_new_order_note_data',
			array(
				'comment_post_ID'      => $this->get_id(),
				'comment_author'       => $author,
				'comment_author_email' => $author_email,
				'comment_author_url'   => '',
				'comment_content'      => $note,
				'comment_agent'        => 'WooCommerce',
				'comment_type'         => 'order_note',
				'comment_parent'       => 0,
				'comment_approved'     => 1,
			),
			array(
				'order_id'         => $this->get_id(),
				'is_customer_note' => $is_customer_note,
			)
		);
		$comment_id  = wp_insert_comment( $commentdata );
		if ( $is_customer_note ) {
			add_comment_meta( $comment_id, 'is_customer_note', 1 );
			do_action(
				'woocommerce_new_customer_note',
				array(
					'order_id'      => $this->get_id(),
					'customer_note' => $commentdata['comment_content'],
				)
			);
		}
		foreach ( (array) $meta_data as $key => $value ) {
			add_comment_meta( $comment_id, $key, $value );
		}
		do_action( 'woocommerce_order_note_added', $comment_id, $this );
		return $comment_id;
	}

	public function get_customer_order_notes() {
		return get_comments(
			array(
				'post_id'    => $this->get_id(),
				'type'       => 'order_note',
				'status'     => 'approve',
				'meta_key'   => 'is_customer_note', // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value' => 1, // phpcs:ignore WordPress.DB.SlowDBQuery
			)
		);
	}

	/** @return WC_Order_Refund[] Newest first. */
	public function get_refunds() {
		$cached = wp_cache_get( 'refunds' . $this->get_id(), $this->cache_group );
		if ( false !== $cached ) {
			return $cached;
		}
		$this->refunds = wc_get_orders(
			array(
				'type'   => 'shop_order_refund',
				'parent' => $this->get_id(),
				'limit'  => -1,
			)
		);
		wp_cache_set( 'refunds' . $this->get_id(), $this->refunds, $this->cache_group );
		return $this->refunds;
	}

	public function get_total_refunded() {
		$cached = wp_cache_get( 'total_refunded' . $this->get_id(), $this->cache_group );
		if ( false !== $cached ) {
			return $cached;
		}
		$total = $this->data_store->get_total_refunded( $this );
		wp_cache_set( 'total_refunded' . $this->get_id(), $total, $this->cache_group );
		return $total;
	}

	public function get_total_tax_refunded() {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			$total += (float) $refund->get_total_tax();
		}
		return abs( $total );
	}

	public function get_total_shipping_refunded() {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			$total += (float) $refund->get_shipping_total();
		}
		return abs( $total );
	}

	public function get_qty_refunded_for_item( $item_id, $item_type = 'line_item' ) {
		$qty = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ) as $refunded_item ) {
				if ( absint( $refunded_item->get_meta( '_refunded_item_id' ) ) === $item_id ) {
					$qty += $refunded_item->get_quantity();
				}
			}
		}
		return $qty;
	}

	public function get_total_refunded_for_item( $item_id, $item_type = 'line_item' ) {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ) as $refunded_item ) {
				if ( absint( $refunded_item->get_meta( '_refunded_item_id' ) ) === $item_id ) {
					$total += (float) $refunded_item->get_total();
				}
			}
		}
		return $total * -1;
	}

	public function get_remaining_refund_amount() {
		return wc_format_decimal( (float) $this->get_total() - (float) $this->get_total_refunded(), wc_get_price_decimals() );
	}

	public function get_remaining_refund_items() {
		$items = 0;
		foreach ( $this->get_items() as $item ) {
			$items += $item->get_quantity();
		}
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items() as $item ) {
				$items += $item->get_quantity();
			}
		}
		return $items;
	}

	public function has_free_item() {
		foreach ( $this->get_items() as $item ) {
			if ( ! (float) $item->get_total() ) {
				return true;
			}
		}
		return false;
	}

	public function is_created_via( $modus ) {
		return apply_filters( 'woocommerce_order_is_created_via', $modus === $this->get_created_via(), $this, $modus );
	}
}

class WC_Order_Refund extends WC_Abstract_Order {

	protected $data_store_name = 'order-refund';

	protected $object_type = 'order_refund';

	protected $extra_data = array(
		'amount'           => '',
		'reason'           => '',
		'refunded_by'      => 0,
		'refunded_payment' => false,
	);

	public function get_type() {
		return 'shop_order_refund';
	}

	public function get_status( $context = 'view' ) {
		return 'completed';
	}

	public function get_amount( $context = 'view' ) {
		return $this->get_prop( 'amount', $context );
	}

	public function get_reason( $context = 'view' ) {
		return $this->get_prop( 'reason', $context );
	}

	public function get_refunded_by( $context = 'view' ) {
		return $this->get_prop( 'refunded_by', $context );
	}

	public function get_refunded_payment( $context = 'view' ) {
		return $this->get_prop( 'refunded_payment', $context );
	}

	public function get_formatted_refund_amount() {
		return apply_filters( 'woocommerce_formatted_refund_amount', wc_price( $this->get_amount(), array( 'currency' => $this->get_currency() ) ), $this );
	}

	public function set_amount( $value ) {
		$this->set_prop( 'amount', wc_format_decimal( $value ) );
	}

	public function set_reason( $value ) {
		$this->set_prop( 'reason', $value );
	}

	public function set_refunded_by( $value ) {
		$this->set_prop( 'refunded_by', absint( $value ) );
	}

	public function set_refunded_payment( $value ) {
		$this->set_prop( 'refunded_payment', (bool) $value );
	}
}
