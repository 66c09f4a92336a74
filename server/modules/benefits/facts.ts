import { asc } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { benefits as benefitsTable, councils, features, setupCosts, type Channel } from '../../db/schema.ts';
import { monthOf, nextMonth, type ChannelCost, type Actuals, type Costs, type Series, type Volumes } from '../../domain/benefits.ts';
import { monthNumber } from '../../domain/months.ts';
import type { Steps } from '../../http/steps.ts';
import { createKeptEntries, type EntryRef } from './kept-entries.ts';
import { volumesOf, type createBenefitsStore } from './store.ts';

/** Baselines made into series this many at a time (of 2,400 at national scale), the event loop handed back between. */
const BASELINES_PER_STEP = 400;

type TypeRow = ReturnType<ReturnType<typeof createBenefitsStore>['types']>[number];

/**
 * A series' newest entry of each month, kept as where the entry is (kept-entries.ts's EntryRef), its counts made when
 * read: two arrays in month order, a month's number and its entry at the same place. A day's facts hold some 864,000
 * of these at 4,000 councils; a Map per series took about 60 bytes an entry, these take 16 (docs/performance.md,
 * "Ten times the data").
 */
export class KeptActuals implements Actuals {
  readonly #months: number[] = [];
  readonly #refs: EntryRef[] = [];
  /** The month texts as the entries gave them, shared by every series of the day. */
  readonly #names: Map<number, string>;
  readonly #volumesAt: (entry: EntryRef) => Volumes;
  constructor(volumesAt: (entry: EntryRef) => Volumes, names: Map<number, string>) {
    this.#volumesAt = volumesAt;
    this.#names = names;
  }

