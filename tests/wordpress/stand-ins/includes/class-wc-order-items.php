<?php
/**
 * Stand-in: WC_Order_Item and its five kinds (product, shipping, fee, coupon, tax), with
 * WooCommerce 8.9.3's props, getters and setters. Amounts are decimal strings (wc_format_decimal).
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_Order_Item extends WC_Data implements ArrayAccess {

	protected $data = array(
		'order_id' => 0,
		'name'     => '',
	);

	protected $object_type = 'order_item';

	protected $cache_group = 'order-items';

	/** @var array Tax rates used by calculate_taxes. */
	protected $legacy_values;

	public function __construct( $item = 0 ) {
		parent::__construct( $item );
		if ( $item instanceof WC_Order_Item ) {
			$this->set_id( $item->get_id() );
		} elseif ( is_numeric( $item ) && $item > 0 ) {
			$this->set_id( $item );
		} else {
			$this->set_object_read( true );
		}
		$type             = 'line_item' === $this->get_type() ? 'product' : $this->get_type();
		$this->data_store = WC_Data_Store::load( $type ? 'order-item-' . $type : 'order-item' );
		if ( $this->get_id() > 0 ) {
			$this->data_store->read( $this );
		}
	}

	public function apply_changes() {
		if ( function_exists( 'array_replace' ) ) {
			$this->data = array_replace( $this->data, $this->changes ); // phpcs:ignore
		}
		$this->changes = array();
	}

	public function get_order_id( $context = 'view' ) {
		return $this->get_prop( 'order_id', $context );
	}

	public function get_name( $context = 'view' ) {
		return $this->get_prop( 'name', $context );
	}

	public function get_type() {
		return '';
	}

	public function get_quantity() {
		return 1;
	}

	public function get_tax_status() {
		return 'taxable';
	}

	public function get_tax_class() {
		return '';
	}

	public function get_order() {
		return wc_get_order( $this->get_order_id() );
	}

	public function set_order_id( $value ) {
		$this->set_prop( 'order_id', absint( $value ) );
	}

	public function set_name( $value ) {
		$this->set_prop( 'name', wp_check_invalid_utf8( (string) $value ) );
	}

	public function is_type( $type ) {
		return is_array( $type ) ? in_array( $this->get_type(), $type, true ) : $type === $this->get_type();
	}

	/**
	 * Visible meta for display, keys without the hidden '_' prefix, as WooCommerce returns it.
	 */
	public function get_formatted_meta_data( $hideprefix = '_', $include_all = false ) {
		$formatted = array();
		foreach ( $this->get_meta_data() as $meta ) {
			if ( empty( $meta->id ) || '' === $meta->value || ! is_scalar( $meta->value ) || ( $hideprefix && substr( $meta->key, 0, strlen( $hideprefix ) ) === $hideprefix ) ) {
				continue;
			}
			$formatted[ $meta->id ] = (object) array(
				'key'           => $meta->key,
				'value'         => $meta->value,
				'display_key'   => apply_filters( 'woocommerce_order_item_display_meta_key', wc_clean( $meta->key ), $meta, $this ),
				'display_value' => wpautop( make_clickable( apply_filters( 'woocommerce_order_item_display_meta_value', (string) $meta->value, $meta, $this ) ) ),
			);
		}
		return apply_filters( 'woocommerce_order_item_get_formatted_meta_data', $formatted, $this );
	}

	public function get_all_formatted_meta_data( $hideprefix = '_', $include_all = true ) {
		return $this->get_formatted_meta_data( $hideprefix, $include_all );
	}

	#[\ReturnTypeWillChange]
	public function offsetSet( $offset, $value ) {
		if ( 'item_meta_array' === $offset ) {
			foreach ( $value as $meta_id => $meta ) {
				$this->update_meta_data( $meta->key, $meta->value, $meta_id );
			}
			return;
		}
		if ( array_key_exists( $offset, $this->data ) ) {
			$setter = "set_$offset";
			if ( is_callable( array( $this, $setter ) ) ) {
				$this->$setter( $value );
			}
			return;
		}
		$this->update_meta_data( $offset, $value );
	}

	#[\ReturnTypeWillChange]
	public function offsetUnset( $offset ) {
		$this->maybe_read_meta_data();
		if ( 'item_meta_array' === $offset || 'item_meta' === $offset ) {
			$this->meta_data = array();
			return;
		}
		if ( array_key_exists( $offset, $this->data ) ) {
			unset( $this->data[ $offset ] );
		}
		if ( array_key_exists( $offset, $this->changes ) ) {
			unset( $this->changes[ $offset ] );
		}
		$this->delete_meta_data( $offset );
	}

	#[\ReturnTypeWillChange]
	public function offsetExists( $offset ) {
		$this->maybe_read_meta_data();
		if ( in_array( $offset, array( 'item_meta_array', 'item_meta', 'type' ), true ) || array_key_exists( $offset, $this->data ) ) {
			return true;
		}
		$keys = wp_list_pluck( $this->meta_data, 'key' );
		return in_array( $offset, $keys, true ) || in_array( '_' . $offset, $keys, true );
	}

	#[\ReturnTypeWillChange]
	public function offsetGet( $offset ) {
		$this->maybe_read_meta_data();
		if ( 'item_meta_array' === $offset ) {
			$result = array();
			foreach ( $this->meta_data as $meta ) {
				$result[ $meta->id ] = $meta;
			}
			return $result;
		}
		$values = wp_list_pluck( $this->meta_data, 'value', 'key' );
		if ( 'item_meta' === $offset ) {
			return $values;
		}
		if ( 'type' === $offset ) {
			return $this->get_type();
		}
		if ( array_key_exists( $offset, $this->data ) && is_callable( array( $this, "get_$offset" ) ) ) {
			return $this->{"get_$offset"}();
		}
		if ( array_key_exists( '_' . $offset, $values ) ) {
			return $values[ '_' . $offset ];
		}
		return $values[ $offset ] ?? null;
	}

	/**
	 * Tax data as WooCommerce keeps it: `['total' => [rate_id => amount], 'subtotal' => […]]`,
	 * amounts as decimal strings.
	 */
	protected function normalise_taxes( $raw_tax_data, $with_subtotal ) {
		$raw_tax_data = maybe_unserialize( $raw_tax_data );
		$taxes        = array( 'total' => array() );
		if ( $with_subtotal ) {
			$taxes['subtotal'] = array();
		}
		if ( ! empty( $raw_tax_data['total'] ) ) {
			$taxes['total'] = array_map( 'wc_format_decimal', $raw_tax_data['total'] );
			if ( $with_subtotal ) {
				$taxes['subtotal'] = ! empty( $raw_tax_data['subtotal'] ) ? array_map( 'wc_format_decimal', $raw_tax_data['subtotal'] ) : $taxes['total'];
				if ( array_sum( $taxes['subtotal'] ) < array_sum( $taxes['total'] ) ) {
					$taxes['subtotal'] = $taxes['total'];
				}
			}
		}
		return $taxes;
	}

	protected function sum_taxes( array $amounts ) {
		if ( 'yes' === get_option( 'woocommerce_tax_round_at_subtotal' ) ) {
			return array_sum( $amounts );
		}
		return array_sum( array_map( 'wc_round_tax_total', $amounts ) );
	}
}

