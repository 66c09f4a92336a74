import type { Channel } from '../../db/schema.ts';
import { monthNumber } from '../../domain/months.ts';
import type { Steps } from '../../http/steps.ts';
import { volumesOf, type EntryTuple } from './store.ts';

/** Ids read from the table at a time when the kept copy is topped up, the event loop handed back between. */
const READ_WINDOW = 5000;
/** Entries visited between two pauses of a day's facts. */
const VISIT_STEP = 5000;
/** Room made at once for at most this many entries to come (some 50 MB of columns); beyond it they grow as they fill. */
const RESERVE_AT_MOST = 1 << 20;
/** The six counts of an entry, in CHANNELS order (store.ts volumesOf's). */
const COUNTS = 6;

/**
 * Where an entry's six counts are: the index of a kept entry (read with `volumesAt`), or the counts themselves for an
 * entry read from the table for one visit. A day's facts keep these rather than a copy of the counts: about 30 bytes an
 * entry against 100 (docs/performance.md, "A day's facts point at the kept entries").
 */
export type EntryRef = number | Record<Channel, number | null>;

type Visitor = (councilId: number, transactionTypeId: number, month: string, entry: EntryRef) => void;

/** A kept count: null where the table has none (kept as NaN). */
function countIn(column: Float32Array | Float64Array, at: number): number | null {
  const value = column[at]!;
  return Number.isNaN(value) ? null : value;
}

/**
 * The column with room for `needed` values: itself, or a copy a quarter larger than it was (at least `needed`). A
 * quarter, not double: at 4,000 councils the columns hold some 45 MB, and one entry saved after they were read
 * whole would otherwise take another 45 MB for the next one.
 */
function grown<A extends Float64Array | Float32Array | Int32Array>(column: A, make: (length: number) => A, needed: number): A {
  if (needed <= column.length) return column;
  const bigger = make(Math.max(needed, Math.ceil(column.length * 1.25), 1024));
  bigger.set(column);
  return bigger;
}

/**
 * Every benefit volume entry kept in memory, a column each, in id order, and topped up with the entries saved since
 * when a day's facts are next made. Entries are append-only (migration 0013 refuses updates and deletes; ids come
 * from AUTOINCREMENT, so a later entry always has a higher id), so what is kept never goes stale.
 *
 * A day's facts read every entry that counts on that day (some 86,400 at 400 councils): through SQLite that was
 * about 150 ms of a month's board report (the benefits headline at the start of its period), most of it spent
 * turning rows into JavaScript values. Kept here, they cost about 40 bytes each and a pass over them a few ms
 * (docs/performance.md, "Volume entries kept in memory").
 */
