<?php
/**
 * Stand-in: WC_Data (props with change tracking, meta data saved row by row), WC_Meta_Data,
 * WC_Data_Exception and WC_Data_Store, with WooCommerce 8.9.3's public API and semantics.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_Data_Exception extends Exception {

	protected $error_code;

	protected $error_data;

	public function __construct( $code, $message, $http_status_code = 400, $data = array() ) {
		$this->error_code = $code;
		$this->error_data = array_merge( array( 'status' => $http_status_code ), $data );
		parent::__construct( $message, $http_status_code );
	}

	public function getErrorCode() {
		return $this->error_code;
	}

	public function getErrorData() {
		return $this->error_data;
	}
}

/**
 * One meta entry: `id`, `key`, `value` read as properties; changes tracked until apply_changes().
 */
class WC_Meta_Data implements JsonSerializable {

	/** @var array What the properties are now. */
	protected $current_data;

	/** @var array What was last stored. */
	protected $data;

	public function __construct( $meta = array() ) {
		$this->current_data = $meta;
		$this->apply_changes();
	}

	#[\ReturnTypeWillChange]
	public function jsonSerialize() {
		return $this->get_data();
	}

	public function apply_changes() {
		$this->data = $this->current_data;
	}

	public function __set( $key, $value ) {
		$this->current_data[ $key ] = $value;
	}

	public function __isset( $key ) {
		return array_key_exists( $key, $this->current_data );
	}

	public function __get( $key ) {
		return array_key_exists( $key, $this->current_data ) ? $this->current_data[ $key ] : null;
	}

	public function get_changes() {
		$changes = array();
		foreach ( $this->current_data as $key => $value ) {
			if ( ! array_key_exists( $key, $this->data ) || $value !== $this->data[ $key ] ) {
				$changes[ $key ] = $value;
			}
		}
		return $changes;
	}

	public function get_data() {
		return $this->data;
	}
}

/**
 * Loads a data store by name; calls go through to the store, as WooCommerce's WC_Data_Store.
 */
class WC_Data_Store {

	/** @var array Store classes by name. */
	private $stores = array(
		'order'              => 'WC_Stand_In_Order_Data_Store',
		'order-refund'       => 'WC_Stand_In_Order_Data_Store',
		'order-item'         => 'WC_Stand_In_Order_Item_Data_Store',
		'order-item-product' => 'WC_Stand_In_Order_Item_Data_Store',
		'order-item-shipping' => 'WC_Stand_In_Order_Item_Data_Store',
		'order-item-fee'     => 'WC_Stand_In_Order_Item_Data_Store',
		'order-item-coupon'  => 'WC_Stand_In_Order_Item_Data_Store',
		'order-item-tax'     => 'WC_Stand_In_Order_Item_Data_Store',
		'product'            => 'WC_Stand_In_Product_Data_Store',
	);

	/** @var object */
	private $instance;

	/** @var string */
	private $object_type;

	public function __construct( $object_type ) {
		$this->object_type = $object_type;
		$stores            = apply_filters( 'woocommerce_data_stores', $this->stores );
		if ( ! isset( $stores[ $object_type ] ) ) {
			throw new Exception( 'Invalid data store.' );
		}
		$class          = $stores[ $object_type ];
		$this->instance = is_object( $class ) ? $class : new $class();
	}

	public static function load( $object_type ) {
		return new WC_Data_Store( $object_type );
	}

	public function get_current_class_name() {
		return get_class( $this->instance );
	}

	public function __call( $method, $parameters ) {
		if ( is_callable( array( $this->instance, $method ) ) ) {
			$object     = array_shift( $parameters );
			$parameters = array_merge( array( &$object ), $parameters );
			return $this->instance->$method( ...$parameters );
		}
		return null;
	}
}

abstract class WC_Data {

	/** @var int */
	protected $id = 0;

	/** @var array Core props and their values as last read or saved. */
	protected $data = array();

	/** @var array Props set since then. */
	protected $changes = array();

	/** @var bool Once true, setters record changes instead of writing $data. */
	protected $object_read = false;

	/** @var string */
	protected $object_type = 'data';

	/** @var array Extra props a subclass adds. */
	protected $extra_data = array();

	/** @var array */
	protected $default_data = array();

	/** @var WC_Data_Store|null */
	protected $data_store;

	/** @var string Object cache group for meta. */
	protected $cache_group = '';

	/** @var WC_Meta_Data[]|null Null until read. */
	protected $meta_data = null;

	/** @var array Internal meta keys that may still be read and written as meta without a warning. */
	protected $legacy_datastore_props = array();