class WC_Order_Item_Product extends WC_Order_Item {

	protected $extra_data = array(
		'product_id'   => 0,
		'variation_id' => 0,
		'quantity'     => 1,
		'tax_class'    => '',
		'subtotal'     => 0,
		'subtotal_tax' => 0,
		'total'        => 0,
		'total_tax'    => 0,
		'taxes'        => array(
			'subtotal' => array(),
			'total'    => array(),
		),
	);

	public function set_quantity( $value ) {
		$this->set_prop( 'quantity', wc_stock_amount( $value ) );
	}

	public function set_tax_class( $value ) {
		if ( $value && ! in_array( $value, WC_Tax::get_tax_class_slugs(), true ) ) {
			$this->error( 'order_item_product_invalid_tax_class', __( 'Invalid tax class', 'woocommerce' ) );
		}
		$this->set_prop( 'tax_class', $value );
	}

	public function set_product_id( $value ) {
		if ( $value > 0 && 'product' !== get_post_type( absint( $value ) ) ) {
			$this->error( 'order_item_product_invalid_product_id', __( 'Invalid product ID', 'woocommerce' ) );
		}
		$this->set_prop( 'product_id', absint( $value ) );
	}

	public function set_variation_id( $value ) {
		if ( $value > 0 && 'product_variation' !== get_post_type( $value ) ) {
			$this->error( 'order_item_product_invalid_variation_id', __( 'Invalid variation ID', 'woocommerce' ) );
		}
		$this->set_prop( 'variation_id', absint( $value ) );
	}

