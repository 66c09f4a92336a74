import { asc } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { benefits as benefitsTable, councils, features, setupCosts, type Channel } from '../../db/schema.ts';
import { monthOf, nextMonth, type ChannelCost, type Actuals, type Costs, type Series, type Volumes } from '../../domain/benefits.ts';
import type { Steps } from '../../http/steps.ts';
import { createKeptEntries, type EntryRef } from './kept-entries.ts';
import { volumesOf, type createBenefitsStore } from './store.ts';

/** Baselines made into series this many at a time (of 2,400 at national scale), the event loop handed back between. */
const BASELINES_PER_STEP = 400;

type TypeRow = ReturnType<ReturnType<typeof createBenefitsStore>['types']>[number];

/**
 * A series' newest entry of each month, kept as where the entry is (kept-entries.ts's EntryRef), its counts made when
 * read. A day's facts hold some 86,000 of these at 400 councils: a copy of each entry's counts made them 11 MB.
 */
class KeptActuals implements Actuals {
  readonly #refs = new Map<string, EntryRef>();
  readonly #volumesAt: (entry: EntryRef) => Volumes;
  constructor(volumesAt: (entry: EntryRef) => Volumes) { this.#volumesAt = volumesAt; }
  set(month: string, entry: EntryRef): void { this.#refs.set(month, entry); }
  get(month: string): Volumes | undefined {
    const entry = this.#refs.get(month);
    return entry === undefined ? undefined : this.#volumesAt(entry);
  }
  keys(): MapIterator<string> { return this.#refs.keys(); }
  *entries(): MapIterator<[string, Volumes]> {
    for (const [month, entry] of this.#refs) yield [month, this.#volumesAt(entry)];
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
        s = { councilId, featureId: type.featureId, transactionTypeId: typeId, baseline: null, expectedFrom: null, costs: c, actuals: new KeptActuals(volumesAt) };
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
