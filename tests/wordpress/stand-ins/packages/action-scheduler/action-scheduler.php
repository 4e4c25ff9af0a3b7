<?php
/**
 * Stand-in: Action Scheduler 3.7.4 as bundled with WooCommerce 8.9.3 (4.0.0 semantics when
 * WC_STAND_IN_VERSION ≥ 11): the as_* API, actions in `{prefix}actionscheduler_actions` (groups,
 * claims and logs in their tables), claimed atomically so concurrent runners never run an action
 * twice, and run on demand by WC_Stand_In_Action_Scheduler::run() — there is no WP-Cron or async
 * request runner. An action runs as `do_action_ref_array( $hook, array_values( $args ) )`.
 *
 * @package LibInvoice\Tests
 */

defined( 'ABSPATH' ) || exit;

abstract class ActionScheduler {

	/** @var bool */
	private static $data_store_initialized = false;

	/**
	 * Ready after `init` priority 1 (then `action_scheduler_init`), as Action Scheduler is; before
	 * that the as_* functions are "doing it wrong" and do nothing.
	 */
	public static function init() {
		if ( did_action( 'init' ) ) {
			self::mark_initialized();
		} else {
			add_action( 'init', array( __CLASS__, 'mark_initialized' ), 1, 0 );
		}
	}

	public static function mark_initialized() {
		self::$data_store_initialized = true;
		do_action( 'action_scheduler_init' );
	}

	public static function is_initialized( $function_name = null ) {
		if ( ! self::$data_store_initialized && ! empty( $function_name ) ) {
			_doing_it_wrong( esc_html( $function_name ), esc_html( sprintf( '%s() was called before the Action Scheduler data store was initialized', $function_name ) ), '3.1.6' );
		}
		return self::$data_store_initialized;
	}

	/** @return ActionScheduler_Store */
	public static function store() {
		return ActionScheduler_Store::instance();
	}

	/** @return WC_Stand_In_Action_Scheduler */
	public static function runner() {
		return new WC_Stand_In_Action_Scheduler();
	}

	/** Action Scheduler 4's per-args uniqueness (WooCommerce 11); 3.x compares hook and group only. */
	public static function unique_includes_args() {
		return version_compare( WC_VERSION, '11.0', '>=' );
	}
}

class ActionScheduler_Action {

	protected $hook;

	protected $args;

	protected $schedule;

	protected $group;

	protected $priority;

	protected $status;

	public function __construct( $hook, array $args = array(), $schedule = null, $group = '', $priority = 10, $status = 'pending' ) {
		$this->hook     = $hook;
		$this->args     = $args;
		$this->schedule = $schedule ? $schedule : new ActionScheduler_NullSchedule();
		$this->group    = $group;
		$this->priority = $priority;
		$this->status   = $status;
	}

	/**
	 * @throws Exception No callback is hooked.
	 */
	public function execute() {
		if ( ! has_action( $this->hook ) ) {
			throw new Exception( sprintf( 'Scheduled action for %1$s will not be executed as no callbacks are registered.', $this->hook ) );
		}
		do_action_ref_array( $this->hook, array_values( $this->args ) );
	}

	public function get_hook() {
		return $this->hook;
	}

	public function get_args() {
		return $this->args;
	}

	public function get_schedule() {
		return $this->schedule;
	}

	public function get_group() {
		return $this->group;
	}

	public function get_priority() {
		return $this->priority;
	}

	public function is_finished() {
		return in_array( $this->status, array( ActionScheduler_Store::STATUS_COMPLETE, ActionScheduler_Store::STATUS_FAILED, ActionScheduler_Store::STATUS_CANCELED ), true );
	}

	/** Not Action Scheduler API: the stored status. */
	public function get_status_for_stand_in() {
		return $this->status;
	}
}

class ActionScheduler_NullSchedule {

	public function get_date() {
		return null;
	}

	public function is_recurring() {
		return false;
	}
}

class ActionScheduler_SimpleSchedule {

	protected $date;

	public function __construct( DateTime $date ) {
		$this->date = $date;
	}

	public function get_date() {
		return $this->date;
	}

	public function is_recurring() {
		return false;
	}
}

class ActionScheduler_IntervalSchedule extends ActionScheduler_SimpleSchedule {

	protected $interval;

	public function __construct( DateTime $date, $interval ) {
		parent::__construct( $date );
		$this->interval = (int) $interval;
	}

	public function is_recurring() {
		return true;
	}

	public function get_recurrence() {
		return $this->interval;
	}
}

class ActionScheduler_Store {