  /** Where `month` is, or where it would go (the first place with a later month). */
  #place(month: number): number {
    const months = this.#months;
    // Entries come in id order, nearly always a series' months in turn: the end is where most belong.
    if (months.length === 0 || months[months.length - 1]! < month) return months.length;
    let [low, high] = [0, months.length - 1];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (months[middle]! < month) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * A later entry for a month replaces the one kept for it (as a Map's set would). An entry whose month is not written
   * YYYY-MM (the API and the imports take no other) could never be asked for by month, so it is not kept.
   */
  set(month: string, entry: EntryRef): void {
    const n = monthNumber(month);
    if (Number.isNaN(n)) return;
    if (!this.#names.has(n)) this.#names.set(n, month);
    const at = this.#place(n);
    if (this.#months[at] === n) {
      this.#refs[at] = entry;
    } else {
      this.#months.splice(at, 0, n);
      this.#refs.splice(at, 0, entry);
    }
  }

  get(month: string): Volumes | undefined {
    const n = monthNumber(month);
    const at = Number.isNaN(n) ? -1 : this.#place(n);
    return at >= 0 && this.#months[at] === n ? this.#volumesAt(this.#refs[at]!) : undefined;
  }

  *keys(): MapIterator<string> {
    for (const n of this.#months) yield this.#names.get(n)!;
  }

  *entries(): MapIterator<[string, Volumes]> {
    for (let i = 0; i < this.#months.length; i += 1) yield [this.#names.get(this.#months[i]!)!, this.#volumesAt(this.#refs[i]!)];
  }
}

/** Everything the figures are made of, as known at the end of a day. */
export interface Facts {
  lastMonth: string;
  types: TypeRow[];
  typeById: Map<number, TypeRow>;
  councilRows: Array<{ id: number; name: string }>;
  councilName: Map<number, string>;
  featureRows: Array<{ id: number; name: string }>;
  series: Series[];
  /** Ids of the indicative unit costs the figures used. */
  indicative: Set<number>;
  setups: Array<{ councilId: number | null; amountPence: number; incurredOn: string }>;
  register: Array<typeof benefitsTable.$inferSelect>;
}

/**
 * What the benefits figures of a day are made of, read as steps (http/steps.ts): the catalogue, the baselines made
 * into series, then every volume entry that counts on that day, from the entries kept in memory (kept-entries.ts).
 */
export function createFactsReader(db: Db, store: ReturnType<typeof createBenefitsStore>) {
  const entries = createKeptEntries(store.entriesBetween, () => db.$client.inTransaction);
  /** Everything the figures are made of, as known at the end of `asOf`. */
  function* factsOn(asOf: string): Steps<Facts> {
    const lastId = store.lastVolumeId();
    const lastMonth = monthOf(asOf);
    const types = store.types();
    const typeById = new Map(types.map((t) => [t.id, t]));
    const councilRows = db.select({ id: councils.id, name: councils.name }).from(councils).orderBy(asc(councils.name)).all();
    const councilName = new Map(councilRows.map((c) => [c.id, c.name]));
    const featureRows = db.select({ id: features.id, name: features.name }).from(features).orderBy(asc(features.name)).all();
    const costs = store.costs();
    const indicative = new Set<number>();
    /** The most specific cost: council and type, council, type, programme default. */
    const costFor = (councilId: number, typeId: number, channel: Channel): ChannelCost | undefined => {
      const rank = (c: (typeof costs)[number]) => (c.councilId === councilId ? 2 : 0) + (c.transactionTypeId === typeId ? 1 : 0);
      let best: (typeof costs)[number] | undefined;
      for (const c of costs) {
        if (c.channel !== channel || (c.councilId !== null && c.councilId !== councilId) || (c.transactionTypeId !== null && c.transactionTypeId !== typeId)) continue;
        if (!best || rank(c) > rank(best)) best = c;
      }
      if (best?.indicative) indicative.add(best.id);
      return best ? { pence: best.costPence, cashable: best.cashable } : undefined;
    };
    // The catalogue above, the baselines below and each window of entries after them are a step each.
    yield;
    const series = new Map<string, Series & { actuals: KeptActuals }>();
    const { volumesAt } = entries;
    const monthNames = new Map<number, string>();
    const seriesOf = (councilId: number, typeId: number): (Series & { actuals: KeptActuals }) | undefined => {
      const type = typeById.get(typeId);
      if (!type) return undefined;
      const key = `${councilId}:${typeId}`;
      let s = series.get(key);
      if (!s) {
        const c: Costs = {};
        for (const channel of type.channels) {
          const cost = costFor(councilId, typeId, channel);
          if (cost) c[channel] = cost;
        }
        s = { councilId, featureId: type.featureId, transactionTypeId: typeId, baseline: null, expectedFrom: null, costs: c, actuals: new KeptActuals(volumesAt, monthNames) };
        series.set(key, s);
      }
      return s;
    };
    const baselineRows = store.baselineVolumes();
    for (let i = 0; i < baselineRows.length; i += 1) {
      const b = baselineRows[i]!;
      const s = seriesOf(b.councilId, b.transactionTypeId);
      if (s) [s.baseline, s.expectedFrom] = [volumesOf(b), nextMonth(monthOf(b.periodTo))];
      if (i % BASELINES_PER_STEP === 0) yield;
    }
    yield;
    // Entries are append-only: reading up to the highest id when the build began reads that moment's entries, however
    // many are added meanwhile (kept in memory, kept-entries.ts). A later entry for the same month replaces an earlier one.
    yield* entries.visit(lastId, `${asOf}T23:59:59.999Z`, lastMonth, (councilId, typeId, month, entry) => {
      seriesOf(councilId, typeId)?.actuals.set(month, entry);
    });
    // Costs resolved for series with channels that only appear in volumes (a type's channels cover them by validation).
    const setups = db.select({ councilId: setupCosts.councilId, amountPence: setupCosts.amountPence, incurredOn: setupCosts.incurredOn }).from(setupCosts).all()
      .filter((s) => s.incurredOn <= asOf);
    const register = db.select().from(benefitsTable).orderBy(asc(benefitsTable.id)).all();
    return { lastMonth, types, typeById, councilRows, councilName, featureRows, series: [...series.values()], indicative, setups, register };
  }

  return factsOn;
}
