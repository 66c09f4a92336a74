/**
 * Which read-model scope a change to each table invalidates: the one declared map behind the version triggers of
 * migrations 0006, 0007, 0015, 0022, 0023, 0024, 0025 and 0029. A read model about one council is reused while
 * `global` and `council:<id>` keep their versions (modules/readiness/engine.ts, response-cache.ts), so a table missing here, or a trigger missing
 * for it, serves stale figures. test/read-model-scopes.test.ts checks every table of the database is listed, that
 * its triggers exist, and that inserting, moving and deleting a row bumps exactly the scopes named here.
 */

/** A scope string as stored in read_model_versions. */
export type Scope = 'global' | `council:${number}`;

export const globalScope: Scope = 'global';
export const councilScope = (councilId: number): Scope => `council:${councilId}`;

export type ScopeRule =
  /**
   * Any change may alter every read model (the catalogue, the plan's shape, settings). With `columns`, only an
   * update that changes one of them does (the trigger is `AFTER UPDATE OF` those columns, when one differs).
   */
  | { kind: 'global'; writes: Write[]; columns?: string[] }
  /** A change alters the read models of the council named in `column`; a move alters the old council's too. */
  | { kind: 'council'; column: string; writes: Write[] }
  /** A change alters the read models of the council of the rollout item named in `column`. */
  | { kind: 'councilOfItem'; column: string; writes: Write[] }
  /** Feeds no cached read model; the reason says why. */
  | { kind: 'none'; why: string };

export type Write = 'insert' | 'update' | 'delete';
const ALL: Write[] = ['insert', 'update', 'delete'];
/** Append-only tables: the database refuses updates and deletes. */
const APPEND_ONLY: Write[] = ['insert'];

export const READ_MODEL_SCOPES: Record<string, ScopeRule> = {
  councils: { kind: 'council', column: 'id', writes: ALL },
  council_groups: { kind: 'council', column: 'council_id', writes: ALL },
  rollout_items: { kind: 'council', column: 'council_id', writes: ALL },
  early_wins: { kind: 'council', column: 'council_id', writes: ALL },
  readings: { kind: 'council', column: 'council_id', writes: APPEND_ONLY },
  blockers: { kind: 'none', why: 'read-only since migration 0025 moved every blocker into raid_entries as an issue; nothing reads it for a read model' },
  gate_decisions: { kind: 'councilOfItem', column: 'item_id', writes: APPEND_ONLY },
  features: { kind: 'global', writes: ALL },
  waves: { kind: 'global', writes: ALL },
  criteria: { kind: 'global', writes: ALL },
  criterion_overrides: { kind: 'global', writes: ALL },
  criterion_ramps: { kind: 'global', writes: APPEND_ONLY },
  programme_readings: { kind: 'global', writes: APPEND_ONLY },
  settings: { kind: 'global', writes: ALL },
  baselines: { kind: 'global', writes: ALL },
  baseline_items: { kind: 'none', why: 'written only with their baseline, in the same transaction; the baseline row bumps global' },
  latest_readings: { kind: 'none', why: 'derived from readings by trigger; the reading bumps its council' },
  read_model_versions: { kind: 'none', why: 'the versions themselves' },
  read_model_snapshots: { kind: 'none', why: 'copies of responses kept on disk, each used only under the stamp it was written with' },
  /**
   * A RAID issue's owner is named from the user on the readiness read models (modules/blockers/store.ts), so a
   * rename bumps the programme's scope (migration 0029). Users are never deleted (they are disabled), and nothing
   * else of a user shows on a read model: a password, role or disabling moves nothing.
   */
  users: { kind: 'global', writes: ['update'], columns: ['display_name'] },
  user_councils: { kind: 'none', why: 'which councils a lead may change; not shown in read models' },
  sessions: { kind: 'none', why: 'sign-in state, held apart from the data' },
  api_tokens: { kind: 'none', why: 'sign-in state, held apart from the data' },
  share_links: { kind: 'none', why: 'read directly on every request' },
  audit_log: { kind: 'none', why: 'read directly; append-only' },
  plan_history: { kind: 'none', why: 'written by triggers on rollout_items and waves, whose own writes bump the scopes' },
  plan_change_context: { kind: 'none', why: 'who and why of the change in progress, for the plan_history triggers; empty between transactions' },
  board_reports: { kind: 'none', why: 'issued reports are frozen copies, read directly' },
  comms_activities: { kind: 'none', why: 'the engagement views are computed per request, not cached' },
  activity_councils: { kind: 'none', why: 'the engagement views are computed per request, not cached' },
  comms_template_activities: { kind: 'none', why: 'the engagement views are computed per request, not cached' },
  staff_questions: { kind: 'none', why: 'the engagement views are computed per request, not cached' },
  transaction_types: { kind: 'none', why: 'the benefits figures are computed per request, not cached' },
  unit_costs: { kind: 'none', why: 'the benefits figures are computed per request, not cached' },
  benefit_baselines: { kind: 'none', why: 'the benefits figures are computed per request, not cached' },
  benefit_volumes: { kind: 'none', why: 'the benefits figures are computed per request, not cached' },
  benefits: { kind: 'none', why: 'the benefits register is read directly' },
  setup_costs: { kind: 'none', why: 'the benefits figures are computed per request, not cached' },
  notifications: { kind: 'none', why: "each person's notifications are read directly" },
  notification_attempts: { kind: 'none', why: 'delivery records, read directly by the outbox page' },
  notification_preferences: { kind: 'none', why: 'read directly' },
  notification_schedule: { kind: 'none', why: "the scheduler's own state" },
  notification_leases: { kind: 'none', why: "the sender's lease" },
  notification_events: { kind: 'none', why: 'an outbox of plan changes for the notifier, read by it alone' },
  /** Issues on items show on the readiness read models (in place of blockers); programme-, wave- and feature-level entries bump global. */
  raid_entries: { kind: 'council', column: 'council_id', writes: ALL },
  raid_actions: { kind: 'none', why: 'the RAID read model is computed per request; cached reports are checked against the change signal' },
  programme_statuses: { kind: 'none', why: 'read directly; cached reports are checked against the change signal' },
  pulse_surveys: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_links: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_discards: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_responses: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_marks: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_comments: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_feeds: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  pulse_tallies: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
  blackouts: { kind: 'global', writes: ALL },
  milestones: { kind: 'global', writes: ALL },
  dependencies: { kind: 'global', writes: ALL },
  council_capacities: { kind: 'council', column: 'council_id', writes: ALL },
  feature_support_needs: { kind: 'global', writes: ALL },
  voice_ideas: { kind: 'none', why: 'the staff voice results are computed per request; cached reports are checked against the change signal' },
};
