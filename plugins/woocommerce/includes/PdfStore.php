<?php
/**
 * Invoice PDFs on disk, never under a URL.
 *
 * @package LibInvoice\WooCommerce
 */

namespace LibInvoice\WooCommerce;

defined( 'ABSPATH' ) || exit;

/**
 * Keeps PDFs in a private directory: `LIBINVOICE_PDF_DIR` when defined in wp-config.php, else
 * `libinvoice-pdfs` beside (not inside) the WordPress directory. Only where neither can be
 * written does it fall back to a directory in uploads whose name holds 128 random bits and which
 * refuses web access (.htaccess, index.php). File names carry random bits too, so no URL can be
 * guessed even there. PDFs are served only by PdfEndpoint.
 */
final class PdfStore {

	private const FALLBACK_OPTION = 'libinvoice_wc_pdf_dir_secret';

	public static function directory(): string {
		if ( defined( 'LIBINVOICE_PDF_DIR' ) ) {
			return self::prepared( (string) LIBINVOICE_PDF_DIR );
		}
		$beside_wordpress = dirname( untrailingslashit( ABSPATH ) ) . '/libinvoice-pdfs';
		if ( ( is_dir( $beside_wordpress ) || @mkdir( $beside_wordpress, 0750 ) ) && is_writable( $beside_wordpress ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors -- a read-only parent is expected.
			return $beside_wordpress;
		}
		$secret = get_option( self::FALLBACK_OPTION );
		if ( ! is_string( $secret ) || '' === $secret ) {
			add_option( self::FALLBACK_OPTION, bin2hex( random_bytes( 16 ) ), '', false );
			$secret = (string) get_option( self::FALLBACK_OPTION );
		}
		return self::prepared( wp_upload_dir( null, false )['basedir'] . '/libinvoice-' . $secret );
	}

	/** Writes a PDF and returns the file name to keep in the order's state. */
	public static function save( string $number, string $pdf ): string {
		$name = sanitize_file_name( $number ) . '-' . bin2hex( random_bytes( 8 ) ) . '.pdf';
		if ( false === file_put_contents( self::directory() . '/' . $name, $pdf ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions
			throw new \RuntimeException( 'cannot write the invoice PDF to the private PDF directory' );
		}
		return $name;
	}

	/** A stored PDF's bytes, or null when it is not (or no longer) there. */
	public static function read( string $name ): ?string {
		if ( '' === $name || basename( $name ) !== $name ) {
			return null;
		}
		$path = self::directory() . '/' . $name;
		$pdf  = is_file( $path ) ? file_get_contents( $path ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions
		return false === $pdf ? null : $pdf;
	}

	private static function prepared( string $directory ): string {
		$directory = untrailingslashit( $directory );
		if ( ! is_dir( $directory ) && ! wp_mkdir_p( $directory ) ) {
			throw new \RuntimeException( 'cannot create the private PDF directory' );
		}
		if ( ! file_exists( $directory . '/.htaccess' ) ) {
			file_put_contents( $directory . '/.htaccess', "Require all denied\nDeny from all\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
			file_put_contents( $directory . '/index.php', "<?php\n// Silence is golden.\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
		return $directory;
	}
}
