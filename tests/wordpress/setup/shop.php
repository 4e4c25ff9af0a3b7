<?php
/**
 * Step 3 of the site's setup (run.sh, after WooCommerce is activated): a Hungarian shop — HUF
 * with whole forints, prices including VAT, Europe/Budapest — its VAT rates (27% standard, 18%
 * "Reduced rate", 5% "Super reduced rate", 0% "Zero rate"; ids 1–4 on a fresh site) and the
 * fixture users (tests/wordpress/includes/Users.php).
 *
 * @package LibInvoice\Tests
 */

require dirname( __DIR__ ) . '/wp-config.php';
require_once dirname( __DIR__ ) . '/includes/Users.php';

$options = array(
	'woocommerce_default_country'    => 'HU',
	'woocommerce_currency'           => 'HUF',
	'woocommerce_price_num_decimals' => '0',
	'woocommerce_price_decimal_sep'  => ',',
	'woocommerce_price_thousand_sep' => ' ',
	'woocommerce_calc_taxes'         => 'yes',
	'woocommerce_prices_include_tax' => 'yes',
	'woocommerce_tax_based_on'       => 'billing',
	'woocommerce_shipping_tax_class' => 'inherit',
	'woocommerce_store_address'      => 'Fő utca 1.',
	'woocommerce_store_city'         => 'Budapest',
	'woocommerce_store_postcode'     => '1011',
	'woocommerce_cod_settings'       => array(
		'enabled' => 'yes',
		'title'   => 'Utánvét',
	),
	'woocommerce_bacs_settings'      => array(
		'enabled' => 'yes',
		'title'   => 'Banki átutalás',
	),
);
foreach ( $options as $name => $value ) {
	update_option( $name, $value );
}

if ( ! in_array( 'super-reduced-rate', WC_Tax::get_tax_class_slugs(), true ) ) {
	WC_Tax::create_tax_class( 'Super reduced rate', 'super-reduced-rate' );
}
$rates = array(
	''                   => 27,
	'reduced-rate'       => 18,
	'super-reduced-rate' => 5,
	'zero-rate'          => 0,
);
$ids   = array();
$order = 0;
foreach ( $rates as $class => $percent ) {
	$ids[ '' === $class ? 'standard' : $class ] = WC_Tax::_insert_tax_rate(
		array(
			'tax_rate_country'  => 'HU',
			'tax_rate_state'    => '',
			'tax_rate'          => (string) $percent,
			'tax_rate_name'     => "ÁFA {$percent}%",
			'tax_rate_priority' => 1,
			'tax_rate_compound' => 0,
			'tax_rate_shipping' => '' === $class ? 1 : 0,
			'tax_rate_order'    => $order++,
			'tax_rate_class'    => $class,
		)
	);
}
update_option( 'libinvoice_tests_tax_rate_ids', $ids );

foreach ( LibInvoice\WooCommerce\Tests\Users::create_all() as $key => $user_id ) {
	echo "user $key: $user_id\n";
}
echo 'shop configured: ' . wp_json_encode( $ids ) . "\n";
