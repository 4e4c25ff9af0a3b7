<?php
/**
 * Stand-in: WC_Settings_Page as in WooCommerce 8+: sections from get_own_sections() (filtered by
 * `woocommerce_get_sections_{id}`), a section's settings from get_settings_for_{section}_section()
 * (get_settings_for_default_section() for ''), filtered by `woocommerce_get_settings_{id}`; output
 * and save through WC_Admin_Settings for the global $current_section.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

if ( ! class_exists( 'WC_Settings_Page', false ) ) :

	abstract class WC_Settings_Page {

		protected $id = '';

		protected $label = '';

		public function __construct() {
			add_filter( 'woocommerce_settings_tabs_array', array( $this, 'add_settings_page' ), 20 );
			add_action( 'woocommerce_sections_' . $this->id, array( $this, 'output_sections' ) );
			add_action( 'woocommerce_settings_' . $this->id, array( $this, 'output' ) );
			add_action( 'woocommerce_settings_save_' . $this->id, array( $this, 'save' ) );
		}

		public function get_id() {
			return $this->id;
		}

		public function get_label() {
			return $this->label;
		}

		public function add_settings_page( $pages ) {
			$pages[ $this->id ] = $this->label;
			return $pages;
		}

		/** Deprecated in WooCommerce but still called by output() and save(): the given section's settings. */
		public function get_settings() {
			$section_id = 0 === func_num_args() ? '' : func_get_arg( 0 );
			return $this->get_settings_for_section( $section_id );
		}

		final public function get_settings_for_section( $section_id ) {
			$method = '' === $section_id ? 'get_settings_for_default_section' : "get_settings_for_{$section_id}_section";
			$settings = method_exists( $this, $method ) ? $this->$method() : $this->get_settings_for_section_core( $section_id );
			return apply_filters( 'woocommerce_get_settings_' . $this->id, $settings, $section_id );
		}

		protected function get_settings_for_section_core( $section_id ) {
			return array();
		}

		public function get_sections() {
			return (array) apply_filters( 'woocommerce_get_sections_' . $this->id, $this->get_own_sections() );
		}

		protected function get_own_sections() {
			return array( '' => __( 'General', 'woocommerce' ) );
		}

		public function output_sections() {
			global $current_section;
			$sections = $this->get_sections();
			if ( empty( $sections ) || 1 === count( $sections ) ) {
				return;
			}
			echo '<ul class="subsubsub">';
			$keys = array_keys( $sections );
			foreach ( $sections as $id => $label ) {
				$url = admin_url( 'admin.php?page=wc-settings&tab=' . $this->id . '&section=' . sanitize_title( $id ) );
				echo '<li><a href="' . esc_url( $url ) . '" class="' . ( $current_section === $id ? 'current' : '' ) . '">' . esc_html( $label ) . '</a> ' . ( end( $keys ) === $id ? '' : '|' ) . ' </li>';
			}
			echo '</ul><br class="clear" />';
		}

		public function output() {
			global $current_section;
			WC_Admin_Settings::output_fields( $this->get_settings( $current_section ) );
		}

		public function save() {
			$this->save_settings_for_current_section();
			$this->do_update_options_action();
		}

		protected function save_settings_for_current_section() {
			global $current_section;
			WC_Admin_Settings::save_fields( $this->get_settings( $current_section ) );
		}

		protected function do_update_options_action( $section_id = null ) {
			global $current_section;
			if ( is_null( $section_id ) ) {
				$section_id = $current_section;
			}
			if ( $section_id ) {
				do_action( 'woocommerce_update_options_' . $this->id . '_' . $section_id );
			}
		}
	}

endif;
