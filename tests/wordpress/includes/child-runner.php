<?php
/**
 * A child process of ChildProcess: loads WordPress (in the global scope, as a request does), makes
 * the requested user current, waits at the barrier, runs the snippet, and prints its result as
 * JSON after a marker line.
 *
 * @package LibInvoice\Tests
 */

$libinvoice_request = json_decode( file_get_contents( $argv[1] ), true );
if ( ! empty( $libinvoice_request['admin'] ) ) {
	define( 'WP_ADMIN', true );
}
require dirname( __DIR__ ) . '/wp-config.php';
require_once __DIR__ . '/Users.php';

$libinvoice_result = array(
	'return'    => null,
	'output'    => '',
	'exception' => null,
	'notices'   => array(),
);
register_shutdown_function(
	function () use ( &$libinvoice_result ) {
		if ( ! isset( $libinvoice_result['done'] ) ) {
			$error                          = error_get_last();
			$libinvoice_result['output']   .= ob_get_level() ? (string) ob_get_clean() : '';
			$libinvoice_result['exception'] = $error ? 'fatal: ' . $error['message'] . ' in ' . $error['file'] . ':' . $error['line'] : 'the snippet exited';
			$libinvoice_result['notices']   = LibInvoice_Test_Harness::$notices;
			echo "\n@@libinvoice-child-result@@" . json_encode( $libinvoice_result ); // phpcs:ignore
		}
	}
);
if ( ! empty( $libinvoice_request['user'] ) ) {
	wp_set_current_user( LibInvoice\WooCommerce\Tests\Users::get( $libinvoice_request['user'] )->ID );
}
if ( ! empty( $libinvoice_request['ready'] ) ) {
	touch( $libinvoice_request['ready'] );
	$libinvoice_deadline = microtime( true ) + 60;
	while ( ! file_exists( $libinvoice_request['go'] ) && microtime( true ) < $libinvoice_deadline ) {
		usleep( 1000 );
	}
}
ob_start();
try {
	$libinvoice_result['return'] = require $libinvoice_request['code_file'];
	if ( '__libinvoice_no_return__' === $libinvoice_result['return'] ) {
		$libinvoice_result['return'] = null; // No return statement.
	}
} catch ( Throwable $libinvoice_error ) {
	$libinvoice_result['exception'] = get_class( $libinvoice_error ) . ': ' . $libinvoice_error->getMessage();
}
$libinvoice_result['output']  = (string) ob_get_clean();
$libinvoice_result['notices'] = LibInvoice_Test_Harness::$notices;
$libinvoice_result['done']    = true;
echo "\n@@libinvoice-child-result@@" . json_encode( $libinvoice_result ); // phpcs:ignore