	public function set_subtotal( $value ) {
		$value = wc_format_decimal( $value );
		$this->set_prop( 'subtotal', is_numeric( $value ) ? $value : 0 );
	}

	public function set_total( $value ) {
		$value = wc_format_decimal( $value );
		$value = is_numeric( $value ) ? $value : 0;
		$this->set_prop( 'total', $value );
		if ( '' === $this->get_subtotal() || $this->get_subtotal() < $this->get_total() ) {
			$this->set_subtotal( $value );
		}
	}

	public function set_subtotal_tax( $value ) {
		$this->set_prop( 'subtotal_tax', wc_format_decimal( $value ) );
	}

	public function set_total_tax( $value ) {
		$this->set_prop( 'total_tax', wc_format_decimal( $value ) );
	}

	/**
	 * Sets the per-rate taxes and, from them, total_tax and subtotal_tax (rounded per rate unless
	 * the shop rounds at subtotal).
	 */
	public function set_taxes( $raw_tax_data ) {
		$raw   = maybe_unserialize( $raw_tax_data );
		$taxes = array(
			'total'    => array(),
			'subtotal' => array(),
		);
		if ( ! empty( $raw['total'] ) && ! empty( $raw['subtotal'] ) ) {
			$taxes = $this->normalise_taxes( $raw, true );
		}
		$this->set_prop( 'taxes', $taxes );
		$this->set_total_tax( $this->sum_taxes( $taxes['total'] ) );
		$this->set_subtotal_tax( $this->sum_taxes( $taxes['subtotal'] ) );
	}

	public function set_variation( $data = array() ) {
		if ( is_array( $data ) ) {
			foreach ( $data as $key => $value ) {
				$this->add_meta_data( str_replace( 'attribute_', '', $key ), $value, true );
			}
		}
	}

	public function set_product( $product ) {
		if ( ! is_a( $product, 'WC_Product' ) ) {
			$this->error( 'order_item_product_invalid_product', __( 'Invalid product', 'woocommerce' ) );
		}
		$this->set_product_id( $product->get_id() );
		$this->set_name( $product->get_name() );
		$this->set_tax_class( $product->get_tax_class() );
	}

	public function get_type() {
		return 'line_item';
	}

	public function get_product_id( $context = 'view' ) {
		return $this->get_prop( 'product_id', $context );
	}

	public function get_variation_id( $context = 'view' ) {
		return $this->get_prop( 'variation_id', $context );
	}

	public function get_quantity( $context = 'view' ) {
		return $this->get_prop( 'quantity', $context );
	}

	public function get_tax_class( $context = 'view' ) {
		return $this->get_prop( 'tax_class', $context );
	}

	public function get_subtotal( $context = 'view' ) {
		return $this->get_prop( 'subtotal', $context );
	}

	public function get_subtotal_tax( $context = 'view' ) {
		return $this->get_prop( 'subtotal_tax', $context );
	}

	public function get_total( $context = 'view' ) {
		return $this->get_prop( 'total', $context );
	}

	public function get_total_tax( $context = 'view' ) {
		return $this->get_prop( 'total_tax', $context );
	}

	public function get_taxes( $context = 'view' ) {
		return $this->get_prop( 'taxes', $context );
	}

	public function get_product() {
		$product = wc_get_product( $this->get_variation_id() ? $this->get_variation_id() : $this->get_product_id() );
		return apply_filters( 'woocommerce_order_item_product', $product, $this );
	}