	public function __construct( $read = 0 ) {
		$this->data         = array_merge( $this->data, $this->extra_data );
		$this->default_data = $this->data;
	}

	public function __sleep() {
		return array( 'id' );
	}

	public function __wakeup() {
		try {
			$this->__construct( absint( $this->id ) );
		} catch ( Exception $e ) {
			$this->set_id( 0 );
			$this->set_object_read( true );
		}
	}

	public function __clone() {
		$this->maybe_read_meta_data();
		if ( ! empty( $this->meta_data ) ) {
			foreach ( $this->meta_data as $index => $meta ) {
				$this->meta_data[ $index ] = clone $meta;
				if ( ! empty( $meta->id ) ) {
					$this->meta_data[ $index ]->id = null;
				}
			}
		}
	}

	public function get_data_store() {
		return $this->data_store;
	}

	public function get_id() {
		return $this->id;
	}

	public function delete( $force_delete = false ) {
		$check = apply_filters( "woocommerce_pre_delete_$this->object_type", null, $this, $force_delete );
		if ( null !== $check ) {
			return $check;
		}
		if ( $this->data_store ) {
			$this->data_store->delete( $this, array( 'force_delete' => $force_delete ) );
			$this->set_id( 0 );
			return true;
		}
		return false;
	}

	public function save() {
		if ( ! $this->data_store ) {
			return $this->get_id();
		}
		do_action( 'woocommerce_before_' . $this->object_type . '_object_save', $this, $this->data_store );
		if ( $this->get_id() ) {
			$this->data_store->update( $this );
		} else {
			$this->data_store->create( $this );
		}
		do_action( 'woocommerce_after_' . $this->object_type . '_object_save', $this, $this->data_store );
		return $this->get_id();
	}

	public function __toString() {
		return wp_json_encode( $this->get_data() );
	}

	public function get_data() {
		return array_merge( array( 'id' => $this->get_id() ), $this->data, array( 'meta_data' => $this->get_meta_data() ) );
	}

	/**
	 * Not WooCommerce API: the props as last read or saved, for the stand-in data stores.
	 *
	 * @internal
	 */
	public function get_base_data_for_stand_in() {
		return $this->data;
	}

	public function get_data_keys() {
		return array_keys( $this->data );
	}

	public function get_extra_data_keys() {
		return array_keys( $this->extra_data );
	}

	protected function filter_null_meta( $meta ) {
		return ! is_null( $meta->value );
	}

	public function get_meta_data() {
		$this->maybe_read_meta_data();
		return array_values( array_filter( $this->meta_data, array( $this, 'filter_null_meta' ) ) );
	}

	/**
	 * A key the data store keeps in a column (e.g. `_billing_company`): WooCommerce warns
	 * (doing it wrong) and routes get/update/add meta to the getter or setter.
	 */
	protected function is_internal_meta_key( $key ) {
		if ( empty( $key ) || ! $this->data_store || ! in_array( $key, (array) $this->data_store->get_internal_meta_keys(), true ) ) {
			return false;
		}
		$name = ltrim( $key, '_' );
		if ( ! is_callable( array( $this, 'set_' . $name ) ) && ! is_callable( array( $this, 'get_' . $name ) ) ) {
			return false;
		}
		if ( in_array( $key, $this->legacy_datastore_props, true ) ) {
			return true;
		}
		wc_doing_it_wrong( __FUNCTION__, sprintf( 'Generic add/update/get meta methods should not be used for internal meta data, including "%s". Use getters and setters.', $key ), '3.2.0' );
		return true;
	}

	public function get_meta( $key = '', $single = true, $context = 'view' ) {
		if ( $this->is_internal_meta_key( $key ) ) {
			$getter = 'get_' . ltrim( $key, '_' );
			if ( is_callable( array( $this, $getter ) ) ) {
				return $this->{$getter}();
			}
		}
		$meta_data = $this->get_meta_data();
		$matching  = array();
		foreach ( $meta_data as $index => $meta ) {
			if ( $meta->key === $key ) {
				$matching[ $index ] = $meta;
			}
		}
		if ( $single ) {
			$value = $matching ? reset( $matching )->value : '';
		} else {
			$value = $matching;
		}
		if ( 'view' === $context ) {
			$value = apply_filters( $this->get_hook_prefix() . $key, $value, $this );
		}
		return $value;
	}

	public function meta_exists( $key = '' ) {
		foreach ( $this->get_meta_data() as $meta ) {
			if ( $meta->key === $key ) {
				return true;
			}
		}
		return false;
	}