	const STATUS_COMPLETE = 'complete';
	const STATUS_PENDING  = 'pending';
	const STATUS_RUNNING  = 'in-progress';
	const STATUS_FAILED   = 'failed';
	const STATUS_CANCELED = 'canceled';

	/** Longest args JSON kept in the indexed column; longer ones are hashed there. */
	const MAX_ARGS_LENGTH = 191;

	private static $instance;

	public static function instance() {
		if ( ! self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	public static function get_schema() {
		global $wpdb;
		$collate = $wpdb->get_charset_collate();
		$p       = $wpdb->prefix;
		return "
CREATE TABLE {$p}actionscheduler_actions (
  action_id bigint(20) unsigned NOT NULL auto_increment,
  hook varchar(191) NOT NULL,
  status varchar(20) NOT NULL,
  scheduled_date_gmt datetime NULL,
  scheduled_date_local datetime NULL,
  priority tinyint(3) unsigned NOT NULL default '10',
  args varchar(191),
  schedule longtext,
  group_id bigint(20) unsigned NOT NULL default '0',
  attempts int(11) NOT NULL default '0',
  last_attempt_gmt datetime NULL,
  last_attempt_local datetime NULL,
  claim_id bigint(20) unsigned NOT NULL default '0',
  extended_args varchar(8000) DEFAULT NULL,
  PRIMARY KEY  (action_id),
  KEY hook_status_scheduled_date_gmt (hook(163), status, scheduled_date_gmt),
  KEY status_scheduled_date_gmt (status, scheduled_date_gmt),
  KEY args (args),
  KEY group_id (group_id),
  KEY claim_id_status_scheduled_date_gmt (claim_id, status, scheduled_date_gmt)
) $collate;
CREATE TABLE {$p}actionscheduler_claims (
  claim_id bigint(20) unsigned NOT NULL auto_increment,
  date_created_gmt datetime NULL,
  PRIMARY KEY  (claim_id)
) $collate;
CREATE TABLE {$p}actionscheduler_groups (
  group_id bigint(20) unsigned NOT NULL auto_increment,
  slug varchar(255) NOT NULL,
  PRIMARY KEY  (group_id),
  KEY slug (slug(191))
) $collate;
CREATE TABLE {$p}actionscheduler_logs (
  log_id bigint(20) unsigned NOT NULL auto_increment,
  action_id bigint(20) unsigned NOT NULL,
  message text NOT NULL,
  log_date_gmt datetime NULL,
  log_date_local datetime NULL,
  PRIMARY KEY  (log_id),
  KEY action_id (action_id)
) $collate;
";
	}

	private function table( $name ) {
		global $wpdb;
		return $wpdb->prefix . 'actionscheduler_' . $name;
	}

	private function group_id( $slug, $create = true ) {
		global $wpdb;
		if ( '' === $slug || null === $slug ) {
			return 0;
		}
		$table = $this->table( 'groups' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$id = $wpdb->get_var( $wpdb->prepare( "SELECT group_id FROM {$table} WHERE slug = %s", $slug ) );
		if ( ! $id && $create ) {
			$wpdb->insert( $table, array( 'slug' => $slug ) );
			$id = $wpdb->insert_id;
		}
		return (int) $id;
	}

	private function args_column( array $args ) {
		$json = wp_json_encode( $args );
		return strlen( $json ) <= self::MAX_ARGS_LENGTH ? array( $json, null ) : array( md5( $json ), $json );
	}

	/**
	 * Stores a pending action; with $unique, only when no pending or running action has the same
	 * hook and group (and, from Action Scheduler 4, args) — checked in the INSERT itself.
	 *
	 * @return int The id, or 0 when $unique found one.
	 */
	public function save_action( $hook, array $args, $schedule, $group, $unique, $priority ) {
		global $wpdb;
		$date = $schedule->get_date();
		if ( ! $date ) {
			$date = new DateTime( 'now', new DateTimeZone( 'UTC' ) );
		}
		list( $args_column, $extended ) = $this->args_column( $args );
		$gmt   = $date->format( 'U' );
		$data  = array(
			'hook'                 => $hook,
			'status'               => self::STATUS_PENDING,
			'scheduled_date_gmt'   => gmdate( 'Y-m-d H:i:s', (int) $gmt ),
			'scheduled_date_local' => get_date_from_gmt( gmdate( 'Y-m-d H:i:s', (int) $gmt ) ),
			'priority'             => (int) $priority,
			'args'                 => $args_column,
			'extended_args'        => $extended,
			'schedule'             => $schedule instanceof ActionScheduler_IntervalSchedule ? 'interval:' . $schedule->get_recurrence() : ( $schedule instanceof ActionScheduler_SimpleSchedule ? 'single' : 'async' ),
			'group_id'             => $this->group_id( $group ),
		);
		$table = $this->table( 'actions' );
		if ( ! $unique ) {
			$wpdb->insert( $table, $data );
			return (int) $wpdb->insert_id;
		}
		$columns      = implode( ', ', array_keys( $data ) );
		$placeholders = implode( ', ', array_fill( 0, count( $data ), '%s' ) );
		$condition    = "status IN ('pending', 'in-progress') AND hook = %s AND group_id = %d" . ( ActionScheduler::unique_includes_args() ? ' AND args = %s' : '' );
		$condition_values = ActionScheduler::unique_includes_args() ? array( $hook, $data['group_id'], $args_column ) : array( $hook, $data['group_id'] );
		// phpcs:disable WordPress.DB.PreparedSQL
		$sql = $wpdb->prepare(
			"INSERT INTO {$table} ({$columns}) SELECT {$placeholders} FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM (SELECT action_id FROM {$table} WHERE {$condition} LIMIT 1) AS existing)",
			array_merge( array_values( $data ), $condition_values )
		);
		$wpdb->query( $sql );
		// phpcs:enable
		return $wpdb->rows_affected ? (int) $wpdb->insert_id : 0;
	}

	/**
	 * Ids of actions matching: hook, args (exact array), group, status (string or array), claimed,
	 * date (+ date_compare), per_page (default 5; -1 all), offset, orderby (date, priority,
	 * action_id, none), order.
	 *
	 * @return int[]
	 */
	public function query_actions( $query = array(), $query_type = 'select' ) {
		global $wpdb;
		$query = wp_parse_args(
			$query,
			array(
				'hook'         => '',
				'args'         => null,
				'group'        => '',
				'status'       => '',
				'claimed'      => null,
				'date'         => null,
				'date_compare' => '<=',
				'per_page'     => 5,
				'offset'       => 0,
				'orderby'      => 'date',
				'order'        => 'ASC',
			)
		);
		$where = array( '1=1' );
		if ( '' !== $query['hook'] ) {
			$where[] = $wpdb->prepare( 'a.hook = %s', $query['hook'] );
		}
		if ( null !== $query['args'] ) {
			$where[] = $wpdb->prepare( 'a.args = %s', $this->args_column( (array) $query['args'] )[0] );
		}
		if ( '' !== $query['group'] ) {
			$where[] = $wpdb->prepare( 'a.group_id = %d', $this->group_id( $query['group'], false ) );
		}
		if ( '' !== $query['status'] && array() !== $query['status'] ) {
			$statuses = array_map( 'esc_sql', (array) $query['status'] );
			$where[]  = "a.status IN ('" . implode( "','", $statuses ) . "')";
		}
		if ( null !== $query['claimed'] ) {
			$where[] = $query['claimed'] ? 'a.claim_id != 0' : 'a.claim_id = 0';
		}
		if ( $query['date'] instanceof DateTime ) {
			$compare = in_array( $query['date_compare'], array( '<', '<=', '>', '>=', '=', '!=' ), true ) ? $query['date_compare'] : '<=';
			$where[] = "a.scheduled_date_gmt {$compare} '" . esc_sql( gmdate( 'Y-m-d H:i:s', (int) $query['date']->format( 'U' ) ) ) . "'";
		}
		$orderby = array(
			'date'      => 'a.scheduled_date_gmt',
			'priority'  => 'a.priority',
			'action_id' => 'a.action_id',
			'hook'      => 'a.hook',
		);
		$order   = 'DESC' === strtoupper( $query['order'] ) ? 'DESC' : 'ASC';
		$sql_ord = isset( $orderby[ $query['orderby'] ] ) ? "ORDER BY {$orderby[ $query['orderby'] ]} {$order}, a.action_id {$order}" : '';
		$limit   = (int) $query['per_page'] > 0 ? $wpdb->prepare( 'LIMIT %d, %d', (int) $query['offset'], (int) $query['per_page'] ) : '';
		$table   = $this->table( 'actions' );
		$where   = implode( ' AND ', $where );
		// phpcs:disable WordPress.DB.PreparedSQL
		if ( 'count' === $query_type ) {
			return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table} a WHERE {$where}" );
		}
		return array_map( 'intval', $wpdb->get_col( "SELECT a.action_id FROM {$table} a WHERE {$where} {$sql_ord} {$limit}" ) );
		// phpcs:enable
	}

	/** @return int|null The first matching id. */
	public function query_action( $query ) {
		$query['per_page'] = 1;
		$query['offset']   = 0;
		$ids               = $this->query_actions( $query );
		return $ids ? $ids[0] : null;
	}

	/** @return ActionScheduler_Action */
	public function fetch_action( $action_id ) {
		global $wpdb;
		$table = $this->table( 'actions' );
		$group = $this->table( 'groups' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT a.*, g.slug AS group_slug FROM {$table} a LEFT JOIN {$group} g ON g.group_id = a.group_id WHERE a.action_id = %d", $action_id ) );
		if ( ! $row ) {
			return new ActionScheduler_Action( '', array(), null, '', 10, 'canceled' );
		}
		$args = json_decode( $row->extended_args ? $row->extended_args : $row->args, true );
		$date = new DateTime( $row->scheduled_date_gmt, new DateTimeZone( 'UTC' ) );
		if ( 0 === strpos( (string) $row->schedule, 'interval:' ) ) {
			$schedule = new ActionScheduler_IntervalSchedule( $date, (int) substr( $row->schedule, 9 ) );
		} elseif ( 'single' === $row->schedule ) {
			$schedule = new ActionScheduler_SimpleSchedule( $date );
		} else {
			$schedule = new ActionScheduler_NullSchedule();
		}
		return new ActionScheduler_Action( $row->hook, is_array( $args ) ? $args : array(), $schedule, (string) $row->group_slug, (int) $row->priority, $row->status );
	}

	public function get_status( $action_id ) {
		global $wpdb;
		$table = $this->table( 'actions' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $wpdb->get_var( $wpdb->prepare( "SELECT status FROM {$table} WHERE action_id = %d", $action_id ) );
	}

	public function cancel_action( $action_id ) {
		global $wpdb;
		$wpdb->update( $this->table( 'actions' ), array( 'status' => self::STATUS_CANCELED ), array( 'action_id' => $action_id ) );
		$this->log( $action_id, 'action canceled' );
		do_action( 'action_scheduler_canceled_action', $action_id );
	}

	public function cancel_actions_by_hook( $hook ) {
		foreach ( $this->query_actions( array( 'hook' => $hook, 'status' => self::STATUS_PENDING, 'per_page' => -1 ) ) as $id ) {
			$this->cancel_action( $id );
		}
	}

	public function cancel_actions_by_group( $group ) {
		foreach ( $this->query_actions( array( 'group' => $group, 'status' => self::STATUS_PENDING, 'per_page' => -1 ) ) as $id ) {
			$this->cancel_action( $id );
		}
	}

	/**
	 * Claims up to $limit due pending actions for one runner (an UPDATE, so two runners never
	 * claim the same action).
	 *
	 * @return int[] The claimed ids, by priority then date.
	 */
	public function stake_claim( $limit, DateTime $before ) {
		global $wpdb;
		$wpdb->insert( $this->table( 'claims' ), array( 'date_created_gmt' => gmdate( 'Y-m-d H:i:s' ) ) );
		$claim = (int) $wpdb->insert_id;
		$table = $this->table( 'actions' );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET claim_id = %d WHERE claim_id = 0 AND status = 'pending' AND scheduled_date_gmt <= %s ORDER BY priority ASC, scheduled_date_gmt ASC, action_id ASC LIMIT %d", $claim, gmdate( 'Y-m-d H:i:s', (int) $before->format( 'U' ) ), $limit ) );
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT action_id FROM {$table} WHERE claim_id = %d ORDER BY priority ASC, scheduled_date_gmt ASC, action_id ASC", $claim ) );
		// phpcs:enable
		return array( $claim, array_map( 'intval', $ids ) );
	}

	public function release_claim( $claim_id ) {
		global $wpdb;
		$wpdb->update( $this->table( 'actions' ), array( 'claim_id' => 0 ), array( 'claim_id' => $claim_id, 'status' => self::STATUS_PENDING ) );
		$wpdb->delete( $this->table( 'claims' ), array( 'claim_id' => $claim_id ) );
	}

	public function log_execution( $action_id ) {
		global $wpdb;
		$table = $this->table( 'actions' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET attempts = attempts + 1, status = 'in-progress', last_attempt_gmt = %s, last_attempt_local = %s WHERE action_id = %d", current_time( 'mysql', true ), current_time( 'mysql' ), $action_id ) );
		$this->log( $action_id, 'action started' );
	}

	public function mark_complete( $action_id ) {
		global $wpdb;
		$wpdb->update( $this->table( 'actions' ), array( 'status' => self::STATUS_COMPLETE, 'last_attempt_gmt' => current_time( 'mysql', true ), 'last_attempt_local' => current_time( 'mysql' ) ), array( 'action_id' => $action_id ) );
		$this->log( $action_id, 'action complete' );
	}

	public function mark_failure( $action_id, $message = '' ) {
		global $wpdb;
		$wpdb->update( $this->table( 'actions' ), array( 'status' => self::STATUS_FAILED ), array( 'action_id' => $action_id ) );
		$this->log( $action_id, 'action failed' . ( $message ? ': ' . $message : '' ) );
	}

	public function log( $action_id, $message ) {
		global $wpdb;
		$wpdb->insert(
			$this->table( 'logs' ),
			array(
				'action_id'      => $action_id,
				'message'        => $message,
				'log_date_gmt'   => current_time( 'mysql', true ),
				'log_date_local' => current_time( 'mysql' ),
			)
		);
	}

	/** @return string[] The log messages of an action, oldest first. */
	public function get_logs( $action_id ) {
		global $wpdb;
		$table = $this->table( 'logs' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $wpdb->get_col( $wpdb->prepare( "SELECT message FROM {$table} WHERE action_id = %d ORDER BY log_id", $action_id ) );
	}
}

/**
 * The harness's queue runner (not Action Scheduler API, except run()).
 */
class WC_Stand_In_Action_Scheduler {

	/** As ActionScheduler_QueueRunner::run(): one batch of due actions. @return int Actions processed. */
	public function run( $context = 'WP Cron' ) {
		return count( self::run_due( array( 'max_batches' => 1 ) ) );
	}

	/**
	 * Runs every due action (again and again while running them makes more due), as Action
	 * Scheduler's runner would, each in this process.
	 *
	 * @param array $options now (a timestamp: what counts as due; default time()), batch_size
	 *                       (25), max_batches (20: a guard against actions that re-enqueue forever).
	 * @return array[] One per action run: id, hook, args, group, status (complete/failed), error.
	 */
	public static function run_due( array $options = array() ) {
		$options = wp_parse_args(
			$options,
			array(
				'now'         => time(),
				'batch_size'  => 25,
				'max_batches' => 20,
			)
		);
		$store   = ActionScheduler_Store::instance();
		$ran     = array();
		for ( $batch = 0; $batch < $options['max_batches']; $batch++ ) {
			list( $claim, $ids ) = $store->stake_claim( $options['batch_size'], new DateTime( '@' . (int) $options['now'] ) );
			if ( ! $ids ) {
				$store->release_claim( $claim );
				break;
			}
			foreach ( $ids as $id ) {
				$ran[] = self::process( $id, $options['now'] );
			}
			$store->release_claim( $claim );
		}
		return array_values( array_filter( $ran ) );
	}

	private static function process( $action_id, $now ) {
		$store = ActionScheduler_Store::instance();
		do_action( 'action_scheduler_before_execute', $action_id, 'WP Cron' );
		if ( ActionScheduler_Store::STATUS_PENDING !== $store->get_status( $action_id ) ) {
			do_action( 'action_scheduler_execution_ignored', $action_id, 'WP Cron' );
			return null;
		}
		$action = $store->fetch_action( $action_id );
		$result = array(
			'id'     => $action_id,
			'hook'   => $action->get_hook(),
			'args'   => $action->get_args(),
			'group'  => $action->get_group(),
			'status' => ActionScheduler_Store::STATUS_COMPLETE,
			'error'  => null,
		);
		try {
			do_action( 'action_scheduler_begin_execute', $action_id, 'WP Cron' );
			$store->log_execution( $action_id );
			$action->execute();
			do_action( 'action_scheduler_after_execute', $action_id, $action, 'WP Cron' );
			$store->mark_complete( $action_id );
		} catch ( Throwable $e ) {
			$store->mark_failure( $action_id, $e->getMessage() );
			$result['status'] = ActionScheduler_Store::STATUS_FAILED;
			$result['error']  = get_class( $e ) . ': ' . $e->getMessage();
			do_action( 'action_scheduler_failed_execution', $action_id, $e, 'WP Cron' );
		}
		$schedule = $action->get_schedule();
		if ( $schedule instanceof ActionScheduler_IntervalSchedule ) {
			$next = max( (int) $now, (int) $schedule->get_date()->format( 'U' ) ) + $schedule->get_recurrence();
			$store->save_action( $action->get_hook(), $action->get_args(), new ActionScheduler_IntervalSchedule( new DateTime( '@' . $next ), $schedule->get_recurrence() ), $action->get_group(), false, $action->get_priority() );
		}
		return $result;
	}
}

require_once __DIR__ . '/functions.php';

ActionScheduler::init();
