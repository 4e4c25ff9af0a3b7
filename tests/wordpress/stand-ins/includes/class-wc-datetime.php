<?php
/**
 * Stand-in: WC_DateTime, a DateTime that also knows a fixed UTC offset (sites without a named zone).
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

class WC_DateTime extends DateTime {

	/** @var int Seconds east of UTC when the site has an offset, not a zone name. */
	protected $utc_offset = 0;

	/** ISO 8601 (DATE_ATOM), as WooCommerce prints it. */
	public function __toString() {
		return $this->format( DATE_ATOM );
	}

	public function set_utc_offset( $offset ) {
		$this->utc_offset = intval( $offset );
	}

	#[\ReturnTypeWillChange]
	public function getOffset() {
		return 0 !== $this->utc_offset ? $this->utc_offset : parent::getOffset();
	}

	#[\ReturnTypeWillChange]
	public function setTimezone( $timezone ) {
		$this->utc_offset = 0;
		return parent::setTimezone( $timezone );
	}

	#[\ReturnTypeWillChange]
	public function getTimestamp() {
		return parent::getTimestamp();
	}

	/** The timestamp shifted by the offset: the local wall-clock time read as UTC. */
	public function getOffsetTimestamp() {
		return $this->getTimestamp() + $this->getOffset();
	}

	/** Formats the local time (gmdate on the offset timestamp). */
	public function date( $format ) {
		return gmdate( $format, $this->getOffsetTimestamp() );
	}

	public function date_i18n( $format = 'Y-m-d' ) {
		return date_i18n( $format, $this->getOffsetTimestamp() );
	}
}
