<?php
/**
 * Stand-in: WC_Payment_Gateway (settings in the `woocommerce_{id}_settings` option, as
 * WC_Settings_API keeps them), WooCommerce's three core gateways (bacs, cheque, cod), and
 * WC_Payment_Gateways (`woocommerce_payment_gateways` filter: class names or instances).
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

abstract class WC_Payment_Gateway {

	public $id = '';

	public $title = '';

	public $description = '';

	public $method_title = '';

	public $method_description = '';

	public $enabled = 'yes';

	public $supports = array( 'products' );

	public $settings = array();

	/** @var array Defaults of the gateway's settings. */
	protected $defaults = array();

	protected function init_settings() {
		$this->settings = array_merge( $this->defaults, (array) get_option( 'woocommerce_' . $this->id . '_settings', array() ) );
		$this->enabled  = ! empty( $this->settings['enabled'] ) && 'yes' === $this->settings['enabled'] ? 'yes' : 'no';
	}

	public function get_option( $key, $empty_value = null ) {
		if ( empty( $this->settings ) ) {
			$this->init_settings();
		}
		return $this->settings[ $key ] ?? $empty_value;
	}

	public function get_title() {
		return apply_filters( 'woocommerce_gateway_title', $this->title, $this->id );
	}

	public function get_description() {
		return apply_filters( 'woocommerce_gateway_description', $this->description, $this->id );
	}

	public function get_method_title() {
		return apply_filters( 'woocommerce_gateway_method_title', $this->method_title, $this );
	}

	public function get_method_description() {
		return apply_filters( 'woocommerce_gateway_method_description', $this->method_description, $this );
	}

	public function is_available() {
		return 'yes' === $this->enabled;
	}

	public function supports( $feature ) {
		return apply_filters( 'woocommerce_payment_gateway_supports', in_array( $feature, $this->supports, true ), $feature, $this );
	}

	public function process_payment( $order_id ) {
		return array();
	}
}

class WC_Gateway_BACS extends WC_Payment_Gateway {

	public function __construct() {
		$this->id           = 'bacs';
		$this->method_title = __( 'Direct bank transfer', 'woocommerce' );
		$this->defaults     = array(
			'enabled' => 'yes',
			'title'   => __( 'Direct bank transfer', 'woocommerce' ),
		);
		$this->init_settings();
		$this->title = $this->get_option( 'title' );
	}
}

class WC_Gateway_Cheque extends WC_Payment_Gateway {

	public function __construct() {
		$this->id           = 'cheque';
		$this->method_title = _x( 'Check payments', 'Check payment method', 'woocommerce' );
		$this->defaults     = array(
			'enabled' => 'no',
			'title'   => _x( 'Check payments', 'Check payment method', 'woocommerce' ),
		);
		$this->init_settings();
		$this->title = $this->get_option( 'title' );
	}
}

class WC_Gateway_COD extends WC_Payment_Gateway {

	public function __construct() {
		$this->id           = 'cod';
		$this->method_title = __( 'Cash on delivery', 'woocommerce' );
		$this->defaults     = array(
			'enabled' => 'yes',
			'title'   => __( 'Cash on delivery', 'woocommerce' ),
		);
		$this->init_settings();
		$this->title = $this->get_option( 'title' );
	}
}

class WC_Payment_Gateways {

	/** @var WC_Payment_Gateway[] */
	public $payment_gateways = array();

	protected static $instance = null;

	public static function instance() {
		if ( is_null( self::$instance ) ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	public function __construct() {
		$this->init();
	}

	public function init() {
		$this->payment_gateways = array();
		$load                   = apply_filters( 'woocommerce_payment_gateways', array( 'WC_Gateway_BACS', 'WC_Gateway_Cheque', 'WC_Gateway_COD' ) );
		$ordering               = (array) get_option( 'woocommerce_gateway_order' );
		$end                    = 999;
		foreach ( $load as $gateway ) {
			if ( is_string( $gateway ) && class_exists( $gateway ) ) {
				$gateway = new $gateway();
			}
			if ( ! $gateway instanceof WC_Payment_Gateway ) {
				continue;
			}
			if ( isset( $ordering[ $gateway->id ] ) && is_numeric( $ordering[ $gateway->id ] ) ) {
				$this->payment_gateways[ $ordering[ $gateway->id ] ] = $gateway;
			} else {
				$this->payment_gateways[ $end++ ] = $gateway;
			}
		}
		ksort( $this->payment_gateways );
		do_action( 'wc_payment_gateways_initialized', $this );
	}

	/** @return WC_Payment_Gateway[] By id. */
	public function payment_gateways() {
		$gateways = array();
		foreach ( $this->payment_gateways as $gateway ) {
			$gateways[ $gateway->id ] = $gateway;
		}
		return $gateways;
	}

	public function get_payment_gateway_ids() {
		return wp_list_pluck( $this->payment_gateways, 'id' );
	}

	/** @return WC_Payment_Gateway[] The enabled ones, by id. */
	public function get_available_payment_gateways() {
		$available = array();
		foreach ( $this->payment_gateways as $gateway ) {
			if ( $gateway->is_available() ) {
				$available[ $gateway->id ] = $gateway;
			}
		}
		return array_filter( (array) apply_filters( 'woocommerce_available_payment_gateways', $available ), fn( $gateway ) => $gateway instanceof WC_Payment_Gateway );
	}
}