	public function get_tax_status() {
		$product = $this->get_product();
		return $product ? $product->get_tax_status() : 'taxable';
	}
}

class WC_Order_Item_Shipping extends WC_Order_Item {

	protected $extra_data = array(
		'method_title' => '',
		'method_id'    => '',
		'instance_id'  => '',
		'total'        => 0,
		'total_tax'    => 0,
		'taxes'        => array(
			'total' => array(),
		),
	);

	public function set_name( $value ) {
		$this->set_method_title( $value );
	}

	public function set_method_title( $value ) {
		$this->set_prop( 'name', wc_clean( $value ) );
		$this->set_prop( 'method_title', wc_clean( $value ) );
	}

	public function set_method_id( $value ) {
		$this->set_prop( 'method_id', wc_clean( $value ) );
	}

	public function set_instance_id( $value ) {
		$this->set_prop( 'instance_id', wc_clean( $value ) );
	}

	public function set_total( $value ) {
		$this->set_prop( 'total', wc_format_decimal( $value ) );
	}

	protected function set_total_tax( $value ) {
		$this->set_prop( 'total_tax', wc_format_decimal( $value ) );
	}

	public function set_taxes( $raw_tax_data ) {
		$taxes = $this->normalise_taxes( $raw_tax_data, false );
		$this->set_prop( 'taxes', $taxes );
		$this->set_total_tax( $this->sum_taxes( $taxes['total'] ) );
	}

	public function get_type() {
		return 'shipping';
	}

	public function get_name( $context = 'view' ) {
		return $this->get_method_title( $context );
	}

	public function get_method_title( $context = 'view' ) {
		$title = $this->get_prop( 'method_title', $context );
		return $title ? $title : __( 'Shipping', 'woocommerce' );
	}

	public function get_method_id( $context = 'view' ) {
		return $this->get_prop( 'method_id', $context );
	}

	public function get_instance_id( $context = 'view' ) {
		return $this->get_prop( 'instance_id', $context );
	}

	public function get_total( $context = 'view' ) {
		return $this->get_prop( 'total', $context );
	}

	public function get_total_tax( $context = 'view' ) {
		return $this->get_prop( 'total_tax', $context );
	}

	public function get_taxes( $context = 'view' ) {
		return $this->get_prop( 'taxes', $context );
	}

	/** Shipping's tax class is the shop's shipping tax class setting. */
	public function get_tax_class( $context = 'view' ) {
		$class = get_option( 'woocommerce_shipping_tax_class' );
		return 'inherit' === $class ? '' : (string) $class;
	}
}

class WC_Order_Item_Fee extends WC_Order_Item {

	protected $extra_data = array(
		'tax_class'  => '',
		'tax_status' => 'taxable',
		'amount'     => '',
		'total'      => '',
		'total_tax'  => '',
		'taxes'      => array(
			'total' => array(),
		),
	);

	public function set_amount( $value ) {
		$this->set_prop( 'amount', wc_format_decimal( $value ) );
	}

	public function set_tax_class( $value ) {
		if ( $value && ! in_array( $value, WC_Tax::get_tax_class_slugs(), true ) ) {
			$this->error( 'order_item_fee_invalid_tax_class', __( 'Invalid tax class', 'woocommerce' ) );
		}
		$this->set_prop( 'tax_class', $value );
	}

	public function set_tax_status( $value ) {
		$this->set_prop( 'tax_status', in_array( $value, array( 'taxable', 'none' ), true ) ? $value : 'taxable' );
	}

	public function set_total( $amount ) {
		$this->set_prop( 'total', wc_format_decimal( $amount ) );
	}

	public function set_total_tax( $amount ) {
		$this->set_prop( 'total_tax', wc_format_decimal( $amount ) );
	}

	public function set_taxes( $raw_tax_data ) {
		$taxes = $this->normalise_taxes( $raw_tax_data, false );
		$this->set_prop( 'taxes', $taxes );
		$this->set_total_tax( $this->sum_taxes( $taxes['total'] ) );
	}

	public function get_amount( $context = 'view' ) {
		return $this->get_prop( 'amount', $context );
	}

