import { desc, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { auditLog } from './schema.ts';
import { auditRowHash } from './audit-chain.ts';

/**
 * Writing the audit trail: every module records its changes here, in the change's own transaction. It sits with the
 * database (below the modules) because every module writes it; reading the trail is the audit module's.
 */

/** Every kind of record the audit trail covers. */
export const AUDIT_ENTITIES = [
  'council', 'feature', 'wave', 'item', 'baseline', 'user', 'api_token', 'win', 'blocker', 'criterion', 'gate', 'settings',
  'share_link', 'board_report', 'reading', 'criterion_ramp', 'programme_reading',
  'comms_activity', 'comms_template_activity', 'staff_question',
  'transaction_type', 'unit_cost', 'benefit_baseline', 'benefit', 'setup_cost',
  'raid_entry', 'raid_action', 'programme_status',
  'blackout', 'milestone', 'dependency', 'council_capacity', 'support_need',
  'survey', 'survey_link', 'survey_discard', 'survey_feed', 'survey_comment', 'voice_idea', 'survey_answers',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export interface AuditEntry {
  action: 'create' | 'update' | 'delete';
  entity: AuditEntity;
  entityId: number;
  before?: unknown;
  after?: unknown;
}

/** Only what changed: the fields whose values differ, before and after. Creates and deletes keep the whole record. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const ignored = new Set(['version', 'updatedAt']);
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ignored.has(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Appends to the audit trail. Call inside the transaction of the change it records. */
/** Who made a change, as the trail records it (auth's Actor is one; db/ sits below auth/ and names only what it reads). */
export interface AuditActor {
  id: number | null;
  name: string;
}

export function recordAudit(db: Db, actor: AuditActor, at: Date, entry: AuditEntry): void {
  let before = entry.before ?? null;
  let after = entry.after ?? null;
  if (entry.action === 'update' && before && after) {
    const diff = changedFields(before as Record<string, unknown>, after as Record<string, unknown>);
    if (Object.keys(diff.after).length === 0) return; // nothing changed, nothing to record
    ({ before, after } = diff);
  }
  const row = {
    at: at.toISOString(), userId: actor.id, userName: actor.name, action: entry.action, entity: entry.entity, entityId: entry.entityId,
    before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after),
  };
  // The chain: this row's hash covers its content and the previous row's hash (see chain.ts). Read and
  // written in the caller's transaction; a second writer in between makes this one fail, never fork the chain.
  const statements = prepared.get(db) ?? prepared.set(db, prepareAudit(db)).get(db)!;
  const prevHash = statements.lastHash.get()?.hash ?? null;
  statements.append.run({ ...row, prevHash, hash: auditRowHash(prevHash, row) });
}

/** The trail's two statements, prepared once per database handle: every audited write runs both. */
const prepared = new WeakMap<Db, ReturnType<typeof prepareAudit>>();

function prepareAudit(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  return {
    lastHash: db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).prepare(),
    append: db.insert(auditLog).values({
      at: p('at'), userId: p('userId'), userName: p('userName'), action: p('action'), entity: p('entity'), entityId: p('entityId'),
      // Bound as the exact text that was hashed, not re-serialised by the column's JSON mode.
      before: sql`${p('before')}`, after: sql`${p('after')}`, prevHash: p('prevHash'), hash: p('hash'),
    }).prepare(),
  };
}
