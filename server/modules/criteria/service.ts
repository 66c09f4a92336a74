import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { councils, criteria, criterionOverrides, readings, waves } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import { archivedFilter, setArchivedState, refuseDeleteWithHistory, type Archivable } from '../../http/archiving.ts';
import type { CrudService } from '../../http/crud.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { createMeasuresStore } from './measures-store.ts';
import { thresholdProblems } from './rules.ts';
import type { CreateCriterion, Criterion, CriterionQuery, UpdateCriterion } from './schemas.ts';

type Row = typeof criteria.$inferSelect;
type OverrideRow = typeof criterionOverrides.$inferSelect;
type OverrideInput = NonNullable<CreateCriterion['overrides']>[number];

// eslint-disable-next-line max-lines-per-function -- a CRUD service factory: the operations share the criterion checks and the measures store
export function createCriterionService(db: Db, clock: Clock): CrudService<Criterion, CreateCriterion, UpdateCriterion, CriterionQuery> & Archivable<Criterion> {
  const measures = createMeasuresStore(db);
  const overridesOf = (ids: number[]): Map<number, OverrideRow[]> => {
    const map = new Map<number, OverrideRow[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const rows = db.select().from(criterionOverrides).where(inArray(criterionOverrides.criterionId, ids)).orderBy(asc(criterionOverrides.id)).all();
    for (const row of rows) map.get(row.criterionId)?.push(row);
    return map;
  };
  const present = (row: Row, overrides: OverrideRow[]): Criterion => ({
    ...row,
    overrides: overrides.map(({ id, councilId, waveId, target, amberThreshold }) => ({ id, councilId, waveId, target, amberThreshold })),
  });
  const load = (id: number): Row => {
    const row = db.select().from(criteria).where(eq(criteria.id, id)).get();
    if (!row) throw notFound('Criterion', id);
    return row;
  };
  const get = (id: number): Criterion => present(load(id), overridesOf([id]).get(id) ?? []);

  /** Every rule about a criterion's numbers and its overrides, as one list of problems. */
  const problemsOf = (c: Pick<Row, 'unit' | 'direction' | 'target' | 'amberThreshold'> & Partial<Pick<Row, 'scope' | 'mandatory' | 'trackingOnly'>>, overrides: OverrideInput[]): ErrorDetail[] => {
    const problems = thresholdProblems(c.unit, c.direction, c.target, c.amberThreshold);
    if (c.trackingOnly && c.mandatory) problems.push({ field: 'trackingOnly', message: 'a tracking-only measure never decides a gate, so it cannot be mandatory' });
    if (c.scope === 'programme' && c.unit === 'people') problems.push({ field: 'unit', message: 'a programme-wide measure has no council audience to count people against: use percent or count' });
    const councilIds = new Set(overrides.flatMap((o) => (o.councilId ? [o.councilId] : [])));
    const waveIds = new Set(overrides.flatMap((o) => (o.waveId ? [o.waveId] : [])));
    const knownCouncils = new Set(councilIds.size ? db.select({ id: councils.id }).from(councils).where(inArray(councils.id, [...councilIds])).all().map((r) => r.id) : []);
    const knownWaves = new Set(waveIds.size ? db.select({ id: waves.id }).from(waves).where(inArray(waves.id, [...waveIds])).all().map((r) => r.id) : []);
    const seen = new Set<string>();
    overrides.forEach((o, i) => {
      const prefix = `overrides/${i}`;
      if (!o.councilId && !o.waveId) problems.push({ field: prefix, message: 'needs a councilId, a waveId or both' });
      if (o.councilId && !knownCouncils.has(o.councilId)) problems.push({ field: `${prefix}/councilId`, message: `council ${o.councilId} does not exist` });
      if (o.waveId && !knownWaves.has(o.waveId)) problems.push({ field: `${prefix}/waveId`, message: `wave ${o.waveId} does not exist` });
      const key = `${o.councilId ?? 0}:${o.waveId ?? 0}`;
      if (seen.has(key)) problems.push({ field: prefix, message: 'the same council and wave appear twice' });
      seen.add(key);
      problems.push(...thresholdProblems(c.unit, c.direction, o.target, o.amberThreshold, prefix));
    });
    return problems;
  };

  const replaceOverrides = (criterionId: number, overrides: OverrideInput[]): void => {
    db.delete(criterionOverrides).where(eq(criterionOverrides.criterionId, criterionId)).run();
    for (const o of overrides) {
      db.insert(criterionOverrides).values({ criterionId, councilId: o.councilId ?? null, waveId: o.waveId ?? null, target: o.target, amberThreshold: o.amberThreshold }).run();
    }
  };

  return {
    list(query) {
      const bounds = pageBounds(query);
      const where = and(query.phase ? eq(criteria.phase, query.phase) : undefined, archivedFilter(criteria.archivedAt, query.archived));
      const rows = db.select().from(criteria).where(where).orderBy(asc(criteria.phase), asc(criteria.name)).limit(bounds.limit).offset(bounds.offset).all();
      const overrides = overridesOf(rows.map((r) => r.id));
      return toPage(rows.map((r) => present(r, overrides.get(r.id) ?? [])), countWhere(db, criteria, where), bounds);
    },

    get,

    create(input, ctx) {
      const overrides = input.overrides ?? [];
      const problems = problemsOf(input, overrides);
      if (problems.length > 0) throw badRequest('The criterion is not valid.', problems);
      return inTransaction(db, () => {
        const now = instant(clock);
        const { overrides: _o, ...fields } = input;
        const row = db.insert(criteria).values({
          ...fields, code: input.code.toUpperCase(), name: input.name.trim(), createdAt: now, updatedAt: now,
        }).returning().get();
        replaceOverrides(row.id, overrides);
        const created = get(row.id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'criterion', entityId: row.id, after: created });
        return created;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = get(id);
        assertFresh('criterion', before, ctx.ifMatch, () => before);
        const { overrides: newOverrides, ...fields } = input;
        const merged = { ...before, ...fields };
        const overrides = newOverrides ?? before.overrides;
        const problems = problemsOf(merged, overrides);
        if (fields.scope !== undefined && fields.scope !== before.scope && (fields.scope === 'programme' || before.scope === 'programme')) {
          const held = before.scope === 'programme' ? measures.countReadings(id) : measures.countCouncilReadings(id);
          if (held > 0) throw conflict(`"${before.name}" has ${held} reading(s) measured ${before.scope === 'programme' ? 'for the whole programme' : 'per council'}; readings are history, so it cannot change between council and programme-wide. Make a new criterion instead.`);
        }
        if (problems.length > 0) throw badRequest('The change to the criterion is not valid.', problems);
        db.update(criteria).set({
          ...fields,
          ...(fields.code !== undefined ? { code: fields.code.toUpperCase() } : {}),
          ...(fields.name !== undefined ? { name: fields.name.trim() } : {}),
          version: sql`${criteria.version} + 1`,
          updatedAt: instant(clock),
        }).where(eq(criteria.id, id)).run();
        if (newOverrides) replaceOverrides(id, newOverrides);
        const after = get(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'criterion', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const before = get(id);
        assertFresh('criterion', before, ctx.ifMatch, () => before);
        const recorded = (db.select({ n: count() }).from(readings).where(eq(readings.criterionId, id)).get()?.n ?? 0) + measures.countReadings(id);
        if (recorded > 0) {
          throw conflict(`The criterion "${before.name}" cannot be deleted: ${recorded} reading(s) are recorded against it, and readings are history.`);
        }
        refuseDeleteWithHistory(db, { entity: 'criterion', id, label: `The criterion "${before.name}"`, archivePath: `/api/criteria/${id}/archive` }, [['ramp(s) towards go-live', measures.rampsOf(id).length]]);
        db.delete(criteria).where(eq(criteria.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'criterion', entityId: id, before });
      });
    },

    setArchived(id, archived, ctx) {
      return setArchivedState(db, clock, { table: 'criteria', entity: 'criterion', label: 'criterion', id, load: (key) => get(key) }, archived, ctx);
    },
  };
}
