<?php
/**
 * Stand-in: the WooCommerce main class (WC()) and its load order: `woocommerce_loaded` on
 * plugins_loaded (priority -1), `before_woocommerce_init` then `woocommerce_init` on init
 * (priority 0), post types and taxonomies on init (priority 5, then
 * `woocommerce_after_register_post_type`), as WooCommerce 8.9.3 does.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

final class WooCommerce {

	public $version = WC_VERSION;

	/** @var null No cart session in the stand-in. */
	public $session = null;

	/** @var WC_Countries */
	public $countries;

	protected static $_instance = null; // phpcs:ignore PSR2.Classes.PropertyDeclaration.Underscore

	public static function instance() {
		if ( is_null( self::$_instance ) ) {
			self::$_instance = new self();
		}
		return self::$_instance;
	}

	private function __construct() {
		$this->countries = new WC_Countries();
		add_action( 'plugins_loaded', array( $this, 'on_plugins_loaded' ), -1 );
		add_action( 'init', array( $this, 'init' ), 0 );
		add_action( 'init', array( 'WC_Post_Types', 'register_taxonomies' ), 5 );
		add_action( 'init', array( 'WC_Post_Types', 'register_post_types' ), 5 );
		add_action( 'woocommerce_after_register_post_type', array( 'WC_Post_Types', 'register_placeholder_order_type' ) );
		add_filter( 'woocommerce_stock_amount', 'intval' );
		add_filter( 'woocommerce_coupon_code', 'html_entity_decode' );
		add_filter( 'woocommerce_coupon_code', 'wc_strtolower' );
		// Order notes are comments WordPress's own comment queries leave out.
		add_filter( 'comments_clauses', array( $this, 'exclude_order_comments' ), 10, 1 );
	}

	public function on_plugins_loaded() {
		do_action( 'woocommerce_loaded' );
	}

	public function init() {
		do_action( 'before_woocommerce_init' );
		load_plugin_textdomain( 'woocommerce', false, plugin_basename( dirname( WC_PLUGIN_FILE ) ) . '/i18n/languages' );
		do_action( 'woocommerce_init' );
	}

	public function exclude_order_comments( $clauses ) {
		if ( empty( $clauses['where'] ) || false === strpos( $clauses['where'], 'order_note' ) ) {
			$clauses['where'] .= ( $clauses['where'] ? ' AND ' : '' ) . " comment_type != 'order_note' ";
		}
		return $clauses;
	}

	public function plugin_url() {
		return untrailingslashit( plugins_url( '/', WC_PLUGIN_FILE ) );
	}

	public function plugin_path() {
		return untrailingslashit( plugin_dir_path( WC_PLUGIN_FILE ) );
	}

	public function template_path() {
		return apply_filters( 'woocommerce_template_path', 'woocommerce/' );
	}

	/** @return WC_Payment_Gateways */
	public function payment_gateways() {
		return WC_Payment_Gateways::instance();
	}

	public function is_rest_api_request() {
		return defined( 'REST_REQUEST' ) && REST_REQUEST;
	}

	public function is_wc_admin_active() {
		return false;
	}
}

/**
 * Stand-in: WC_Countries — the shop's base country and the EU lists.
 */
class WC_Countries {

	public function get_base_country() {
		$default = wc_format_country_state_string( get_option( 'woocommerce_default_country', 'HU' ) );
		return apply_filters( 'woocommerce_countries_base_country', $default['country'] );
	}

	/** @param string $type '' or 'eu_vat' (adds MC and IM, which are in the EU VAT area). */
	public function get_european_union_countries( $type = '' ) {
		$countries = array( 'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK' );
		if ( 'eu_vat' === $type ) {
			$countries[] = 'MC';
		}
		return apply_filters( 'woocommerce_european_union_countries', $countries, $type );
	}

	public function get_countries() {
		return apply_filters(
			'woocommerce_countries',
			array(
				'AT' => 'Austria',
				'DE' => 'Germany',
				'GB' => 'United Kingdom (UK)',
				'HU' => 'Hungary',
				'RO' => 'Romania',
				'SK' => 'Slovakia',
				'US' => 'United States (US)',
			)
		);
	}

