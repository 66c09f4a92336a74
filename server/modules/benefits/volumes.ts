import { inArray, sql } from 'drizzle-orm';
import { answersFor, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { benefitVolumes, CHANNELS, councils, transactionTypes, type Channel } from '../../db/schema.ts';
import { monthOf, totalOf } from '../../domain/benefits.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { Page } from '../../http/crud.ts';
import { AppError, badRequest, type ErrorDetail } from '../../http/errors.ts';
import type { VolumeEntry, VolumeInput, VolumeQuery } from './schemas.ts';
import { channelTotal, columnsOf, createBenefitsStore, entryFilter, volumesOf, type EntryViewRow } from './store.ts';
import { monthWords } from '../../domain/date-words.ts';
import { extend } from '../../domain/objects.ts';

/** The columns of a volumes CSV: codes, not ids, and one count column per channel. */
export const VOLUME_CSV_COLUMNS = ['council', 'transaction_type', 'month', ...CHANNELS, 'note'] as const;

/** Where a row sits in the request, for messages: "entries/3" for JSON, "line 4" for CSV. */
export type RowLabel = (index: number) => string;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Problems in row order: "line 3/…" before "line 12/…". */
const lineOf = (p: ErrorDetail): number => Number(/(\d+)/.exec(p.field)?.[1] ?? 0);

const entryOf = (row: EntryViewRow): VolumeEntry => {
  const { paper: _p, email: _e, phone: _ph, faceToFace: _f, online: _o, assisted: _a, ...rest } = row;
  return extend(rest, { volumes: volumesOf(row), total: channelTotal(row) });
};

/**
 * Actual monthly volumes by channel: one at a time, in bulk or as CSV, all or nothing. Entries are never changed:
 * a correction is a new entry for the same month, and the newest one counts (docs/benefits.md).
 */
// eslint-disable-next-line max-lines-per-function -- a service factory: single, bulk and CSV entry share one prepared insert and one set of checks
export function createVolumeService(db: Db, clock: Clock) {
  const store = createBenefitsStore(db);
  const insert = db.insert(benefitVolumes).values({
    councilId: sql.placeholder('councilId'), transactionTypeId: sql.placeholder('transactionTypeId'), month: sql.placeholder('month'),
    paper: sql.placeholder('paper'), email: sql.placeholder('email'), phone: sql.placeholder('phone'), faceToFace: sql.placeholder('faceToFace'),
    online: sql.placeholder('online'), assisted: sql.placeholder('assisted'), note: sql.placeholder('note'),
    enteredBy: sql.placeholder('enteredBy'), enteredByName: sql.placeholder('enteredByName'), enteredAt: sql.placeholder('enteredAt'),
  }).returning({ id: benefitVolumes.id }).prepare();

  /**
   * Every row against the catalogue and the caller's reach. A lead writing for a council they do not lead is
   * kept apart: 403 for those rows, 400 for the rest.
   */
  const check = (rows: VolumeInput[], actor: Actor, label: RowLabel, skip: Set<number>) => {
    const ids = (pick: (r: VolumeInput) => number) => [...new Set(rows.map(pick))];
    const councilIds = new Set(db.select({ id: councils.id }).from(councils).where(inArray(councils.id, ids((r) => r.councilId))).all().map((c) => c.id));
    const typeChannels = new Map(db.select({ id: transactionTypes.id, channels: transactionTypes.channels }).from(transactionTypes)
      .where(inArray(transactionTypes.id, ids((r) => r.transactionTypeId))).all().map((t) => [t.id, t.channels]));
    const thisMonth = monthOf(today(clock));
    const problems: ErrorDetail[] = [];
    const refusals: ErrorDetail[] = [];
    rows.forEach((row, index) => {
      if (skip.has(index)) return;
      const at = (field: string) => `${label(index)}/${field}`;
      if (!councilIds.has(row.councilId)) problems.push({ field: at('councilId'), message: `council ${row.councilId} does not exist` });
      else if (!answersFor(actor, row.councilId)) refusals.push({ field: at('councilId'), message: 'you can only enter volumes for the council(s) you lead' });
      const channels = typeChannels.get(row.transactionTypeId);
      if (!channels) problems.push({ field: at('transactionTypeId'), message: `transaction type ${row.transactionTypeId} does not exist` });
      if (row.month > thisMonth) problems.push({ field: at('month'), message: `cannot be in the future (this month is ${monthWords(thisMonth)})` });
      for (const c of CHANNELS) {
        if (channels && (row.volumes[c] ?? 0) > 0 && !channels.includes(c)) problems.push({ field: at(`volumes/${c}`), message: `this transaction type does not arrive by ${c.replace(/_/g, ' ')}` });
      }
      if (Object.values(row.volumes).every((v) => v === null || v === undefined)) problems.push({ field: at('volumes'), message: 'needs a count for at least one channel' });
    });
    return { problems, refusals };
  };

  return {
    list(query: VolumeQuery): Page<VolumeEntry> {
      const bounds = pageBounds(query);
      const { limit: _l, offset: _o, ...filter } = query;
      if (filter.from && filter.to && filter.from > filter.to) throw badRequest('The range ends before it starts.', [{ field: 'to', message: 'must not be before from' }]);
      const where = entryFilter(filter);
      return toPage(store.entries(where, bounds.limit, bounds.offset).map(entryOf), countWhere(db, benefitVolumes, where), bounds);
    },

    /**
     * Stores every row or none. The reply to a refusal lists every bad row and why; `prior` carries what reading
     * a CSV already found (those rows are not checked again).
     */
    record(rows: VolumeInput[], actor: Actor, label: RowLabel = (i) => `entries/${i}`, prior: { problems: ErrorDetail[]; rows: Set<number> } = { problems: [], rows: new Set() }): VolumeEntry[] {
      const checked = check(rows, actor, label, prior.rows);
      const refusals = checked.refusals;
      const problems = [...prior.problems, ...checked.problems].sort((a, b) => lineOf(a) - lineOf(b));
      if (refusals.length > 0) throw new AppError(403, `Nothing was saved: ${refusals.length} row(s) are for a council you do not lead.`, refusals);
      if (problems.length > 0) throw badRequest(`Nothing was saved: ${problems.length} problem(s) in ${rows.length} row(s).`, problems);
      const enteredAt = instant(clock);
      return inTransaction(db, () => {
        const stored = rows.map((row) => insert.get({
          councilId: row.councilId, transactionTypeId: row.transactionTypeId, month: row.month, ...columnsOf(row.volumes),
          note: row.note?.trim() ?? '', enteredBy: actor.id, enteredByName: actor.name, enteredAt,
        })!.id);
        const first = Math.min(...stored);
        return store.entries(sql`${benefitVolumes.id} between ${first} and ${Math.max(...stored)}`, stored.length, 0).map(entryOf).reverse();
      });
    },

    /** Maps a spreadsheet's codes and cells to entries; every bad cell becomes a problem naming its line. */
    fromCsv(rows: Array<Record<string, string>>): { inputs: VolumeInput[]; problems: ErrorDetail[]; rows: Set<number> } {
      const byCode = (table: typeof councils | typeof transactionTypes) =>
        new Map(db.select({ id: table.id, code: table.code }).from(table).all().map((r) => [r.code.toUpperCase(), r.id]));
      const councilIds = byCode(councils);
      const typeIds = byCode(transactionTypes);
      const channelsOf = new Map(db.select({ id: transactionTypes.id, channels: transactionTypes.channels }).from(transactionTypes).all().map((t) => [t.id, t.channels]));
      const problems: ErrorDetail[] = [];
      const bad = new Set<number>();
      const inputs = rows.map((row, index) => {
        const before = problems.length;
        const at = (field: string) => `line ${index + 2}/${field}`;
        const cell = (name: string) => (row[name] ?? '').trim();
        const councilId = councilIds.get(cell('council').toUpperCase());
        const transactionTypeId = typeIds.get(cell('transaction_type').toUpperCase());
        if (!councilId) problems.push({ field: at('council'), message: `no council with code "${cell('council')}"` });
        if (!transactionTypeId) problems.push({ field: at('transaction_type'), message: `no transaction type with code "${cell('transaction_type')}"` });
        if (!MONTH.test(cell('month'))) problems.push({ field: at('month'), message: `"${cell('month')}" is not a month written YYYY-MM` });
        const volumes: Partial<Record<Channel, number | null>> = {};
        for (const c of CHANNELS) {
          const raw = cell(c);
          if (raw === '') continue;
          const value = Number(raw.replace(/,/g, ''));
          if (!Number.isInteger(value) || value < 0 || value > 10_000_000) problems.push({ field: at(c), message: `"${raw}" is not a whole number of transactions` });
          else if (value > 0 && transactionTypeId && !channelsOf.get(transactionTypeId)?.includes(c)) problems.push({ field: at(c), message: `this transaction type does not arrive by ${c.replace(/_/g, ' ')}` });
          else volumes[c] = value;
        }
        if (totalOf(volumes) === 0 && Object.keys(volumes).length === 0) problems.push({ field: at('volumes'), message: 'needs a count for at least one channel' });
        if (problems.length > before) bad.add(index);
        return { councilId: councilId ?? 0, transactionTypeId: transactionTypeId ?? 0, month: cell('month'), volumes, note: cell('note') };
      });
      return { inputs, problems, rows: bad };
    },
  };
}

export type VolumeService = ReturnType<typeof createVolumeService>;
