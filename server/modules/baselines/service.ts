import { asc, desc, eq, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { baselineItems, baselines } from '../../db/schema.ts';
import { globalScope } from '../../db/read-model-scopes.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Page } from '../../http/crud.ts';
import { recordAudit } from '../../db/audit.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { requireReason } from '../../http/reasons.ts';
import type { ApproveBaseline, Baseline, BaselineDetail, BaselineQuery } from './schemas.ts';

const baselineView = {
  id: baselines.id,
  name: baselines.name,
  note: baselines.note,
  approvedBy: baselines.approvedBy,
  approvedAt: baselines.approvedAt,
  reasonCategory: baselines.reasonCategory,
  reason: baselines.reason,
  itemCount: sql<number>`(select count(*) from ${baselineItems} where ${baselineItems.baselineId} = ${baselines.id})`,
};

export interface BaselineService {
  list(query: BaselineQuery): Page<Baseline>;
  get(id: number): BaselineDetail;
  approve(input: ApproveBaseline, actor: Actor): BaselineDetail;
}

export function createBaselineService(db: Db, clock: Clock): BaselineService {
  const byId = db.select(baselineView).from(baselines).where(eq(baselines.id, sql.placeholder('id'))).prepare();
  const itemsOf = db.select({
    itemId: baselineItems.itemId, councilId: baselineItems.councilId, featureId: baselineItems.featureId,
    waveId: baselineItems.waveId, plannedGoLive: baselineItems.plannedGoLive, status: baselineItems.status,
  }).from(baselineItems).where(eq(baselineItems.baselineId, sql.placeholder('id'))).orderBy(baselineItems.itemId).prepare();

  const get = (id: number): BaselineDetail => {
    const baseline = byId.get({ id });
    if (!baseline) throw notFound('Baseline', id);
    return { ...baseline, items: itemsOf.all({ id }) };
  };

  return {
    list(query) {
      const bounds = pageBounds(query);
      const rows = db.select(baselineView).from(baselines).orderBy(desc(baselines.approvedAt), desc(baselines.id))
        .limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, baselines, undefined), bounds);
    },

    get,

    /** Freezes every rollout item's wave, planned date and status under a name, in one transaction. */
    approve(input, actor) {
      return inTransaction(db, () => {
        const planned = db.get<{ n: number }>(sql`select count(*) as n from rollout_items`)?.n ?? 0;
        if (planned === 0) throw badRequest('There is no plan to approve yet: add rollout items first.');
        // The first baseline is the original plan; every later one re-baselines, which needs a reason.
        const earlier = db.get<{ n: number }>(sql`select count(*) as n from baselines`)?.n ?? 0;
        const why = earlier > 0 ? requireReason(input, 'Re-baselining the plan')
          : input.reasonCategory && input.reason?.trim() ? { reasonCategory: input.reasonCategory, reason: input.reason.trim() } : null;
        const baseline = db.insert(baselines).values({
          reasonCategory: why?.reasonCategory ?? null, reason: why?.reason ?? '',
          name: input.name.trim(), note: input.note ?? '', approvedBy: input.approvedBy?.trim() || actor.name,
          approvedByUserId: actor.id, approvedAt: instant(clock),
        }).returning({ id: baselines.id }).get();
        db.run(sql`insert into baseline_items (baseline_id, item_id, council_id, feature_id, wave_id, planned_go_live, status)
          select ${baseline.id}, i.id, i.council_id, i.feature_id, i.wave_id, coalesce(i.planned_date_override, w.planned_go_live), i.status
          from rollout_items i left join waves w on w.id = i.wave_id`);
        const approved = get(baseline.id);
        const { items: _frozen, ...summary } = approved;
        recordAudit(db, actor, clock(), { action: 'create', entity: 'baseline', entityId: baseline.id, after: summary });
        return approved;
      });
    },
  };
}

type BaselineRef = { id: number; name: string; approvedAt: string };

/** A kept answer is handed to every reader: none may change it. */
const freezeRef = (ref: BaselineRef | undefined) => (ref ? Object.freeze(ref) : ref);

/** Answers a baseline lookup keeps while the programme's version stands: a few days' worth. */
const LOOKUPS_KEPT = 256;

/**
 * Which approved baseline applies on a day, and the original one, with their statements prepared once per reader
 * (the engine, the views, the progress service): every read model asks on every build. The answers are kept while
 * the programme's read-model version stands, which every write to baselines moves (db/read-model-scopes.ts): under
 * the mixed load the two queries, each a scan of the baselines by the day of their approval, took 8% of the busy
 * time (docs/performance.md, "The mixed load's main thread"). Inside a transaction they are read afresh and not
 * kept, as a rollback gives its version number to the next committed write.
 */
export function createBaselineLookup(db: Db) {
  const columns = { id: baselines.id, name: baselines.name, approvedAt: baselines.approvedAt };
  const approvedBy = sql`substr(${baselines.approvedAt}, 1, 10) <= ${sql.placeholder('asOf')}`;
  const named = db.select(columns).from(baselines).where(eq(baselines.id, sql.placeholder('id'))).prepare();
  const latest = db.select(columns).from(baselines).where(approvedBy).orderBy(desc(baselines.approvedAt), desc(baselines.id)).limit(1).prepare();
  const first = db.select(columns).from(baselines).where(approvedBy).orderBy(asc(baselines.approvedAt), asc(baselines.id)).limit(1).prepare();
  const programmeVersion = db.$client.prepare(`select coalesce((select version from read_model_versions where scope = '${globalScope}'), 0)`).pluck();
  let kept = { version: -1, answers: new Map<string, BaselineRef | undefined>() };
  const remembered = (key: string, read: () => BaselineRef | undefined): BaselineRef | undefined => {
    if (db.$client.inTransaction) return read();
    const version = programmeVersion.get() as number;
    if (kept.version !== version || kept.answers.size >= LOOKUPS_KEPT) kept = { version, answers: new Map() };
    if (!kept.answers.has(key)) kept.answers.set(key, freezeRef(read()));
    return kept.answers.get(key);
  };
  return {
    /** The baseline progress is judged against: a named one, or the latest approved on or before `asOf`. */
    inForce(asOf: string, baselineId?: number): BaselineRef | undefined {
      if (baselineId === undefined) return remembered(`latest|${asOf}`, () => latest.get({ asOf }));
      const found = remembered(`named|${baselineId}`, () => named.get({ id: baselineId }));
      if (!found) throw notFound('Baseline', baselineId);
      return found;
    },
    /** The original baseline as of a day: the first approved on or before it (undefined before any). */
    original: (asOf: string): BaselineRef | undefined => remembered(`first|${asOf}`, () => first.get({ asOf })),
  };
}

export type BaselineLookup = ReturnType<typeof createBaselineLookup>;