	public function tax_or_vat() {
		return apply_filters( 'woocommerce_countries_tax_or_vat', in_array( $this->get_base_country(), $this->get_european_union_countries( 'eu_vat' ), true ) ? __( 'VAT', 'woocommerce' ) : __( 'Tax', 'woocommerce' ) );
	}
}

function wc_format_country_state_string( $country_string ) {
	if ( strstr( $country_string, ':' ) ) {
		list( $country, $state ) = explode( ':', $country_string );
	} else {
		$country = $country_string;
		$state   = '';
	}
	return array(
		'country' => $country,
		'state'   => $state,
	);
}

function wc_strtolower( $string ) {
	return function_exists( 'mb_strtolower' ) ? mb_strtolower( $string ) : strtolower( $string );
}

/**
 * Stand-in: the product and order post types WooCommerce registers (order types through
 * wc_register_order_type, plus HPOS's placeholder type).
 */
class WC_Post_Types {

	public static function register_taxonomies() {
		if ( taxonomy_exists( 'product_type' ) ) {
			return;
		}
		do_action( 'woocommerce_register_taxonomy' );
		register_taxonomy( 'product_type', array( 'product' ), array( 'public' => false, 'hierarchical' => false, 'show_ui' => false, 'query_var' => is_admin(), 'rewrite' => false ) );
		do_action( 'woocommerce_after_register_taxonomy' );
	}

	public static function register_post_types() {
		if ( ! is_blog_installed() || post_type_exists( 'product' ) ) {
			return;
		}
		do_action( 'woocommerce_register_post_type' );
		register_post_type(
			'product',
			array(
				'label'           => __( 'Products', 'woocommerce' ),
				'public'          => true,
				'capability_type' => 'product',
				'map_meta_cap'    => true,
				'supports'        => array( 'title', 'editor', 'custom-fields' ),
			)
		);
		wc_register_order_type(
			'shop_order',
			apply_filters(
				'woocommerce_register_post_type_shop_order',
				array(
					'label'               => __( 'Orders', 'woocommerce' ),
					'public'              => false,
					'show_ui'             => true,
					'capability_type'     => 'shop_order',
					'map_meta_cap'        => true,
					'publicly_queryable'  => false,
					'exclude_from_search' => true,
					'show_in_menu'        => 'woocommerce',
					'hierarchical'        => false,
					'show_in_nav_menus'   => false,
					'rewrite'             => false,
					'query_var'           => false,
					'supports'            => array( 'title', 'comments', 'custom-fields' ),
					'has_archive'         => false,
				)
			)
		);
		wc_register_order_type(
			'shop_order_refund',
			apply_filters(
				'woocommerce_register_post_type_shop_order_refund',
				array(
					'label'                            => __( 'Refunds', 'woocommerce' ),
					'capability_type'                  => 'shop_order',
					'public'                           => false,
					'hierarchical'                     => false,
					'supports'                         => false,
					'exclude_from_orders_screen'       => false,
					'add_order_meta_boxes'             => false,
					'exclude_from_order_count'         => true,
					'exclude_from_order_views'         => false,
					'exclude_from_order_reports'       => false,
					'exclude_from_order_sales_reports' => true,
					'class_name'                       => 'WC_Order_Refund',
					'rewrite'                          => false,
				)
			)
		);
		do_action( 'woocommerce_after_register_post_type' );
	}

	/** HPOS registers its placeholder order type on `woocommerce_after_register_post_type`. */
	public static function register_placeholder_order_type() {
		wc_register_order_type(
			'shop_order_placehold',
			array(
				'public'                           => false,
				'exclude_from_search'              => true,
				'publicly_queryable'               => false,
				'show_ui'                          => false,
				'show_in_menu'                     => false,
				'show_in_nav_menus'                => false,
				'show_in_admin_bar'                => false,
				'show_in_rest'                     => false,
				'rewrite'                          => false,
				'query_var'                        => false,
				'can_export'                       => false,
				'supports'                         => array(),
				'capabilities'                     => array(),
				'exclude_from_order_count'         => true,
				'exclude_from_order_views'         => true,
				'exclude_from_order_reports'       => true,
				'exclude_from_order_sales_reports' => true,
			)
		);
	}
}
