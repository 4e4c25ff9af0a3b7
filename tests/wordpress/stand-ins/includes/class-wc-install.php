<?php
/**
 * Stand-in: WC_Install::install — the activation hook: tables (HPOS orders and meta, order items,
 * tax rates and classes, Action Scheduler), roles and capabilities (customer, shop_manager, WooCommerce's
 * core capabilities for administrator and shop_manager), WooCommerce's default options.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_Install {

	public static function install() {
		if ( ! is_blog_installed() ) {
			return;
		}
		self::create_tables();
		self::create_roles();
		self::create_options();
		if ( ! WC_Tax::get_tax_classes() ) {
			WC_Tax::create_tax_class( 'Reduced rate', 'reduced-rate' );
			WC_Tax::create_tax_class( 'Zero rate', 'zero-rate' );
		}
		update_option( 'woocommerce_version', WC_VERSION );
		update_option( 'woocommerce_db_version', WC_VERSION );
		do_action( 'woocommerce_installed' );
	}

	public static function get_schema() {
		global $wpdb;
		$collate = $wpdb->get_charset_collate();
		$p       = $wpdb->prefix;
		return "
CREATE TABLE {$p}wc_orders (
  id bigint(20) unsigned NOT NULL,
  status varchar(20) NULL,
  currency varchar(10) NULL,
  type varchar(20) NULL,
  tax_amount decimal(26,8) NULL,
  total_amount decimal(26,8) NULL,
  customer_id bigint(20) unsigned NULL,
  billing_email varchar(320) NULL,
  date_created_gmt datetime NULL,
  date_updated_gmt datetime NULL,
  parent_order_id bigint(20) unsigned NULL,
  payment_method varchar(100) NULL,
  payment_method_title text NULL,
  transaction_id varchar(100) NULL,
  customer_note text NULL,
  stand_in_data longtext NULL,
  PRIMARY KEY  (id),
  KEY status (status),
  KEY date_created (date_created_gmt),
  KEY customer_id_billing_email (customer_id, billing_email(171)),
  KEY type_status_date (type, status, date_created_gmt),
  KEY parent_order_id (parent_order_id)
) $collate;
CREATE TABLE {$p}wc_orders_meta (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_id bigint(20) unsigned NULL,
  meta_key varchar(255),
  meta_value text NULL,
  PRIMARY KEY  (id),
  KEY meta_key_value (meta_key(100), meta_value(82)),
  KEY order_id_meta_key_meta_value (order_id, meta_key(100), meta_value(82))
) $collate;
CREATE TABLE {$p}woocommerce_order_items (
  order_item_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_item_name text NOT NULL,
  order_item_type varchar(200) NOT NULL DEFAULT '',
  order_id bigint(20) unsigned NOT NULL,
  stand_in_data longtext NULL,
  PRIMARY KEY  (order_item_id),
  KEY order_id (order_id)
) $collate;
CREATE TABLE {$p}woocommerce_order_itemmeta (
  meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_item_id bigint(20) unsigned NOT NULL,
  meta_key varchar(255) default NULL,
  meta_value longtext NULL,
  PRIMARY KEY  (meta_id),
  KEY order_item_id (order_item_id),
  KEY meta_key (meta_key(32))
) $collate;
CREATE TABLE {$p}woocommerce_tax_rates (
  tax_rate_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  tax_rate_country varchar(2) NOT NULL DEFAULT '',
  tax_rate_state varchar(200) NOT NULL DEFAULT '',
  tax_rate varchar(8) NOT NULL DEFAULT '',
  tax_rate_name varchar(200) NOT NULL DEFAULT '',
  tax_rate_priority bigint(20) unsigned NOT NULL DEFAULT 1,
  tax_rate_compound int(1) NOT NULL DEFAULT 0,
  tax_rate_shipping int(1) NOT NULL DEFAULT 1,
  tax_rate_order bigint(20) unsigned NOT NULL DEFAULT 0,
  tax_rate_class varchar(200) NOT NULL DEFAULT '',
  PRIMARY KEY  (tax_rate_id),
  KEY tax_rate_country (tax_rate_country),
  KEY tax_rate_class (tax_rate_class(10))
) $collate;
CREATE TABLE {$p}wc_tax_rate_classes (
  tax_rate_class_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  name varchar(200) NOT NULL DEFAULT '',
  slug varchar(200) NOT NULL DEFAULT '',
  PRIMARY KEY  (tax_rate_class_id),
  UNIQUE KEY slug (slug(191))
) $collate;
" . ActionScheduler_Store::get_schema();
	}

	public static function create_tables() {
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( self::get_schema() );
	}

	public static function create_roles() {
		global $wp_roles;
		if ( ! class_exists( 'WP_Roles' ) ) {
			return;
		}
		if ( ! isset( $wp_roles ) ) {
			$wp_roles = new WP_Roles(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		}
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		$shop_manager = array( 'read' => true );
		foreach ( array( 'read_private_pages', 'read_private_posts', 'edit_posts', 'edit_pages', 'edit_published_posts', 'edit_published_pages', 'edit_private_pages', 'edit_private_posts', 'edit_others_posts', 'edit_others_pages', 'publish_posts', 'publish_pages', 'delete_posts', 'delete_pages', 'delete_private_pages', 'delete_private_posts', 'delete_published_pages', 'delete_published_posts', 'delete_others_posts', 'delete_others_pages', 'manage_categories', 'manage_links', 'moderate_comments', 'upload_files', 'export', 'import', 'list_users', 'edit_theme_options' ) as $cap ) {
			$shop_manager[ $cap ] = true;
		}
		for ( $level = 0; $level <= 9; $level++ ) {
			$shop_manager[ 'level_' . $level ] = true;
		}
		add_role( 'shop_manager', 'Shop manager', $shop_manager );
		foreach ( self::get_core_capabilities() as $group ) {
			foreach ( $group as $cap ) {
				$wp_roles->add_cap( 'shop_manager', $cap );
				$wp_roles->add_cap( 'administrator', $cap );
			}
		}
	}

	/** manage_woocommerce, view_woocommerce_reports, and the post-type capabilities of product, shop_order, shop_coupon. */
	public static function get_core_capabilities() {
		$capabilities = array( 'core' => array( 'manage_woocommerce', 'view_woocommerce_reports' ) );
		foreach ( array( 'product', 'shop_order', 'shop_coupon' ) as $type ) {
			$capabilities[ $type ] = array(
				"edit_{$type}", "read_{$type}", "delete_{$type}", "edit_{$type}s", "edit_others_{$type}s",
				"publish_{$type}s", "read_private_{$type}s", "delete_{$type}s", "delete_private_{$type}s",
				"delete_published_{$type}s", "delete_others_{$type}s", "edit_private_{$type}s",
				"edit_published_{$type}s", "manage_{$type}_terms", "edit_{$type}_terms",
				"delete_{$type}_terms", "assign_{$type}_terms",
			);
		}
		return $capabilities;
	}

	/** WooCommerce's defaults (a US store); the harness configures a Hungarian one after this. */
	private static function create_options() {
		$defaults = array(
			'woocommerce_default_country'                       => 'US:CA',
			'woocommerce_currency'                              => 'USD',
			'woocommerce_price_num_decimals'                    => '2',
			'woocommerce_price_decimal_sep'                     => '.',
			'woocommerce_price_thousand_sep'                    => ',',
			'woocommerce_calc_taxes'                            => 'no',
			'woocommerce_prices_include_tax'                    => 'no',
			'woocommerce_tax_round_at_subtotal'                 => 'no',
			'woocommerce_shipping_tax_class'                    => 'inherit',
			'woocommerce_custom_orders_table_enabled'           => 'yes',
			'woocommerce_custom_orders_table_data_sync_enabled' => 'no',
			'woocommerce_feature_custom_order_tables_enabled'   => 'yes',
		);
		foreach ( $defaults as $name => $value ) {
			add_option( $name, $value );
		}
	}
}
