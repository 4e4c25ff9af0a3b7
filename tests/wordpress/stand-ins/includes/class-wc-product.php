<?php
/**
 * Stand-in: WC_Product / WC_Product_Simple (a `product` post with WooCommerce's meta keys) and
 * wc_get_product — the part of the product API an invoicing plugin reads.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_Product extends WC_Data {

	protected $object_type = 'product';

	protected $cache_group = 'products';

	protected $data = array(
		'name'          => '',
		'status'        => 'publish',
		'description'   => '',
		'sku'           => '',
		'price'         => '',
		'regular_price' => '',
		'sale_price'    => '',
		'tax_status'    => 'taxable',
		'tax_class'     => '',
		'virtual'       => false,
		'downloadable'  => false,
		'weight'        => '',
	);

	public function __construct( $product = 0 ) {
		parent::__construct( $product );
		if ( is_numeric( $product ) && $product > 0 ) {
			$this->set_id( $product );
		} elseif ( $product instanceof self ) {
			$this->set_id( absint( $product->get_id() ) );
		} elseif ( ! empty( $product->ID ) ) {
			$this->set_id( absint( $product->ID ) );
		} else {
			$this->set_object_read( true );
		}
		$this->data_store = WC_Data_Store::load( 'product' );
		if ( $this->get_id() > 0 ) {
			$this->data_store->read( $this );
		}
	}

	public function get_type() {
		return 'simple';
	}

	public function is_type( $type ) {
		return ( $this->get_type() === $type || ( is_array( $type ) && in_array( $this->get_type(), $type, true ) ) );
	}

	public function get_parent_id( $context = 'view' ) {
		return 0;
	}

	public function get_name( $context = 'view' ) {
		return $this->get_prop( 'name', $context );
	}

	public function get_status( $context = 'view' ) {
		return $this->get_prop( 'status', $context );
	}

	public function get_description( $context = 'view' ) {
		return $this->get_prop( 'description', $context );
	}

	public function get_sku( $context = 'view' ) {
		return $this->get_prop( 'sku', $context );
	}

	public function get_price( $context = 'view' ) {
		return $this->get_prop( 'price', $context );
	}

	public function get_regular_price( $context = 'view' ) {
		return $this->get_prop( 'regular_price', $context );
	}

	public function get_sale_price( $context = 'view' ) {
		return $this->get_prop( 'sale_price', $context );
	}

	public function get_tax_status( $context = 'view' ) {
		return $this->get_prop( 'tax_status', $context );
	}

	public function get_tax_class( $context = 'view' ) {
		return $this->get_prop( 'tax_class', $context );
	}

	public function get_virtual( $context = 'view' ) {
		return $this->get_prop( 'virtual', $context );
	}

	public function get_downloadable( $context = 'view' ) {
		return $this->get_prop( 'downloadable', $context );
	}

	public function get_weight( $context = 'view' ) {
		return $this->get_prop( 'weight', $context );
	}

	public function is_virtual() {
		return apply_filters( 'woocommerce_is_virtual', true === $this->get_virtual(), $this );
	}

	public function is_downloadable() {
		return apply_filters( 'woocommerce_is_downloadable', true === $this->get_downloadable(), $this );
	}

	public function is_taxable() {
		return apply_filters( 'woocommerce_product_is_taxable', $this->get_tax_status() === 'taxable' && wc_tax_enabled(), $this );
	}

	public function get_permalink() {
		return get_permalink( $this->get_id() );
	}

	public function set_name( $name ) {
		$this->set_prop( 'name', $name );
	}

	public function set_status( $status ) {
		$this->set_prop( 'status', $status );
	}

	public function set_description( $description ) {
		$this->set_prop( 'description', $description );
	}

	public function set_sku( $sku ) {
		$this->set_prop( 'sku', (string) $sku );
	}

	public function set_price( $price ) {
		$this->set_prop( 'price', wc_format_decimal( $price ) );
	}

	public function set_regular_price( $price ) {
		$this->set_prop( 'regular_price', wc_format_decimal( $price ) );
	}

	public function set_sale_price( $price ) {
		$this->set_prop( 'sale_price', wc_format_decimal( $price ) );
	}

	public function set_tax_status( $status ) {
		$this->set_prop( 'tax_status', in_array( $status, array( 'taxable', 'shipping', 'none' ), true ) ? $status : 'taxable' );
	}

	public function set_tax_class( $class ) {
		$class = sanitize_title( $class );
		$class = 'standard' === $class ? '' : $class;
		if ( $class && ! in_array( $class, WC_Tax::get_tax_class_slugs(), true ) ) {
			$class = '';
		}
		$this->set_prop( 'tax_class', $class );
	}

	public function set_virtual( $virtual ) {
		$this->set_prop( 'virtual', wc_string_to_bool( $virtual ) );
	}

	public function set_downloadable( $downloadable ) {
		$this->set_prop( 'downloadable', wc_string_to_bool( $downloadable ) );
	}

	public function set_weight( $weight ) {
		$this->set_prop( 'weight', '' === $weight ? '' : wc_format_decimal( $weight ) );
	}

	public function save() {
		if ( '' === $this->get_price( 'edit' ) && '' !== $this->get_regular_price( 'edit' ) ) {
			$this->set_price( '' !== $this->get_sale_price( 'edit' ) ? $this->get_sale_price( 'edit' ) : $this->get_regular_price( 'edit' ) );
		}
		return parent::save();
	}
}

class WC_Product_Simple extends WC_Product {
}

/**
 * @return WC_Product|null|false
 */
function wc_get_product( $the_product = false, $deprecated = array() ) {
	if ( ! did_action( 'woocommerce_init' ) || ! did_action( 'woocommerce_after_register_taxonomy' ) || ! did_action( 'woocommerce_after_register_post_type' ) ) {
		wc_doing_it_wrong( __FUNCTION__, 'wc_get_product should not be called before the woocommerce_init, woocommerce_after_register_taxonomy and woocommerce_after_register_post_type actions have finished.', '3.9' );
		return false;
	}
	$id = $the_product instanceof WC_Product ? $the_product->get_id() : ( is_numeric( $the_product ) ? absint( $the_product ) : ( ! empty( $the_product->ID ) ? absint( $the_product->ID ) : 0 ) );
	if ( ! $id || 'product' !== get_post_type( $id ) ) {
		return false;
	}
	try {
		return new WC_Product_Simple( $id );
	} catch ( Exception $e ) {
		return false;
	}
}