	public function get_name( $context = 'view' ) {
		$name = $this->get_prop( 'name', $context );
		if ( 'view' === $context ) {
			return $name ? $name : __( 'Fee', 'woocommerce' );
		}
		return $name;
	}

	public function get_type() {
		return 'fee';
	}

	public function get_tax_class( $context = 'view' ) {
		return $this->get_prop( 'tax_class', $context );
	}

	public function get_tax_status( $context = 'view' ) {
		return $this->get_prop( 'tax_status', $context );
	}

	public function get_total( $context = 'view' ) {
		return $this->get_prop( 'total', $context );
	}

	public function get_total_tax( $context = 'view' ) {
		return $this->get_prop( 'total_tax', $context );
	}

	public function get_taxes( $context = 'view' ) {
		return $this->get_prop( 'taxes', $context );
	}
}

class WC_Order_Item_Coupon extends WC_Order_Item {

	protected $extra_data = array(
		'code'         => '',
		'discount'     => 0,
		'discount_tax' => 0,
	);

	public function set_name( $value ) {
		$this->set_code( $value );
	}

	public function set_code( $value ) {
		$this->set_prop( 'name', wc_format_coupon_code( $value ) );
		$this->set_prop( 'code', wc_format_coupon_code( $value ) );
	}

	public function set_discount( $value ) {
		$this->set_prop( 'discount', wc_format_decimal( $value ) );
	}

	public function set_discount_tax( $value ) {
		$this->set_prop( 'discount_tax', wc_format_decimal( $value ) );
	}

	public function get_type() {
		return 'coupon';
	}

	public function get_name( $context = 'view' ) {
		return $this->get_code( $context );
	}

	public function get_code( $context = 'view' ) {
		return $this->get_prop( 'code', $context );
	}

	public function get_discount( $context = 'view' ) {
		return $this->get_prop( 'discount', $context );
	}

	public function get_discount_tax( $context = 'view' ) {
		return $this->get_prop( 'discount_tax', $context );
	}
}

class WC_Order_Item_Tax extends WC_Order_Item {

	protected $extra_data = array(
		'rate_code'          => '',
		'rate_id'            => 0,
		'label'              => '',
		'compound'           => false,
		'tax_total'          => 0,
		'shipping_tax_total' => 0,
		'rate_percent'       => null,
	);

	public function set_name( $value ) {
		$this->set_rate_code( $value );
	}

	public function set_rate_code( $value ) {
		$this->set_prop( 'rate_code', wc_clean( $value ) );
		$this->set_prop( 'name', wc_clean( $value ) );
	}

	public function set_label( $value ) {
		$this->set_prop( 'label', wc_clean( $value ) );
	}

	public function set_rate_id( $value ) {
		$this->set_prop( 'rate_id', absint( $value ) );
	}

	public function set_tax_total( $value ) {
		$this->set_prop( 'tax_total', $value ? wc_format_decimal( $value ) : 0 );
	}

	public function set_shipping_tax_total( $value ) {
		$this->set_prop( 'shipping_tax_total', $value ? wc_format_decimal( $value ) : 0 );
	}

	public function set_compound( $value ) {
		$this->set_prop( 'compound', (bool) $value );
	}

	public function set_rate_percent( $value ) {
		$this->set_prop( 'rate_percent', (float) $value );
	}

	/** Copies id, code, label, compound flag and percent from a WC_Tax rate. */
	public function set_rate( $tax_rate_id ) {
		$tax_rate = WC_Tax::_get_tax_rate( $tax_rate_id, OBJECT );
		$this->set_rate_id( $tax_rate_id );
		$this->set_rate_code( WC_Tax::get_rate_code( $tax_rate ) );
		$this->set_label( WC_Tax::get_rate_label( $tax_rate ) );
		$this->set_compound( WC_Tax::is_compound( $tax_rate ) );
		$this->set_rate_percent( WC_Tax::get_rate_percent_value( $tax_rate ) );
	}

	public function get_type() {
		return 'tax';
	}

	public function get_name( $context = 'view' ) {
		return $this->get_rate_code( $context );
	}

