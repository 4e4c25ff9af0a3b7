<?php
/**
 * Stand-in: the Action Scheduler API functions, with Action Scheduler 3.7.4's signatures.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

/**
 * @return int The action id; 0 when $unique found a pending or running one (3.x: same hook and
 *             group, whatever the args; 4.x: same args too), or before `init`.
 */
function as_enqueue_async_action( $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return 0;
	}
	$pre = apply_filters( 'pre_as_enqueue_async_action', null, $hook, $args, $group, $priority );
	if ( null !== $pre ) {
		return is_int( $pre ) ? $pre : 0;
	}
	return ActionScheduler_Store::instance()->save_action( $hook, (array) $args, new ActionScheduler_NullSchedule(), $group, $unique, $priority );
}

/**
 * @param int $timestamp UTC timestamp.
 * @return int The action id (0: see as_enqueue_async_action).
 */
function as_schedule_single_action( $timestamp, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return 0;
	}
	$pre = apply_filters( 'pre_as_schedule_single_action', null, $timestamp, $hook, $args, $group, $priority );
	if ( null !== $pre ) {
		return is_int( $pre ) ? $pre : 0;
	}
	return ActionScheduler_Store::instance()->save_action( $hook, (array) $args, new ActionScheduler_SimpleSchedule( new DateTime( '@' . (int) $timestamp ) ), $group, $unique, $priority );
}

/**
 * @return int The action id (0: see as_enqueue_async_action).
 */
function as_schedule_recurring_action( $timestamp, $interval_in_seconds, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return 0;
	}
	$interval = (int) $interval_in_seconds;
	if ( $interval <= 0 ) {
		_doing_it_wrong( __FUNCTION__, 'Recurring actions need an interval greater than 0.', '3.x' );
		return 0;
	}
	$pre = apply_filters( 'pre_as_schedule_recurring_action', null, $timestamp, $interval_in_seconds, $hook, $args, $group, $priority );
	if ( null !== $pre ) {
		return is_int( $pre ) ? $pre : 0;
	}
	return ActionScheduler_Store::instance()->save_action( $hook, (array) $args, new ActionScheduler_IntervalSchedule( new DateTime( '@' . (int) $timestamp ), $interval ), $group, $unique, $priority );
}

/**
 * Cancels the next pending action with this hook (and args and group when given).
 *
 * @return int|null The canceled id.
 */
function as_unschedule_action( $hook, $args = array(), $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return 0;
	}
	$params = array(
		'hook'    => $hook,
		'status'  => ActionScheduler_Store::STATUS_PENDING,
		'orderby' => 'date',
		'order'   => 'ASC',
		'group'   => $group,
	);
	if ( is_array( $args ) ) {
		$params['args'] = $args;
	}
	$action_id = ActionScheduler_Store::instance()->query_action( $params );
	if ( $action_id ) {
		ActionScheduler_Store::instance()->cancel_action( $action_id );
	}
	return $action_id;
}

function as_unschedule_all_actions( $hook, $args = array(), $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return;
	}
	if ( empty( $args ) ) {
		if ( ! empty( $hook ) && empty( $group ) ) {
			ActionScheduler_Store::instance()->cancel_actions_by_hook( $hook );
			return;
		}
		if ( ! empty( $group ) && empty( $hook ) ) {
			ActionScheduler_Store::instance()->cancel_actions_by_group( $group );
			return;
		}
	}
	do {
		$canceled = as_unschedule_action( $hook, $args, $group );
	} while ( ! empty( $canceled ) );
}

/**
 * @param array|null $args Null: any args.
 * @return int|bool The next pending run's timestamp; true if one is running or a pending one is
 *                  async; false if none.
 */
function as_next_scheduled_action( $hook, $args = null, $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return false;
	}
	$params = array(
		'hook'    => $hook,
		'orderby' => 'date',
		'order'   => 'ASC',
		'group'   => $group,
	);
	if ( is_array( $args ) ) {
		$params['args'] = $args;
	}
	$params['status'] = ActionScheduler_Store::STATUS_RUNNING;
	if ( ActionScheduler_Store::instance()->query_action( $params ) ) {
		return true;
	}
	$params['status'] = ActionScheduler_Store::STATUS_PENDING;
	$action_id        = ActionScheduler_Store::instance()->query_action( $params );
	if ( null === $action_id ) {
		return false;
	}
	$date = ActionScheduler_Store::instance()->fetch_action( $action_id )->get_schedule()->get_date();
	return $date ? (int) $date->format( 'U' ) : true;
}

/**
 * @param array|null $args Null: any args.
 */
function as_has_scheduled_action( $hook, $args = null, $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return false;
	}
	$query = array(
		'hook'    => $hook,
		'status'  => array( ActionScheduler_Store::STATUS_RUNNING, ActionScheduler_Store::STATUS_PENDING ),
		'group'   => $group,
		'orderby' => 'none',
	);
	if ( null !== $args ) {
		$query['args'] = $args;
	}
	return null !== ActionScheduler_Store::instance()->query_action( $query );
}

/**
 * @param array  $args          hook, args, group, status, claimed, date, date_compare, per_page
 *                              (default 5!), offset, orderby, order.
 * @param string $return_format OBJECT, ARRAY_A or 'ids'.
 * @return array Actions (or ids) by id.
 */
function as_get_scheduled_actions( $args = array(), $return_format = OBJECT ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return array();
	}
	if ( isset( $args['date'] ) ) {
		$args['date'] = as_get_datetime_object( $args['date'] );
	}
	$ids = ActionScheduler_Store::instance()->query_actions( $args );
	if ( 'ids' === $return_format || 'int' === $return_format ) {
		return $ids;
	}
	$actions = array();
	foreach ( $ids as $id ) {
		$actions[ $id ] = ActionScheduler_Store::instance()->fetch_action( $id );
	}
	if ( ARRAY_A === $return_format ) {
		foreach ( $actions as $id => $action ) {
			$actions[ $id ] = array(
				'hook'     => $action->get_hook(),
				'args'     => $action->get_args(),
				'group'    => $action->get_group(),
				'schedule' => $action->get_schedule(),
				'priority' => $action->get_priority(),
			);
		}
	}
	return $actions;
}

/**
 * @return DateTime In $timezone.
 */
function as_get_datetime_object( $date_string = null, $timezone = 'UTC' ) {
	if ( $date_string instanceof DateTime ) {
		return new DateTime( $date_string->format( 'Y-m-d H:i:s' ), new DateTimeZone( $timezone ) );
	}
	if ( is_numeric( $date_string ) ) {
		return new DateTime( '@' . $date_string, new DateTimeZone( $timezone ) );
	}
	return new DateTime( null === $date_string ? 'now' : $date_string, new DateTimeZone( $timezone ) );
}
