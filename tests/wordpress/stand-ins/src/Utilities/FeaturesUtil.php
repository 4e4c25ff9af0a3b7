<?php
/**
 * Stand-in: Automattic\WooCommerce\Utilities\FeaturesUtil (compatibility declarations are
 * accepted only while `before_woocommerce_init` runs, for a plugin get_plugins() knows).
 *
 * @package LibInvoice\Tests
 */

namespace Automattic\WooCommerce\Utilities;

defined( 'ABSPATH' ) || exit;

class FeaturesUtil {

	/** @var string[] Features WooCommerce 8.9 knows. */
	const FEATURES = array( 'custom_order_tables', 'analytics', 'new_navigation', 'product_block_editor', 'cart_checkout_blocks', 'marketplace', 'order_attribution', 'hpos_fts_indexes', 'remote_logging' );

	/** @var array Plugin id → ['compatible' => [...], 'incompatible' => [...]]. */
	private static $by_plugin = array();

	public static function get_features( bool $include_experimental = false, bool $include_enabled_info = false ): array {
		$features = array();
		foreach ( self::FEATURES as $feature ) {
			$features[ $feature ] = $include_enabled_info ? array( 'is_enabled' => self::feature_is_enabled( $feature ) ) : array();
		}
		return $features;
	}

	public static function feature_is_enabled( string $feature_id ): bool {
		return in_array( $feature_id, array( 'custom_order_tables', 'analytics', 'marketplace', 'order_attribution', 'cart_checkout_blocks' ), true );
	}

	public static function declare_compatibility( string $feature_id, string $plugin_file, bool $positive_compatibility = true ): bool {
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$plugin_id = self::plugin_id( $plugin_file );
		if ( ! $plugin_id ) {
			wc_get_logger()->error( "FeaturesUtil::declare_compatibility: {$plugin_file} is not a known WordPress plugin." );
			return false;
		}
		if ( ! doing_action( 'before_woocommerce_init' ) ) {
			wc_doing_it_wrong( 'FeaturesController::declare_compatibility', 'FeaturesController::declare_compatibility should be called inside the before_woocommerce_init action.', '7.0' );
			return false;
		}
		if ( ! in_array( $feature_id, self::FEATURES, true ) ) {
			return false;
		}
		$key      = $positive_compatibility ? 'compatible' : 'incompatible';
		$opposite = $positive_compatibility ? 'incompatible' : 'compatible';
		$info     = self::$by_plugin[ $plugin_id ] ?? array(
			'compatible'   => array(),
			'incompatible' => array(),
		);
		if ( in_array( $feature_id, $info[ $opposite ], true ) ) {
			throw new \Exception( "Plugin $plugin_id is trying to declare itself as $key with the '$feature_id' feature, but it already declared itself as $opposite" );
		}
		if ( ! in_array( $feature_id, $info[ $key ], true ) ) {
			$info[ $key ][] = $feature_id;
		}
		self::$by_plugin[ $plugin_id ] = $info;
		return true;
	}

	/** @return array{compatible: string[], incompatible: string[], uncertain: string[]} */
	public static function get_compatible_features_for_plugin( string $plugin_name ): array {
		$info = self::$by_plugin[ $plugin_name ] ?? array(
			'compatible'   => array(),
			'incompatible' => array(),
		);
		return array(
			'compatible'   => $info['compatible'],
			'incompatible' => $info['incompatible'],
			'uncertain'    => array_values( array_diff( self::FEATURES, $info['compatible'], $info['incompatible'] ) ),
		);
	}

	/** @return array{compatible: string[], incompatible: string[], uncertain: string[]} */
	public static function get_compatible_plugins_for_feature( string $feature_id ): array {
		$result = array(
			'compatible'   => array(),
			'incompatible' => array(),
			'uncertain'    => array(),
		);
		foreach ( self::$by_plugin as $plugin => $info ) {
			if ( in_array( $feature_id, $info['compatible'], true ) ) {
				$result['compatible'][] = $plugin;
			} elseif ( in_array( $feature_id, $info['incompatible'], true ) ) {
				$result['incompatible'][] = $plugin;
			}
		}
		return $result;
	}

	private static function plugin_id( $plugin_file ) {
		$plugins  = array_keys( get_plugins() );
		$basename = plugin_basename( $plugin_file );
		if ( in_array( $basename, $plugins, true ) ) {
			return $basename;
		}
		$parts = explode( '/', str_replace( '\\', '/', $plugin_file ) );
		$file  = array_pop( $parts );
		$dir   = array_pop( $parts );
		$full  = array_values( array_filter( $plugins, fn( $plugin ) => false !== strpos( $plugin, $dir . '/' . $file ) ) );
		return 1 === count( $full ) ? $full[0] : false;
	}
}
