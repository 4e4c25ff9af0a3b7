<?php
/**
 * Stand-in: WC_Admin_Settings — settings pages, messages, and the field renderer and saver
 * (field types title, info, sectionend, text and its HTML5 kin incl. password and number,
 * textarea, select, multiselect, radio, checkbox; other types fire
 * `woocommerce_admin_field_{type}`), with WooCommerce 8.9.3's markup names and sanitising:
 * checkbox → 'yes'/'no'; textarea → wp_kses_post(trim()); multiselect → wc_clean each, empty
 * dropped; select → a listed option or the default; others → wc_clean (an absent field saves '');
 * `id` (or `field_name`) `option[key]` saves into one array option. WC_STAND_IN_VERSION ≥ 10.9:
 * password fields are only trimmed, and skipped when absent.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_Admin_Settings {

	/** @var WC_Settings_Page[] */
	private static $settings = array();

	private static $errors = array();

	private static $messages = array();

	/**
	 * The settings pages (WooCommerce's own are not emulated): WC_Settings_Page is defined here,
	 * so plugins add theirs on `woocommerce_get_settings_pages`.
	 *
	 * @return WC_Settings_Page[]
	 */
	public static function get_settings_pages() {
		if ( empty( self::$settings ) ) {
			include_once __DIR__ . '/settings/class-wc-settings-page.php';
			self::$settings = apply_filters( 'woocommerce_get_settings_pages', array() );
		}
		return self::$settings;
	}

	/** Not WooCommerce API: forgets pages, messages and errors (between tests). */
	public static function reset_for_stand_in() {
		self::$settings = array();
		self::$errors   = array();
		self::$messages = array();
	}

	/** Not WooCommerce API: the messages and errors added so far. */
	public static function get_messages_for_stand_in() {
		return array(
			'messages' => self::$messages,
			'errors'   => self::$errors,
		);
	}

	/** Saves the current tab (nonce 'woocommerce-settings'), as the settings screen's POST does. */
	public static function save() {
		global $current_tab;
		check_admin_referer( 'woocommerce-settings' );
		do_action( 'woocommerce_settings_save_' . $current_tab );
		do_action( 'woocommerce_update_options_' . $current_tab );
		do_action( 'woocommerce_update_options' );
		self::add_message( __( 'Your settings have been saved.', 'woocommerce' ) );
		update_option( 'woocommerce_queue_flush_rewrite_rules', 'yes' );
		do_action( 'woocommerce_settings_saved' );
	}

	public static function add_message( $text ) {
		self::$messages[] = $text;
	}

	public static function add_error( $text ) {
		self::$errors[] = $text;
	}

	public static function show_messages() {
		if ( count( self::$errors ) > 0 ) {
			foreach ( self::$errors as $error ) {
				echo '<div id="message" class="error inline"><p><strong>' . esc_html( $error ) . '</strong></p></div>';
			}
		} elseif ( count( self::$messages ) > 0 ) {
			foreach ( self::$messages as $message ) {
				echo '<div id="message" class="updated inline"><p><strong>' . esc_html( $message ) . '</strong></p></div>';
			}
		}
	}

	/** The settings screen: tabs, messages, the current tab's sections and fields, in a form. */
	public static function output() {
		global $current_section, $current_tab;
		do_action( 'woocommerce_settings_start' );
		$tabs = apply_filters( 'woocommerce_settings_tabs_array', array() );
		echo '<div class="wrap woocommerce"><form method="post" id="mainform" action="" enctype="multipart/form-data"><nav class="nav-tab-wrapper woo-nav-tab-wrapper">';
		foreach ( $tabs as $slug => $label ) {
			echo '<a href="' . esc_url( admin_url( 'admin.php?page=wc-settings&tab=' . $slug ) ) . '" class="nav-tab ' . ( $current_tab === $slug ? 'nav-tab-active' : '' ) . '">' . esc_html( $label ) . '</a>';
		}
		echo '</nav>';
		do_action( 'woocommerce_sections_' . $current_tab );
		self::show_messages();
		do_action( 'woocommerce_settings_' . $current_tab );
		echo '<p class="submit"><button name="save" class="button-primary woocommerce-save-button" type="submit" value="' . esc_attr__( 'Save changes', 'woocommerce' ) . '">' . esc_html__( 'Save changes', 'woocommerce' ) . '</button>';
		wp_nonce_field( 'woocommerce-settings' );
		echo '</p></form></div>';
	}

	/**
	 * An option's value; `name[key]` reads one key of an array option. Strings are unslashed.
	 */
	public static function get_option( $option_name, $default = '' ) {
		if ( ! $option_name ) {
			return $default;
		}
		if ( strstr( $option_name, '[' ) ) {
			parse_str( $option_name, $option_array );
			$option_name = current( array_keys( $option_array ) );
			$values      = get_option( $option_name, '' );
			$key         = key( $option_array[ $option_name ] );
			$value       = isset( $values[ $key ] ) ? $values[ $key ] : null;
		} else {
			$value = get_option( $option_name, null );
		}
		if ( is_array( $value ) ) {
			$value = wp_unslash( $value );
		} elseif ( ! is_null( $value ) ) {
			$value = stripslashes( $value );
		}
		return null === $value ? $default : $value;
	}

	public static function output_fields( $options ) {
		foreach ( $options as $value ) {
			if ( ! isset( $value['type'] ) ) {
				continue;
			}
			$value = array_merge(
				array(
					'id'          => '',
					'class'       => '',
					'css'         => '',
					'default'     => '',
					'desc'        => '',
					'desc_tip'    => false,
					'placeholder' => '',
					'row_class'   => '',
					'suffix'      => '',
				),
				$value
			);
			if ( ! isset( $value['field_name'] ) ) {
				$value['field_name'] = $value['id'];
			}
			if ( ! isset( $value['title'] ) ) {
				$value['title'] = $value['name'] ?? '';
			}
			if ( ! isset( $value['value'] ) ) {
				$value['value'] = self::get_option( $value['id'], $value['default'] );
			}
			$attributes = array();
			foreach ( (array) ( $value['custom_attributes'] ?? array() ) as $attribute => $attribute_value ) {
				$attributes[] = esc_attr( $attribute ) . '="' . esc_attr( $attribute_value ) . '"';
			}
			$attributes  = implode( ' ', $attributes );
			$description = self::get_field_description( $value );
			$desc        = $description['description'];
			$tip         = $description['tooltip_html'];
			$label       = '<th scope="row" class="titledesc"><label for="' . esc_attr( $value['id'] ) . '">' . esc_html( $value['title'] ) . ' ' . $tip . '</label></th>';
			$row         = '<tr class="' . esc_attr( $value['row_class'] ) . '">';
			$cell        = '<td class="forminp forminp-' . esc_attr( sanitize_title( $value['type'] ) ) . '">';

			switch ( $value['type'] ) {
				case 'title':
					if ( ! empty( $value['title'] ) ) {
						echo '<h2>' . esc_html( $value['title'] ) . '</h2>';
					}
					if ( ! empty( $value['desc'] ) ) {
						echo '<div id="' . esc_attr( sanitize_title( $value['id'] ) ) . '-description">' . wp_kses_post( wpautop( wptexturize( $value['desc'] ) ) ) . '</div>';
					}
					echo "<table class=\"form-table\">\n\n";
					if ( ! empty( $value['id'] ) ) {
						do_action( 'woocommerce_settings_' . sanitize_title( $value['id'] ) );
					}
					break;
				case 'info':
					echo $row . '<th scope="row" class="titledesc">' . esc_html( $value['title'] ) . '</th><td style="' . esc_attr( $value['css'] ) . '">' . wp_kses_post( wpautop( wptexturize( $value['text'] ?? '' ) ) ) . '</td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					break;
				case 'sectionend':
					if ( ! empty( $value['id'] ) ) {
						do_action( 'woocommerce_settings_' . sanitize_title( $value['id'] ) . '_end' );
					}
					echo '</table>';
					if ( ! empty( $value['id'] ) ) {
						do_action( 'woocommerce_settings_' . sanitize_title( $value['id'] ) . '_after' );
					}
					break;
				case 'text':
				case 'password':
				case 'datetime':
				case 'datetime-local':
				case 'date':
				case 'month':
				case 'time':
				case 'week':
				case 'number':
				case 'email':
				case 'url':
				case 'tel':
					echo $row . $label . $cell . '<input name="' . esc_attr( $value['field_name'] ) . '" id="' . esc_attr( $value['id'] ) . '" type="' . esc_attr( $value['type'] ) . '" style="' . esc_attr( $value['css'] ) . '" value="' . esc_attr( $value['value'] ) . '" class="' . esc_attr( $value['class'] ) . '" placeholder="' . esc_attr( $value['placeholder'] ) . '" ' . $attributes . ' />' . esc_html( $value['suffix'] ) . ' ' . $desc . '</td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					break;
				case 'textarea':
					echo $row . $label . $cell . $desc . '<textarea name="' . esc_attr( $value['field_name'] ) . '" id="' . esc_attr( $value['id'] ) . '" style="' . esc_attr( $value['css'] ) . '" class="' . esc_attr( $value['class'] ) . '" placeholder="' . esc_attr( $value['placeholder'] ) . '" ' . $attributes . '>' . esc_textarea( $value['value'] ) . '</textarea></td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					break;
				case 'select':
				case 'multiselect':
					$multiple = 'multiselect' === $value['type'];
					echo $row . $label . $cell . '<select name="' . esc_attr( $value['field_name'] ) . ( $multiple ? '[]' : '' ) . '" id="' . esc_attr( $value['id'] ) . '" style="' . esc_attr( $value['css'] ) . '" class="' . esc_attr( $value['class'] ) . '" ' . $attributes . ( $multiple ? ' multiple="multiple"' : '' ) . '>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					foreach ( (array) ( $value['options'] ?? array() ) as $key => $text ) {
						$selected = is_array( $value['value'] ) ? in_array( (string) $key, $value['value'], true ) : (string) $value['value'] === (string) $key;
						echo '<option value="' . esc_attr( $key ) . '"' . ( $selected ? " selected='selected'" : '' ) . '>' . esc_html( $text ) . '</option>';
					}
					echo '</select> ' . $desc . '</td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					break;
				case 'radio':
					echo $row . $label . $cell . '<fieldset>' . wp_kses_post( $desc ) . '<ul>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					foreach ( (array) ( $value['options'] ?? array() ) as $key => $text ) {
						echo '<li><label><input name="' . esc_attr( $value['field_name'] ) . '" value="' . esc_attr( $key ) . '" type="radio" class="' . esc_attr( $value['class'] ) . '" ' . $attributes . ( (string) $key === (string) $value['value'] ? " checked='checked'" : '' ) . ' /> ' . esc_html( $text ) . '</label></li>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					}
					echo '</ul></fieldset></td></tr>';
					break;
				case 'checkbox':
					$start = ! isset( $value['checkboxgroup'] ) || 'start' === $value['checkboxgroup'];
					$end   = ! isset( $value['checkboxgroup'] ) || 'end' === $value['checkboxgroup'];
					if ( $start ) {
						echo '<tr class="' . esc_attr( $value['row_class'] ) . '"><th scope="row" class="titledesc">' . esc_html( $value['title'] ) . '</th><td class="forminp forminp-checkbox"><fieldset>';
					} else {
						echo '<fieldset>';
					}
					echo '<label for="' . esc_attr( $value['id'] ) . '"><input name="' . esc_attr( $value['field_name'] ) . '" id="' . esc_attr( $value['id'] ) . '" type="checkbox" class="' . esc_attr( $value['class'] ) . '" value="1"' . ( 'yes' === $value['value'] ? " checked='checked'" : '' ) . ( ! empty( $value['disabled'] ) ? " disabled='disabled'" : '' ) . ' ' . $attributes . ' /> ' . $desc . '</label> ' . $tip; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
					echo $end ? '</fieldset></td></tr>' : '</fieldset>';
					break;
				default:
					do_action( 'woocommerce_admin_field_' . $value['type'], $value );
					break;
			}
		}
	}

	/** @return array{description: string, tooltip_html: string} */
	public static function get_field_description( $value ) {
		$description = '';
		$tooltip     = '';
		if ( true === $value['desc_tip'] ) {
			$tooltip = $value['desc'];
		} elseif ( ! empty( $value['desc_tip'] ) ) {
			$description = $value['desc'];
			$tooltip     = $value['desc_tip'];
		} elseif ( ! empty( $value['desc'] ) ) {
			$description = $value['desc'];
		}
		if ( $description && in_array( $value['type'], array( 'textarea', 'radio' ), true ) ) {
			$description = '<p style="margin-top:0">' . wp_kses_post( $description ) . '</p>';
		} elseif ( $description && 'checkbox' === $value['type'] ) {
			$description = wp_kses_post( $description );
		} elseif ( $description ) {
			$description = '<p class="description">' . wp_kses_post( $description ) . '</p>';
		}
		if ( $tooltip && 'checkbox' === $value['type'] ) {
			$tooltip = '<p class="description">' . $tooltip . '</p>';
		} elseif ( $tooltip ) {
			$tooltip = wc_help_tip( $tooltip );
		}
		return array(
			'description'  => $description,
			'tooltip_html' => $tooltip,
		);
	}

	/**
	 * Saves the posted value of every field that has an id and a type (and no 'is_option' =>
	 * false), sanitised by type, filtered by `woocommerce_admin_settings_sanitize_option` and
	 * `woocommerce_admin_settings_sanitize_option_{name}`; a null value is not saved.
	 *
	 * @param array      $options The fields.
	 * @param array|null $data    Posted data; default $_POST (slashed, as WordPress keeps it).
	 * @return bool False when there is no data.
	 */
	public static function save_fields( $options, $data = null ) {
		if ( is_null( $data ) ) {
			$data = $_POST; // phpcs:ignore WordPress.Security.NonceVerification.Missing
		}
		if ( empty( $data ) ) {
			return false;
		}
		$update   = array();
		$autoload = array();
		foreach ( $options as $option ) {
			if ( ! isset( $option['id'] ) || ! isset( $option['type'] ) || ( isset( $option['is_option'] ) && false === $option['is_option'] ) ) {
				continue;
			}
			$option_name = $option['field_name'] ?? $option['id'];
			if ( strstr( $option_name, '[' ) ) {
				parse_str( $option_name, $name_array );
				$option_name  = current( array_keys( $name_array ) );
				$setting_name = key( $name_array[ $option_name ] );
				$raw_value    = isset( $data[ $option_name ][ $setting_name ] ) ? wp_unslash( $data[ $option_name ][ $setting_name ] ) : null;
			} else {
				$setting_name = '';
				$raw_value    = isset( $data[ $option_name ] ) ? wp_unslash( $data[ $option_name ] ) : null;
			}
			switch ( $option['type'] ) {
				case 'checkbox':
					$value = '1' === $raw_value || 'yes' === $raw_value ? 'yes' : 'no';
					break;
				case 'textarea':
					$value = wp_kses_post( trim( (string) $raw_value ) );
					break;
				case 'multiselect':
				case 'multi_select_countries':
					$value = array_filter( array_map( 'wc_clean', (array) $raw_value ) );
					break;
				case 'select':
					$allowed = empty( $option['options'] ) ? array() : array_map( 'strval', array_keys( $option['options'] ) );
					if ( empty( $option['default'] ) && empty( $allowed ) ) {
						$value = null;
						break;
					}
					$default = empty( $option['default'] ) ? $allowed[0] : $option['default'];
					$value   = in_array( $raw_value, $allowed, true ) ? $raw_value : $default;
					break;
				case 'password':
					if ( wc_stand_in_version_at_least( '10.9' ) ) {
						$value = is_string( $raw_value ) ? trim( $raw_value ) : null;
						break;
					}
					$value = wc_clean( $raw_value );
					break;
				default:
					$value = wc_clean( $raw_value );
					break;
			}
			$value = apply_filters( 'woocommerce_admin_settings_sanitize_option', $value, $option, $raw_value );
			$value = apply_filters( "woocommerce_admin_settings_sanitize_option_$option_name", $value, $option, $raw_value );
			if ( is_null( $value ) ) {
				continue;
			}
			if ( $option_name && $setting_name ) {
				if ( ! isset( $update[ $option_name ] ) ) {
					$update[ $option_name ] = get_option( $option_name, array() );
				}
				if ( ! is_array( $update[ $option_name ] ) ) {
					$update[ $option_name ] = array();
				}
				$update[ $option_name ][ $setting_name ] = $value;
			} else {
				$update[ $option_name ] = $value;
			}
			$autoload[ $option_name ] = isset( $option['autoload'] ) ? (bool) $option['autoload'] : true;
			do_action( 'woocommerce_update_option', $option );
		}
		foreach ( $update as $name => $value ) {
			update_option( $name, $value, $autoload[ $name ] ? 'yes' : 'no' );
		}
		return true;
	}
}
