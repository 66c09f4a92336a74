import type { Role } from '../../db/schema.ts';

/**
 * Every kind of notification: who gets it, how it arrives and its default switches. The one catalogue the
 * scheduler, the event hooks, the preferences screen and docs/notifications.md follow.
 *
 * - `event`: written to the outbox in the same transaction as the change that causes it;
 * - `digest`: a section of the weekly digest (and, for some, an immediate alert too: see `alert`);
 * - `scheduled`: a notification of its own on a schedule (the sponsors' monthly summary).
 */
export const KIND_NAMES = [
  'readings_due', 'gate_review', 'blockers_due', 'questions_due', 'comms_due', 'plan_moved',
  'wins_awaiting', 'gates_due', 'items_red', 'overdue_work', 'readings_missing', 'delivery_failed',
  'report_issued', 'go_live', 'monthly_summary', 'digest', 'raid_overdue', 'raid_escalated',
] as const;
export type KindName = (typeof KIND_NAMES)[number];

export interface KindInfo {
  kind: KindName;
  label: string;
  /** What it tells, and when. */
  description: string;
  roles: Role[];
  delivery: 'event' | 'digest' | 'scheduled' | 'email';
  /** An immediate alert besides the digest section, in words. */
  alert?: string;
  defaults: { inApp: boolean; email: boolean };
}

const on = { inApp: true, email: true };

export const KINDS: Record<KindName, KindInfo> = {
  readings_due: {
    kind: 'readings_due', label: 'Readings due or stale', roles: ['lead'], delivery: 'digest', defaults: on,
    description: 'Readiness readings missing or out of date for your council’s items going live in the next weeks, with the readings form one click away.',
  },
  gate_review: {
    kind: 'gate_review', label: 'Gate reviews coming up', roles: ['lead'], delivery: 'digest', defaults: on,
    description: 'A go/no-go gate review for your council within 5 working days.',
    alert: 'the working day before the review',
  },
  // The key is kept from when issues on items were called blockers, so people's switches stay as they set them.
  blockers_due: {
    kind: 'blockers_due', label: 'Issues on your items nearing or past due', roles: ['lead'], delivery: 'digest', defaults: on,
    description: 'Open RAID issues on your council’s items due within 5 working days or already overdue.',
  },
  questions_due: {
    kind: 'questions_due', label: 'Staff questions nearing or past their answer date', roles: ['lead'], delivery: 'digest', defaults: on,
    description: 'Open staff questions of your council due for an answer within 2 working days, or late.',
    alert: 'the day a question becomes late',
  },
  comms_due: {
    kind: 'comms_due', label: 'Communications due this week or overdue', roles: ['lead'], delivery: 'digest', defaults: on,
    description: 'Planned communications activities of your council falling this week, or past their day and not done.',
  },
  plan_moved: {
    kind: 'plan_moved', label: 'Your wave or item moved', roles: ['lead'], delivery: 'event', defaults: on,
    description: 'A wave your council is in, or one of your council’s items, moved to another date or wave: at once, with who moved it and why.',
  },
  wins_awaiting: {
    kind: 'wins_awaiting', label: 'Draft wins awaiting publication', roles: ['office'], delivery: 'event', defaults: on,
    description: 'A council lead recorded an early win for the office to publish: at once, and in the digest while it waits.',
  },
  gates_due: {
    kind: 'gates_due', label: 'Gates due', roles: ['office'], delivery: 'digest', defaults: on,
    description: 'Go/no-go gate reviews within 5 working days, across councils.',
    alert: 'the working day before the review',
  },
  items_red: {
    kind: 'items_red', label: 'Items that are red', roles: ['office'], delivery: 'digest', defaults: on,
    description: 'Rollout items judged red, with the reason, newest colour changes first.',
  },
  overdue_work: {
    kind: 'overdue_work', label: 'Overdue questions and issues', roles: ['office'], delivery: 'digest', defaults: on,
    description: 'Late staff questions and overdue RAID issues on items across every council.',
  },
  readings_missing: {
    kind: 'readings_missing', label: 'Readings missing by council', roles: ['office'], delivery: 'digest', defaults: on,
    description: 'How many readiness readings each council is missing or has let go stale, for items going live in the next weeks.',
  },
  delivery_failed: {
    kind: 'delivery_failed', label: 'Notifications not delivered', roles: ['office'], delivery: 'event', defaults: { inApp: true, email: false },
    description: 'An e-mail notification that could not be delivered after every retry, or whose delivery could not be confirmed, for the office to resend.',
  },
  report_issued: {
    kind: 'report_issued', label: 'Board report issued', roles: ['sponsor', 'lead'], delivery: 'event', defaults: on,
    description: 'The programme office issued a board report: at once, with the link to it.',
  },
  go_live: {
    kind: 'go_live', label: 'Go-live done', roles: ['sponsor'], delivery: 'event', defaults: on,
    description: 'A council went live with a feature.',
  },
  monthly_summary: {
    kind: 'monthly_summary', label: 'Monthly summary', roles: ['sponsor'], delivery: 'scheduled', defaults: on,
    description: 'On the first of each month: last month’s go-lives, published wins and issued board reports. Published material only.',
  },
  raid_overdue: {
    kind: 'raid_overdue', label: 'Your RAID entries and actions past their date', roles: ['lead', 'office'], delivery: 'scheduled', defaults: on,
    description: 'Daily at the digest time: an action you own past its due date, or a RAID entry you own past its due, review or validate-by date (for an external owner, the council’s lead is told), once for each date; and a risk you own scoring 15 or more.',
  },
  raid_escalated: {
    kind: 'raid_escalated', label: 'RAID escalations', roles: ['office'], delivery: 'scheduled', defaults: on,
    description: 'Daily at the digest time: an action or RAID entry still open a set number of days after its date (RAID_ESCALATE_AFTER_DAYS, 5 unless set), and any open risk scoring 15 or more, with its owner.',
  },
  digest: {
    kind: 'digest', label: 'Weekly digest by e-mail', roles: ['lead', 'office'], delivery: 'email', defaults: on,
    description: 'One e-mail a week gathering what needs doing; switch it off to keep the sections in the app only.',
  },
};

/** The kinds a role can receive, in catalogue order. */
export const kindsFor = (role: Role): KindInfo[] => KIND_NAMES.map((k) => KINDS[k]).filter((k) => k.roles.includes(role));

export const isKind = (value: string): value is KindName => (KIND_NAMES as readonly string[]).includes(value);