export function createKeptEntries(read: (after: number, upto: number) => EntryTuple[], inTransaction: () => boolean = () => false) {
  let size = 0;
  /** The highest id read so far: every entry up to it is kept. */
  let upTo = 0;
  let ids = new Float64Array(0);
  let councilIds = new Int32Array(0);
  let typeIds = new Int32Array(0);
  /**
   * NaN where the count is not given (null in the table). Four bytes a count while every count fits one exactly (whole
   * numbers up to 2^24: the API takes up to 10,000,000); eight from the first that does not (docs/performance.md).
   */
  let counts: Float32Array | Float64Array = new Float32Array(0);
  // Each entry's month as its number (-1 for a text that is not a month) and its instant in ms: outside the heap,
  // where arrays of strings took 16 bytes an entry or more in it (docs/performance.md, "Ten times the data").
  let monthNumbers = new Int32Array(0);
  let enteredMs = new Float64Array(0);
  const monthNames = new Map<number, string>();
  /** The last instant turned into ms: a bulk entry's rows share one (ISO texts as the app writes them, ordered as in time). */
  let lastInstant = { text: '', ms: Number.NaN };

  /** Room for `more` entries after those kept, every column made once to that size. */
  const reserve = (more: number) => {
    const needed = size + more;
    ids = grown(ids, (n) => new Float64Array(n), needed);
    councilIds = grown(councilIds, (n) => new Int32Array(n), needed);
    typeIds = grown(typeIds, (n) => new Int32Array(n), needed);
    monthNumbers = grown(monthNumbers, (n) => new Int32Array(n), needed);
    enteredMs = grown(enteredMs, (n) => new Float64Array(n), needed);
    counts = counts instanceof Float32Array ? grown(counts, (n) => new Float32Array(n), needed * COUNTS) : grown(counts, (n) => new Float64Array(n), needed * COUNTS);
  };

  const append = (rows: EntryTuple[]) => {
    reserve(rows.length);
    for (const [id, councilId, typeId, monthOf, ...rest] of rows) {
      ids[size] = id;
      councilIds[size] = councilId;
      typeIds[size] = typeId;
      for (let c = 0; c < COUNTS; c += 1) {
        const value = (rest[c] as number | null) ?? Number.NaN;
        if (counts instanceof Float32Array && Math.fround(value) !== value && !Number.isNaN(value)) counts = Float64Array.from(counts);
        counts[size * COUNTS + c] = value;
      }
      const number = monthNumber(monthOf);
      monthNumbers[size] = Number.isNaN(number) ? -1 : number;
      if (number >= 0 && !monthNames.has(number)) monthNames.set(number, monthOf);
      const instant = rest[COUNTS] as string;
      if (instant !== lastInstant.text) lastInstant = { text: instant, ms: Date.parse(instant) };
      enteredMs[size] = lastInstant.ms;
      size += 1;
    }
  };

  function* topUp(lastId: number): Steps<void> {
    // Ids only grow and are never used twice, so at most this many entries are to come: room made once for them all,
    // rather than the columns made again (and held twice meanwhile) as they fill.
    if (lastId > upTo) reserve(Math.min(lastId - upTo, RESERVE_AT_MOST));
    while (upTo < lastId) {
      const upto = Math.min(upTo + READ_WINDOW, lastId);
      append(read(upTo, upto));
      upTo = upto;
      yield;
    }
  }

  return {
    /**
     * Each entry with an id up to `lastId` entered by `asOfEnd` (an ISO instant) for a month up to `lastMonth`, in id
     * order, as the facts of a day read them from the table; a pause every few thousand.
     */
    *visit(lastId: number, asOfEnd: string, lastMonth: string, each: Visitor): Steps<void> {
      // Inside a transaction (a write that reads figures before it commits) entries may yet be rolled back, and their
      // ids used again: those are read from the table for this visit and not kept.
      const keep = !inTransaction();
      if (keep) yield* topUp(lastId);
      // Another build may top up meanwhile: it only appends, and these columns hold every entry up to `kept`.
      const [n, kept, id, council, type, month, entered] = [size, upTo, ids, councilIds, typeIds, monthNumbers, enteredMs];
      const [endMs, lastMonthNumber] = [Date.parse(asOfEnd), monthNumber(lastMonth)];
      for (let i = 0; i < n && id[i]! <= lastId; i += 1) {
        if (entered[i]! <= endMs && month[i]! >= 0 && month[i]! <= lastMonthNumber) each(council[i]!, type[i]!, monthNames.get(month[i]!)!, i);
        if (i % VISIT_STEP === VISIT_STEP - 1) yield;
      }
      for (let after = kept; after < lastId; after += READ_WINDOW) {
        for (const [, councilId, typeId, m, paper, email, phone, faceToFace, online, assisted, entered] of read(after, Math.min(after + READ_WINDOW, lastId))) {
          if (entered <= asOfEnd && m <= lastMonth) each(councilId, typeId, m, volumesOf({ paper, email, phone, faceToFace, online, assisted }));
        }
        yield;
      }
    },
    /** An entry's counts by channel, from where a visit said they are. */
    volumesAt(entry: EntryRef): Record<Channel, number | null> {
      if (typeof entry !== 'number') return entry;
      const [column, at] = [counts, entry * COUNTS];
      return {
        paper: countIn(column, at), email: countIn(column, at + 1), phone: countIn(column, at + 2),
        face_to_face: countIn(column, at + 3), online: countIn(column, at + 4), assisted: countIn(column, at + 5),
      };
    },
    /** Entries kept, the highest id read, and how many entries the columns have room for. */
    stats: () => ({ entries: size, upTo, room: ids.length }),
  };
}