	public function set_meta_data( $data ) {
		if ( empty( $data ) || ! is_array( $data ) ) {
			return;
		}
		$this->maybe_read_meta_data();
		foreach ( $data as $meta ) {
			$meta = (array) $meta;
			if ( isset( $meta['key'], $meta['value'], $meta['id'] ) ) {
				$this->meta_data[] = new WC_Meta_Data(
					array(
						'id'    => $meta['id'],
						'key'   => $meta['key'],
						'value' => $meta['value'],
					)
				);
			}
		}
	}

	public function add_meta_data( $key, $value, $unique = false ) {
		if ( $this->is_internal_meta_key( $key ) ) {
			$setter = 'set_' . ltrim( $key, '_' );
			if ( is_callable( array( $this, $setter ) ) ) {
				return $this->{$setter}( $value );
			}
		}
		$this->maybe_read_meta_data();
		if ( $unique ) {
			$this->delete_meta_data( $key );
		}
		$this->meta_data[] = new WC_Meta_Data(
			array(
				'key'   => $key,
				'value' => $value,
			)
		);
	}

	/**
	 * Sets the value of the first entry with this key (or of entry $meta_id) and marks the other
	 * entries with the key deleted; adds an entry when there is none.
	 */
	public function update_meta_data( $key, $value, $meta_id = 0 ) {
		if ( $this->is_internal_meta_key( $key ) ) {
			$setter = 'set_' . ltrim( $key, '_' );
			if ( is_callable( array( $this, $setter ) ) ) {
				return $this->{$setter}( $value );
			}
		}
		$this->maybe_read_meta_data();
		$target = false;
		if ( $meta_id ) {
			foreach ( $this->meta_data as $index => $meta ) {
				if ( $meta->id === $meta_id ) {
					$target = $index;
					break;
				}
			}
		} else {
			foreach ( $this->meta_data as $index => $meta ) {
				if ( $meta->key === $key ) {
					$meta->value = null;
					if ( false === $target ) {
						$target = $index;
					}
				}
			}
		}
		if ( false !== $target ) {
			$this->meta_data[ $target ]->key   = $key;
			$this->meta_data[ $target ]->value = $value;
		} else {
			$this->add_meta_data( $key, $value, true );
		}
	}

