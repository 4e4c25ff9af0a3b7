<?php
/**
 * Runs PHP snippets in processes of their own with WordPress loaded (child-runner.php), the same
 * PHP and extension as the test process, for tests that need a second request or racing workers.
 *
 * @package LibInvoice\Tests
 */

namespace LibInvoice\WooCommerce\Tests;

final class ChildProcess {

	const MARKER = "\n@@libinvoice-child-result@@";

	/** What a snippet without a return statement returns (reported as null). */
	const NO_RETURN = '__libinvoice_no_return__';

	/** @see TestCase::run_php() */
	public static function run( string $code, array $options = array() ): array {
		return self::run_parallel( array( $code ), $options + array( 'barrier' => false ) )[0];
	}

	/** @see TestCase::run_php_parallel() */
	public static function run_parallel( array $codes, array $options = array() ): array {
		$options = $options + array(
			'user'    => null,
			'admin'   => false,
			'timeout'   => 60,
			'barrier'   => true,
			'extension' => true,
		);
		$dir     = self::scratch_dir();
		$go      = $dir . '/go';
		$started = array();
		foreach ( array_values( $codes ) as $index => $code ) {
			$code_file    = "{$dir}/snippet-{$index}.php";
			$request_file = "{$dir}/request-{$index}.json";
			file_put_contents( $code_file, "<?php\n" . $code . "\nreturn " . var_export( self::NO_RETURN, true ) . ";\n" );
			file_put_contents(
				$request_file,
				wp_json_encode(
					array(
						'code_file' => $code_file,
						'user'      => $options['user'],
						'admin'     => (bool) $options['admin'],
						'ready'     => $options['barrier'] ? "{$dir}/ready-{$index}" : null,
						'go'        => $options['barrier'] ? $go : null,
					)
				)
			);
			$command = array( PHP_BINARY );
			foreach ( $options['extension'] ? self::php_flags() : array() as $flag ) {
				$command[] = $flag;
			}
			$command[] = __DIR__ . '/child-runner.php';
			$command[] = $request_file;
			$pipes     = array();
			$process   = proc_open( $command, array( 0 => array( 'pipe', 'r' ), 1 => array( 'file', "{$dir}/stdout-{$index}", 'w' ), 2 => array( 'file', "{$dir}/stderr-{$index}", 'w' ) ), $pipes );
			if ( ! is_resource( $process ) ) {
				throw new \RuntimeException( 'could not start a PHP process' );
			}
			fclose( $pipes[0] );
			$started[ $index ] = $process;
		}
		$deadline = microtime( true ) + $options['timeout'];
		if ( $options['barrier'] ) {
			// Release every process at once, after all have loaded WordPress (or ended early).
			do {
				$waiting = 0;
				foreach ( $started as $index => $process ) {
					if ( ! file_exists( "{$dir}/ready-{$index}" ) && proc_get_status( $process )['running'] ) {
						++$waiting;
					}
				}
				if ( $waiting ) {
					usleep( 5000 );
				}
			} while ( $waiting && microtime( true ) < $deadline );
			touch( $go );
		}
		$results = array();
		foreach ( $started as $index => $process ) {
			$exit_code = null;
			while ( true ) {
				$status = proc_get_status( $process );
				if ( ! $status['running'] ) {
					$exit_code = $status['exitcode'];
					break;
				}
				if ( microtime( true ) > $deadline ) {
					proc_terminate( $process, 9 );
					$exit_code = -1;
					break;
				}
				usleep( 5000 );
			}
			proc_close( $process );
			$results[ $index ] = self::result( (string) file_get_contents( "{$dir}/stdout-{$index}" ), (string) file_get_contents( "{$dir}/stderr-{$index}" ), $exit_code );
		}
		self::remove( $dir );
		return $results;
	}

	/** -d flags: the extension under test (php-with-extension keeps the same ini scan dir in the environment). */
	private static function php_flags(): array {
		$flags     = array();
		$extension = getenv( 'LIBINVOICE_PHP_EXTENSION' );
		if ( $extension ) {
			$flags[] = '-d';
			$flags[] = 'extension=' . $extension;
		}
		return $flags;
	}

	private static function result( string $stdout, string $stderr, ?int $exit_code ): array {
		$position = strrpos( $stdout, self::MARKER );
		$decoded  = false !== $position ? json_decode( substr( $stdout, $position + strlen( self::MARKER ) ), true ) : null;
		if ( ! is_array( $decoded ) ) {
			$decoded = array(
				'return'    => null,
				'output'    => $stdout,
				'exception' => 'the child process ended without a result (a fatal error?)',
				'notices'   => array(),
			);
		}
		$decoded['exit_code'] = $exit_code;
		$decoded['stderr']    = $stderr;
		return $decoded;
	}

	private static function scratch_dir(): string {
		$base = getenv( 'LIBINVOICE_WP_DIR' ) ? getenv( 'LIBINVOICE_WP_DIR' ) : sys_get_temp_dir();
		$dir  = $base . '/child-' . getmypid() . '-' . bin2hex( random_bytes( 4 ) );
		mkdir( $dir, 0700, true );
		return $dir;
	}

	private static function remove( string $dir ): void {
		foreach ( glob( $dir . '/*' ) as $file ) {
			unlink( $file );
		}
		rmdir( $dir );
	}
}
