<?php
/**
 * Plugin Name: libinvoice test harness
 * Description: Loaded in every process of a test run (a must-use plugin): records "doing it
 *              wrong" and deprecation notices instead of raising them (the TestCase fails a test
 *              that caused one it did not expect), and catches wp_mail() (nothing is sent; the
 *              mails are readable in this process and, through LIBINVOICE_WP_MAIL_FILE, in others).
 *
 * @package LibInvoice\Tests
 */

final class LibInvoice_Test_Harness {

	/** @var array[] kind (doing_it_wrong, deprecated_function, …), function, message, version. */
	public static $notices = array();

	/** @var array[] to, subject, message, headers, attachments. */
	public static $mails = array();

	public static function install() {
		add_action( 'doing_it_wrong_run', array( __CLASS__, 'doing_it_wrong' ), 10, 3 );
		add_filter( 'doing_it_wrong_trigger_error', '__return_false' );
		add_action( 'deprecated_function_run', array( __CLASS__, 'deprecated_function' ), 10, 3 );
		add_filter( 'deprecated_function_trigger_error', '__return_false' );
		add_action( 'deprecated_argument_run', array( __CLASS__, 'deprecated_argument' ), 10, 3 );
		add_filter( 'deprecated_argument_trigger_error', '__return_false' );
		add_action( 'deprecated_hook_run', array( __CLASS__, 'deprecated_hook' ), 10, 4 );
		add_filter( 'deprecated_hook_trigger_error', '__return_false' );
	}

	public static function doing_it_wrong( $function, $message, $version ) {
		self::$notices[] = array(
			'kind'     => 'doing_it_wrong',
			'function' => (string) $function,
			'message'  => wp_strip_all_tags( (string) $message ),
			'version'  => (string) $version,
		);
	}

	public static function deprecated_function( $function, $replacement, $version ) {
		self::$notices[] = array(
			'kind'     => 'deprecated_function',
			'function' => (string) $function,
			'message'  => 'replacement: ' . (string) $replacement,
			'version'  => (string) $version,
		);
	}

	public static function deprecated_argument( $function, $message, $version ) {
		self::$notices[] = array(
			'kind'     => 'deprecated_argument',
			'function' => (string) $function,
			'message'  => (string) $message,
			'version'  => (string) $version,
		);
	}

	public static function deprecated_hook( $hook, $replacement, $version, $message ) {
		self::$notices[] = array(
			'kind'     => 'deprecated_hook',
			'function' => (string) $hook,
			'message'  => (string) $message,
			'version'  => (string) $version,
		);
	}

	public static function record_mail( array $mail ) {
		self::$mails[] = $mail;
		$file          = getenv( 'LIBINVOICE_WP_MAIL_FILE' );
		if ( $file ) {
			file_put_contents( $file, wp_json_encode( $mail ) . "\n", FILE_APPEND | LOCK_EX );
		}
	}
}

LibInvoice_Test_Harness::install();

if ( ! function_exists( 'wp_mail' ) ) {
	/**
	 * Catches the mail (pluggable wp_mail, with its filters) instead of sending it.
	 */
	function wp_mail( $to, $subject, $message, $headers = '', $attachments = array() ) {
		$atts = apply_filters( 'wp_mail', compact( 'to', 'subject', 'message', 'headers', 'attachments' ) );
		$pre  = apply_filters( 'pre_wp_mail', null, $atts );
		if ( null !== $pre ) {
			return $pre;
		}
		$mail = array(
			'to'          => is_array( $atts['to'] ) ? $atts['to'] : array_map( 'trim', explode( ',', (string) $atts['to'] ) ),
			'subject'     => (string) $atts['subject'],
			'message'     => (string) $atts['message'],
			'headers'     => $atts['headers'],
			'attachments' => array_map(
				function ( $path ) {
					return array(
						'name'  => basename( $path ),
						'bytes' => is_readable( $path ) ? filesize( $path ) : null,
					);
				},
				(array) $atts['attachments']
			),
		);
		LibInvoice_Test_Harness::record_mail( $mail );
		do_action( 'wp_mail_succeeded', $atts );
		return true;
	}
}
