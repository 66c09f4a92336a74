import { isValid, parseISO } from 'date-fns';
import { answersFor, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { createAppendOnlyCounter, pageBounds, toPage, type OffThreadCount } from '../../db/paging.ts';
import { councils, criteria, features, readings } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { appliesTo } from '../../domain/readiness.ts';
import type { Page } from '../../http/crud.ts';
import { AppError, assertDateRange, badRequest, type ErrorDetail } from '../../http/errors.ts';
import { recordAudit } from '../../db/audit.ts';
import { valueProblem } from '../criteria/read-model.ts';
import type { Reading, ReadingInput, ReadingQuery } from './schemas.ts';
import { createReadingStore, readingFilter } from './store.ts';
import { dayWords } from '../../domain/date-words.ts';

/** Where a row sits in the request, for messages: "readings/3" for JSON, "line 4" for CSV. */
export type RowLabel = (index: number) => string;

// eslint-disable-next-line max-lines-per-function -- a service factory: listing, recording and reading CSV codes share the store and one check of every row
export function createReadingService(db: Db, clock: Clock, offThread?: OffThreadCount) {
  const store = createReadingStore(db);
  // Readings are append-only: a filter's first count runs off the event loop, then only new rows are counted (a
  // year of readings at 400 councils is over a million index entries: a 70 ms count on the serving thread).
  const countReadings = createAppendOnlyCounter(db, readings, readings.id, { offThread });

  /**
   * Checks every row against the catalogue and the caller's reach. Permission problems (a lead writing
   * for a council they do not lead) are kept apart: they answer 403, the rest 400.
   */
  const check = (rows: ReadingInput[], actor: Actor, label: RowLabel) => {
    const ids = (pick: (r: ReadingInput) => number | null | undefined) => [...new Set(rows.map(pick).filter((v): v is number => typeof v === 'number'))];
    const found = store.referenced({ criteria: ids((r) => r.criterionId), councils: ids((r) => r.councilId), features: ids((r) => r.featureId) });
    const criteriaById = new Map(found.criteria.map((c) => [c.id, c]));
    const councilSet = new Set(found.councilIds);
    const featuresById = new Map(found.features.map((f) => [f.id, f]));
    const todayIs = today(clock);
    const problems: ErrorDetail[] = [];
    const refusals: ErrorDetail[] = [];

    rows.forEach((row, index) => {
      const at = (field: string) => `${label(index)}/${field}`;
      const criterion = criteriaById.get(row.criterionId);
      if (!criterion) problems.push({ field: at('criterionId'), message: `criterion ${row.criterionId} does not exist` });
      if (!councilSet.has(row.councilId)) problems.push({ field: at('councilId'), message: `council ${row.councilId} does not exist` });
      else if (!answersFor(actor, row.councilId)) refusals.push({ field: at('councilId'), message: 'you can only enter readings for the council(s) you lead' });
      const feature = row.featureId != null ? featuresById.get(row.featureId) : undefined;
      if (row.featureId != null && !feature) problems.push({ field: at('featureId'), message: `feature ${row.featureId} does not exist` });
      if (criterion) {
        if (criterion.scope === 'feature' && row.featureId == null) problems.push({ field: at('featureId'), message: `is needed: "${criterion.name}" is measured per feature` });
        if (criterion.scope === 'programme') problems.push({ field: at('criterionId'), message: `"${criterion.name}" is measured once for the whole programme: the office records it (POST /api/criteria/${criterion.id}/programme-readings)` });
        else if (criterion.scope === 'council' && row.featureId != null) problems.push({ field: at('featureId'), message: `must be empty: "${criterion.name}" is measured for the whole council` });
        if (feature && !appliesTo(criterion, feature.audience)) problems.push({ field: at('featureId'), message: `"${criterion.name}" does not apply to ${feature.name}` });
        const bad = valueProblem(criterion.unit, row.value);
        if (bad) problems.push({ field: at('value'), message: bad });
      }
      if (row.readingDate > todayIs) problems.push({ field: at('readingDate'), message: `cannot be in the future (today is ${dayWords(todayIs)})` });
    });
    return { problems, refusals };
  };

  return {
    async list(query: ReadingQuery): Promise<Page<Reading>> {
      const bounds = pageBounds(query);
      const { limit: _l, offset: _o, ...filter } = query;
      assertDateRange(filter);
      const where = readingFilter(filter);
      const total = await countReadings([filter.criterionId, filter.councilId, filter.featureId, filter.from, filter.to].join('|'), where);
      return toPage(store.page(where, bounds.limit, bounds.offset), total, bounds);
    },

    /** Stores every row or none. The reply to a refusal lists every bad row and why. */
    record(rows: ReadingInput[], actor: Actor, label: RowLabel = (i) => `readings/${i}`): Reading[] {
      const { problems, refusals } = check(rows, actor, label);
      if (refusals.length > 0) throw new AppError(403, `Nothing was saved: ${refusals.length} row(s) are for a council you do not lead.`, refusals);
      if (problems.length > 0) throw badRequest(`Nothing was saved: ${problems.length} problem(s) in ${rows.length} row(s).`, problems);
      const enteredAt = clock().toISOString();
      return inTransaction(db, () => {
        const stored = rows.map((row) => {
          const values = { criterionId: row.criterionId, councilId: row.councilId, featureId: row.featureId ?? null, value: row.value, readingDate: row.readingDate, note: row.note ?? '' };
          return { id: store.insert({ ...values, enteredBy: actor.id, enteredByName: actor.name, enteredAt }), ...values };
        });
        // One audit row per request, listing every reading it stored (ADR 0009: one row, not one per reading,
        // keeps the bulk upload's cost to a single extra insert).
        if (stored.length > 0) recordAudit(db, actor, clock(), { action: 'create', entity: 'reading', entityId: stored[0]!.id, after: { count: stored.length, readings: stored } });
        return store.byIds(stored.map((r) => r.id));
      });
    },

    /** Maps the codes a spreadsheet uses (criterion, council, feature) to ids; unknown codes become row problems. */
    fromCodes(rows: Array<Record<string, string>>): { inputs: ReadingInput[]; problems: ErrorDetail[] } {
      const lookup = (table: typeof criteria | typeof councils | typeof features) =>
        new Map(db.select({ id: table.id, code: table.code }).from(table).all().map((r) => [r.code.toUpperCase(), r.id]));
      const criterionIds = lookup(criteria);
      const councilIds = lookup(councils);
      const featureIds = lookup(features);
      const problems: ErrorDetail[] = [];
      const inputs = rows.map((row, index) => {
        const at = (field: string) => `line ${index + 2}/${field}`;
        const code = (name: string) => (row[name] ?? '').trim();
        const criterionId = criterionIds.get(code('criterion').toUpperCase());
        const councilId = councilIds.get(code('council').toUpperCase());
        const featureCode = code('feature');
        const featureId = featureCode ? featureIds.get(featureCode.toUpperCase()) : null;
        if (!criterionId) problems.push({ field: at('criterion'), message: `no criterion with code "${code('criterion')}"` });
        if (!councilId) problems.push({ field: at('council'), message: `no council with code "${code('council')}"` });
        if (featureId === undefined) problems.push({ field: at('feature'), message: `no feature with code "${featureCode}"` });
        const rawValue = code('value');
        const value = rawValue === '' ? Number.NaN : Number(rawValue);
        if (Number.isNaN(value)) problems.push({ field: at('value'), message: `"${rawValue}" is not a number` });
        const date = code('date');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValid(parseISO(date))) {
          problems.push({ field: at('date'), message: `"${date}" is not a real calendar date written YYYY-MM-DD` });
        }
        return { criterionId: criterionId ?? 0, councilId: councilId ?? 0, featureId: featureId ?? null, value, readingDate: date, note: code('note') };
      });
      return { inputs, problems };
    },

  };
}

export type ReadingService = ReturnType<typeof createReadingService>;
