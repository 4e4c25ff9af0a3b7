<?php
/**
 * The fixture users, created once per run by setup/shop.php: an administrator (the installer's
 * `admin`), a shop manager (WooCommerce's manage_woocommerce, edit_shop_orders, …), and two
 * customers with WooCommerce billing addresses in their user meta.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

final class Users {

	/** Fixture key → login, role, and user meta. */
	const USERS = array(
		'administrator' => array(
			'login' => 'admin',
			'role'  => 'administrator',
			'meta'  => array(),
		),
		'shop_manager'  => array(
			'login' => 'boltvezeto',
			'role'  => 'shop_manager',
			'meta'  => array(
				'first_name' => 'Bolt',
				'last_name'  => 'Vezető',
			),
		),
		'customer'      => array(
			'login' => 'kovacs.anna',
			'role'  => 'customer',
			'meta'  => array(
				'first_name'         => 'Anna',
				'last_name'          => 'Kovács',
				'billing_first_name' => 'Anna',
				'billing_last_name'  => 'Kovács',
				'billing_address_1'  => 'Váci út 12.',
				'billing_city'       => 'Budapest',
				'billing_postcode'   => '1132',
				'billing_country'    => 'HU',
				'billing_email'      => 'kovacs.anna@example.hu',
				'billing_phone'      => '+36301234567',
			),
		),
		'customer2'     => array(
			'login' => 'nagy.peter',
			'role'  => 'customer',
			'meta'  => array(
				'first_name'         => 'Péter',
				'last_name'          => 'Nagy',
				'billing_first_name' => 'Péter',
				'billing_last_name'  => 'Nagy',
				'billing_address_1'  => 'Kossuth Lajos utca 5.',
				'billing_city'       => 'Debrecen',
				'billing_postcode'   => '4024',
				'billing_country'    => 'HU',
				'billing_email'      => 'nagy.peter@example.hu',
			),
		),
	);

	/** @return array<string, int> Fixture key → user id. */
	public static function create_all() {
		$ids = array();
		foreach ( self::USERS as $key => $spec ) {
			$user = get_user_by( 'login', $spec['login'] );
			if ( ! $user ) {
				$id = wp_insert_user(
					array(
						'user_login' => $spec['login'],
						'user_email' => $spec['meta']['billing_email'] ?? $spec['login'] . '@example.org',
						'user_pass'  => wp_generate_password( 24 ),
						'role'       => $spec['role'],
						'first_name' => $spec['meta']['first_name'] ?? '',
						'last_name'  => $spec['meta']['last_name'] ?? '',
					)
				);
				if ( is_wp_error( $id ) ) {
					throw new \RuntimeException( "user {$key}: " . $id->get_error_message() );
				}
				$user = get_user_by( 'id', $id );
			}
			foreach ( $spec['meta'] as $meta_key => $value ) {
				update_user_meta( $user->ID, $meta_key, $value );
			}
			$ids[ $key ] = $user->ID;
		}
		return $ids;
	}

	/**
	 * @param string $key administrator, shop_manager, customer or customer2.
	 */
	public static function get( $key ) {
		if ( ! isset( self::USERS[ $key ] ) ) {
			throw new \InvalidArgumentException( "no fixture user '{$key}' (administrator, shop_manager, customer, customer2)" );
		}
		$user = get_user_by( 'login', self::USERS[ $key ]['login'] );
		if ( ! $user ) {
			throw new \RuntimeException( "fixture user '{$key}' does not exist: was setup/shop.php run?" );
		}
		return $user;
	}
}
