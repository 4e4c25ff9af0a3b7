<?php
/**
 * Stand-in: WC_Logger_Interface, WC_Log_Levels, WC_Logger. Every entry goes to a sink tests read:
 * WC_Stand_In_Log::entries() (this process) and, when LIBINVOICE_WP_LOG_FILE is set (run.sh sets
 * it), one JSON line per entry in that file (every process, so entries logged by a child process
 * or a scheduled action are visible too).
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

interface WC_Logger_Interface {

	public function add( $handle, $message, $level = WC_Log_Levels::NOTICE );

	public function log( $level, $message, $context = array() );

	public function emergency( $message, $context = array() );

	public function alert( $message, $context = array() );

	public function critical( $message, $context = array() );

	public function error( $message, $context = array() );

	public function warning( $message, $context = array() );

	public function notice( $message, $context = array() );

	public function info( $message, $context = array() );

	public function debug( $message, $context = array() );
}

abstract class WC_Log_Levels {

	const EMERGENCY = 'emergency';
	const ALERT     = 'alert';
	const CRITICAL  = 'critical';
	const ERROR     = 'error';
	const WARNING   = 'warning';
	const NOTICE    = 'notice';
	const INFO      = 'info';
	const DEBUG     = 'debug';

	protected static $level_to_severity = array(
		self::EMERGENCY => 800,
		self::ALERT     => 700,
		self::CRITICAL  => 600,
		self::ERROR     => 500,
		self::WARNING   => 400,
		self::NOTICE    => 300,
		self::INFO      => 200,
		self::DEBUG     => 100,
	);

	public static function is_valid_level( $level ) {
		return is_string( $level ) && array_key_exists( strtolower( $level ), self::$level_to_severity );
	}

	public static function get_level_severity( $level ) {
		return self::is_valid_level( $level ) ? self::$level_to_severity[ strtolower( $level ) ] : 0;
	}
}

class WC_Logger implements WC_Logger_Interface {

	public function add( $handle, $message, $level = WC_Log_Levels::NOTICE ) {
		$message = apply_filters( 'woocommerce_logger_add_message', $message, $handle );
		$this->log(
			$level,
			$message,
			array(
				'source'  => $handle,
				'_legacy' => true,
			)
		);
		return true;
	}

	public function log( $level, $message, $context = array() ) {
		if ( ! WC_Log_Levels::is_valid_level( $level ) ) {
			wc_doing_it_wrong( __METHOD__, sprintf( 'WC_Logger::log was called with an invalid level "%s".', $level ), '3.0' );
		}
		$message = apply_filters( 'woocommerce_logger_log_message', $message, $level, $context, null );
		if ( null !== $message ) {
			WC_Stand_In_Log::record( (string) $level, (string) $message, (array) $context );
		}
	}

	public function emergency( $message, $context = array() ) {
		$this->log( WC_Log_Levels::EMERGENCY, $message, $context );
	}

	public function alert( $message, $context = array() ) {
		$this->log( WC_Log_Levels::ALERT, $message, $context );
	}

	public function critical( $message, $context = array() ) {
		$this->log( WC_Log_Levels::CRITICAL, $message, $context );
	}

	public function error( $message, $context = array() ) {
		$this->log( WC_Log_Levels::ERROR, $message, $context );
	}

	public function warning( $message, $context = array() ) {
		$this->log( WC_Log_Levels::WARNING, $message, $context );
	}

	public function notice( $message, $context = array() ) {
		$this->log( WC_Log_Levels::NOTICE, $message, $context );
	}

	public function info( $message, $context = array() ) {
		$this->log( WC_Log_Levels::INFO, $message, $context );
	}

	public function debug( $message, $context = array() ) {
		$this->log( WC_Log_Levels::DEBUG, $message, $context );
	}

	public function clear( $source = '' ) {
		return true;
	}
}

/**
 * The harness's log sink (not WooCommerce API).
 */
final class WC_Stand_In_Log {

	/** @var array[] Entries of this process: level, source, message, context. */
	private static $entries = array();

	public static function record( $level, $message, array $context ) {
		$entry           = array(
			'level'   => $level,
			'source'  => isset( $context['source'] ) ? (string) $context['source'] : '',
			'message' => $message,
			'context' => self::describe( $context ),
			'pid'     => getmypid(),
		);
		self::$entries[] = $entry;
		$file            = getenv( 'LIBINVOICE_WP_LOG_FILE' );
		if ( $file ) {
			file_put_contents( $file, wp_json_encode( $entry ) . "\n", FILE_APPEND | LOCK_EX );
		}
	}

	/**
	 * Entries of this process, or with $all_processes those of every process since the file
	 * was last cleared.
	 *
	 * @return array[]
	 */
	public static function entries( $all_processes = false ) {
		$file = getenv( 'LIBINVOICE_WP_LOG_FILE' );
		if ( ! $all_processes || ! $file ) {
			return self::$entries;
		}
		$entries = array();
		foreach ( file_exists( $file ) ? file( $file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES ) : array() as $line ) {
			$entries[] = json_decode( $line, true );
		}
		return $entries;
	}

	public static function clear() {
		self::$entries = array();
		$file          = getenv( 'LIBINVOICE_WP_LOG_FILE' );
		if ( $file && file_exists( $file ) ) {
			file_put_contents( $file, '' );
		}
	}

	/** Context values as strings: objects by class (exceptions with their message). */
	private static function describe( array $context ) {
		$described = array();
		foreach ( $context as $key => $value ) {
			if ( $value instanceof Throwable ) {
				$described[ $key ] = get_class( $value ) . ': ' . $value->getMessage();
			} elseif ( $value instanceof WC_Data ) {
				$described[ $key ] = get_class( $value ) . '#' . $value->get_id();
			} elseif ( is_object( $value ) ) {
				$described[ $key ] = get_class( $value );
			} elseif ( is_array( $value ) ) {
				$described[ $key ] = wp_json_encode( $value );
			} else {
				$described[ $key ] = is_bool( $value ) ? ( $value ? 'true' : 'false' ) : (string) $value;
			}
		}
		return $described;
	}
}