	public function get_rate_code( $context = 'view' ) {
		return $this->get_prop( 'rate_code', $context );
	}

	public function get_label( $context = 'view' ) {
		$label = $this->get_prop( 'label', $context );
		if ( 'view' === $context ) {
			return $label ? $label : __( 'Tax', 'woocommerce' );
		}
		return $label;
	}

	public function get_rate_id( $context = 'view' ) {
		return $this->get_prop( 'rate_id', $context );
	}

	public function get_tax_total( $context = 'view' ) {
		return $this->get_prop( 'tax_total', $context );
	}

	public function get_shipping_tax_total( $context = 'view' ) {
		return $this->get_prop( 'shipping_tax_total', $context );
	}

	public function get_compound( $context = 'view' ) {
		return $this->get_prop( 'compound', $context );
	}

	public function is_compound() {
		return $this->get_compound();
	}

	public function get_rate_percent( $context = 'view' ) {
		return $this->get_prop( 'rate_percent', $context );
	}
}

/**
 * Loads orders and order items by id, as WooCommerce's WC_Order_Factory.
 */
class WC_Order_Factory {

	/** @return WC_Order|WC_Order_Refund|false */
	public static function get_order( $order_id = false ) {
		$order_id = self::get_order_id( $order_id );
		if ( ! $order_id ) {
			return false;
		}
		// WooCommerce 8+ with HPOS caches orders for the request in the object cache.
		$cached = wp_cache_get( 'order-' . $order_id, 'orders' );
		if ( $cached instanceof WC_Abstract_Order ) {
			return 0 === $cached->get_id() ? false : $cached;
		}
		$type = ( new WC_Stand_In_Order_Data_Store() )->get_order_type( $order_id );
		if ( ! $type ) {
			return false;
		}
		$order_type = wc_get_order_type( $type );
		$classname  = apply_filters( 'woocommerce_order_class', $order_type ? $order_type['class_name'] : false, $type, $order_id );
		if ( ! $classname || ! class_exists( $classname ) ) {
			return false;
		}
		try {
			$order = new $classname( $order_id );
			wp_cache_set( 'order-' . $order_id, $order, 'orders' );
			return $order;
		} catch ( Exception $e ) {
			return false;
		}
	}

	public static function get_order_id( $order ) {
		if ( false === $order ) {
			global $post;
			return $post && isset( $post->ID ) ? absint( $post->ID ) : false;
		}
		if ( is_numeric( $order ) ) {
			return absint( $order );
		}
		if ( $order instanceof WC_Abstract_Order ) {
			return $order->get_id();
		}
		if ( ! empty( $order->ID ) ) {
			return absint( $order->ID );
		}
		return false;
	}

	/** @return WC_Order_Item|false */
	public static function get_order_item( $item_id = 0 ) {
		if ( is_numeric( $item_id ) ) {
			$item_id   = absint( $item_id );
			$item_type = ( new WC_Stand_In_Order_Item_Data_Store() )->get_order_item_type( $item_id );
		} elseif ( $item_id instanceof WC_Order_Item ) {
			$item_type = $item_id->get_type();
			$item_id   = $item_id->get_id();
		} else {
			return false;
		}
		$classes   = array(
			'line_item' => 'WC_Order_Item_Product',
			'shipping'  => 'WC_Order_Item_Shipping',
			'fee'       => 'WC_Order_Item_Fee',
			'coupon'    => 'WC_Order_Item_Coupon',
			'tax'       => 'WC_Order_Item_Tax',
		);
		$classname = apply_filters( 'woocommerce_get_order_item_classname', $classes[ $item_type ] ?? false, $item_type, $item_id );
		if ( ! $item_id || ! $classname || ! class_exists( $classname ) ) {
			return false;
		}
		try {
			return new $classname( $item_id );
		} catch ( Exception $e ) {
			return false;
		}
	}
}

function wc_stock_amount( $amount ) {
	return apply_filters( 'woocommerce_stock_amount', $amount );
}

function wc_format_coupon_code( $value ) {
	return apply_filters( 'woocommerce_coupon_code', $value );
}