	public function delete_meta_data( $key ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( $meta->key === $key ) {
				$meta->value = null;
			}
		}
	}

	public function delete_meta_data_value( $key, $value ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( $meta->key === $key && $value === $meta->value ) {
				$meta->value = null;
			}
		}
	}

	public function delete_meta_data_by_mid( $mid ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( $meta->id === (int) $mid ) {
				$meta->value = null;
			}
		}
	}

	protected function maybe_read_meta_data() {
		if ( is_null( $this->meta_data ) ) {
			$this->read_meta_data();
		}
	}

	public function get_meta_cache_key() {
		if ( ! $this->get_id() ) {
			wc_doing_it_wrong( 'get_meta_cache_key', 'ID needs to be set before fetching a cache key.', '4.7.0' );
			return false;
		}
		return self::generate_meta_cache_key( $this->get_id(), $this->cache_group );
	}

	public static function generate_meta_cache_key( $id, $cache_group ) {
		return 'object_meta_' . $id;
	}

	/**
	 * Reads the meta rows; like WooCommerce, from the object cache when this process has them
	 * cached (a write by another process is seen only with $force_read = true or after a save).
	 */
	public function read_meta_data( $force_read = false ) {
		$this->meta_data = array();
		if ( ! $this->get_id() || ! $this->data_store ) {
			return;
		}
		$cache_key = '';
		$raw       = null;
		if ( ! empty( $this->cache_group ) ) {
			$cache_key = $this->get_meta_cache_key();
			if ( ! $force_read ) {
				$cached = wp_cache_get( $cache_key, $this->cache_group );
				if ( is_array( $cached ) ) {
					$raw = $cached;
				}
			}
		}
		if ( null === $raw ) {
			$raw = $this->data_store->read_meta( $this );
			if ( is_array( $raw ) && $cache_key ) {
				wp_cache_set( $cache_key, $raw, $this->cache_group );
			}
		}
		if ( is_array( $raw ) ) {
			$this->init_meta_data( $raw );
		}
	}

	public function init_meta_data( array $filtered_meta_data = array() ) {
		$this->meta_data = array();
		foreach ( $filtered_meta_data as $meta ) {
			$this->meta_data[] = new WC_Meta_Data(
				array(
					'id'    => (int) $meta->meta_id,
					'key'   => $meta->meta_key,
					'value' => maybe_unserialize( $meta->meta_value ),
				)
			);
		}
	}

	/**
	 * Writes the meta changes row by row: deleted entries are deleted by id, new ones inserted,
	 * changed ones updated by id (so a concurrent writer's rows survive, as in WooCommerce).
	 */
	public function save_meta_data() {
		if ( ! $this->data_store || is_null( $this->meta_data ) ) {
			return;
		}
		foreach ( $this->meta_data as $index => $meta ) {
			if ( is_null( $meta->value ) ) {
				if ( ! empty( $meta->id ) ) {
					$this->data_store->delete_meta( $this, $meta );
					do_action( "deleted_{$this->object_type}_meta", $meta->id, $this->get_id(), $meta->key, $meta->value );
					unset( $this->meta_data[ $index ] );
				}
			} elseif ( empty( $meta->id ) ) {
				$meta->id = $this->data_store->add_meta( $this, $meta );
				do_action( "added_{$this->object_type}_meta", $meta->id, $this->get_id(), $meta->key, $meta->value );
				$meta->apply_changes();
			} elseif ( $meta->get_changes() ) {
				$this->data_store->update_meta( $this, $meta );
				do_action( "updated_{$this->object_type}_meta", $meta->id, $this->get_id(), $meta->key, $meta->value );
				$meta->apply_changes();
			}
		}
		if ( ! empty( $this->cache_group ) ) {
			wp_cache_delete( self::generate_meta_cache_key( $this->get_id(), $this->cache_group ), $this->cache_group );
		}
	}

	public function set_id( $id ) {
		$this->id = absint( $id );
	}

	public function set_defaults() {
		$this->data    = $this->default_data;
		$this->changes = array();
		$this->set_object_read( false );
	}

	public function set_object_read( $read = true ) {
		$this->object_read = (bool) $read;
	}

	public function get_object_read() {
		return (bool) $this->object_read;
	}

	public function set_props( $props, $context = 'set' ) {
		$errors = false;
		foreach ( $props as $prop => $value ) {
			try {
				if ( is_null( $value ) || in_array( $prop, array( 'prop', 'date_prop', 'meta_data' ), true ) ) {
					continue;
				}
				$setter = "set_$prop";
				if ( is_callable( array( $this, $setter ) ) ) {
					$this->{$setter}( $value );
				}
			} catch ( WC_Data_Exception $e ) {
				if ( ! $errors ) {
					$errors = new WP_Error();
				}
				$errors->add( $e->getErrorCode(), $e->getMessage(), array( 'property_name' => $prop ) );
			}
		}
		return $errors && count( $errors->get_error_codes() ) ? $errors : true;
	}

	protected function set_prop( $prop, $value ) {
		if ( ! array_key_exists( $prop, $this->data ) ) {
			return;
		}
		if ( true === $this->object_read ) {
			if ( $value !== $this->data[ $prop ] || array_key_exists( $prop, $this->changes ) ) {
				$this->changes[ $prop ] = $value;
			}
		} else {
			$this->data[ $prop ] = $value;
		}
	}

	public function get_changes() {
		return $this->changes;
	}

	public function apply_changes() {
		$this->data    = array_replace_recursive( $this->data, $this->changes ); // phpcs:ignore
		$this->changes = array();
	}

	protected function get_hook_prefix() {
		return 'woocommerce_' . $this->object_type . '_get_';
	}

	protected function get_prop( $prop, $context = 'view' ) {
		if ( ! array_key_exists( $prop, $this->data ) ) {
			return null;
		}
		$value = array_key_exists( $prop, $this->changes ) ? $this->changes[ $prop ] : $this->data[ $prop ];
		if ( 'view' === $context ) {
			$value = apply_filters( $this->get_hook_prefix() . $prop, $value, $this );
		}
		return $value;
	}

	/**
	 * A date prop from a WC_DateTime, a UTC timestamp, or a string (ISO 8601 with offset, or
	 * local site time); stored as a WC_DateTime in the site's zone.
	 */
	protected function set_date_prop( $prop, $value ) {
		try {
			if ( empty( $value ) || '0000-00-00 00:00:00' === $value ) {
				$this->set_prop( $prop, null );
				return;
			}
			if ( is_a( $value, 'WC_DateTime' ) ) {
				$datetime = $value;
			} elseif ( is_numeric( $value ) ) {
				$datetime = new WC_DateTime( "@{$value}", new DateTimeZone( 'UTC' ) );
			} else {
				$datetime = wc_string_to_datetime( $value );
			}
			wc_stand_in_localise_datetime( $datetime );
			$this->set_prop( $prop, $datetime );
		} catch ( Exception $e ) {} // phpcs:ignore Generic.CodeAnalysis.EmptyStatement.DetectedCatch
	}

	protected function error( $code, $message, $http_status_code = 400, $data = array() ) {
		throw new WC_Data_Exception( $code, $message, $http_status_code, $data );
	}
}
