import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { benefitVolumes, councils, transactionTypes } from '../server/db/schema.ts';
import { runNow } from '../server/http/steps.ts';
import { createBenefitsReadModel } from '../server/modules/benefits/read-model.ts';
import { createKeptEntries } from '../server/modules/benefits/kept-entries.ts';
import type { EntryTuple } from '../server/modules/benefits/store.ts';
import type { EntryRef } from '../server/modules/benefits/kept-entries.ts';
import { createBenefitsStore } from '../server/modules/benefits/store.ts';
import { withDemoDatabase } from './helpers.ts';

/**
 * Volume entries kept in memory (modules/benefits/kept-entries.ts) are read for a day exactly as the table would be
 * read, however entries are added between reads, and the figures made from them equal figures made afresh.
 */
let db: Db;
const clock = () => new Date('2026-11-23T09:00:00Z');

withDemoDatabase((made) => { db = made; });

/** What the table says counts on a day: the query the facts ran before the entries were kept. */
function fromTable(lastId: number, asOf: string, lastMonth: string) {
  return db.$client.prepare(`select council_id, transaction_type_id, month, paper, email, phone, face_to_face, online, assisted from benefit_volumes
    where id <= ? and entered_at <= ? and month <= ? order by id`).raw().all(lastId, `${asOf}T23:59:59.999Z`, lastMonth);
}

function visited(kept: ReturnType<typeof createKeptEntries>, lastId: number, asOf: string, lastMonth: string) {
  const out: unknown[][] = [];
  runNow(kept.visit(lastId, `${asOf}T23:59:59.999Z`, lastMonth, (councilId, typeId, month, entry) => {
    const v = kept.volumesAt(entry);
    out.push([councilId, typeId, month, v.paper, v.email, v.phone, v.face_to_face, v.online, v.assisted]);
  }));
  return out;
}

const lastId = () => Number(db.$client.prepare('select coalesce(max(id), 0) from benefit_volumes').pluck().get());

const day = fc.integer({ min: 0, max: 900 }).map((n) => new Date(Date.UTC(2024, 5, 1) + n * 86_400_000).toISOString().slice(0, 10));
const count = fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null });
const entry = fc.record({
  council: fc.nat(), type: fc.nat(), month: day.map((d) => d.slice(0, 7)), entered: day, at: fc.integer({ min: 0, max: 86_399_999 }),
  paper: count, email: count, phone: count, faceToFace: count, online: count, assisted: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
});

describe('volume entries kept in memory', () => {
  it('reads each day as the table does, across entries added between reads (random histories)', () => {
    const councilIds = db.select({ id: councils.id }).from(councils).all().map((c) => c.id);
    const typeIds = db.select({ id: transactionTypes.id }).from(transactionTypes).all().map((t) => t.id);
    const store = createBenefitsStore(db);
    fc.assert(fc.property(fc.array(fc.tuple(fc.array(entry, { maxLength: 40 }), fc.array(day, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 }), (rounds) => {
      db.$client.exec('savepoint history');
      try {
        const kept = createKeptEntries(store.entriesBetween);
        for (const [added, days] of rounds) {
          for (const e of added) {
            db.insert(benefitVolumes).values({
              councilId: councilIds[e.council % councilIds.length]!, transactionTypeId: typeIds[e.type % typeIds.length]!, month: e.month,
              paper: e.paper, email: e.email, phone: e.phone, faceToFace: e.faceToFace, online: e.online, assisted: e.assisted,
              enteredByName: 'Ada Example', enteredAt: new Date(Date.parse(`${e.entered}T00:00:00Z`) + e.at).toISOString(),
            }).run();
          }
          for (const d of days) {
            const upTo = lastId();
            expect(visited(kept, upTo, d, d.slice(0, 7))).toEqual(fromTable(upTo, d, d.slice(0, 7)));
            // An earlier moment: only the entries up to the highest id a build began with.
            const earlier = Math.floor(upTo / 2);
            expect(visited(kept, earlier, d, d.slice(0, 7))).toEqual(fromTable(earlier, d, d.slice(0, 7)));
          }
        }
      } finally {
        db.$client.exec('rollback to history; release history');
      }
    }), { numRuns: 40 });
  });

  it('keeps nothing read inside a transaction: entries rolled back are not seen again, and the ids they had are', () => {
    const store = createBenefitsStore(db);
    const kept = createKeptEntries(store.entriesBetween, () => db.$client.inTransaction);
    const [c] = db.select({ id: councils.id }).from(councils).limit(1).all();
    const [t] = db.select({ id: transactionTypes.id }).from(transactionTypes).limit(1).all();
    const add = (paper: number) => db.insert(benefitVolumes).values({
      councilId: c!.id, transactionTypeId: t!.id, month: '2026-10', paper, enteredByName: 'Ada Example', enteredAt: '2026-11-02T10:00:00.000Z',
    }).returning({ id: benefitVolumes.id }).get().id;
    const asOf = '2026-11-23';
    visited(kept, lastId(), asOf, '2026-11');
    const committed = kept.stats().upTo;
    db.$client.exec('savepoint outer');
    try {
      db.$client.exec('savepoint doomed');
      const doomed = add(111);
      // Read inside the transaction: the new entry is seen, but not kept.
      expect(visited(kept, lastId(), asOf, '2026-11').at(-1)).toEqual([c!.id, t!.id, '2026-10', 111, null, null, null, null, null]);
      expect(kept.stats().upTo).toBe(committed);
      db.$client.exec('rollback to doomed; release doomed');
      const reused = add(222);
      expect(reused).toBe(doomed);
      expect(visited(kept, lastId(), asOf, '2026-11')).toEqual(fromTable(lastId(), asOf, '2026-11'));
    } finally {
      db.$client.exec('rollback to outer; release outer');
    }
  });

  it('figures made after entries are added equal figures made by a read model that never saw the earlier ones', async () => {
    const early = createBenefitsReadModel(db, clock);
    const [june, today] = ['2026-06-30', '2026-11-23'];
    const before = { june: await early.summary({ asOf: june }), today: await early.summary({ asOf: today }) };
    db.$client.exec('savepoint added');
    try {
      const [c] = db.select({ id: councils.id }).from(councils).limit(1).all();
      const [t] = db.select({ id: transactionTypes.id }).from(transactionTypes).limit(1).all();
      db.insert(benefitVolumes).values([
        { councilId: c!.id, transactionTypeId: t!.id, month: '2026-10', paper: 1, online: 99_999, enteredByName: 'Ada Example', enteredAt: '2026-11-02T10:00:00.000Z' },
        { councilId: c!.id, transactionTypeId: t!.id, month: '2026-05', paper: 7, online: 3, enteredByName: 'Ada Example', enteredAt: '2026-11-20T10:00:00.000Z' },
      ]).run();
      const fresh = createBenefitsReadModel(db, clock);
      const after = { june: await early.summary({ asOf: june }), today: await early.summary({ asOf: today }) };
      expect(after.june).toEqual(fresh.summaryNow({ asOf: june }));
      expect(after.today).toEqual(fresh.summaryNow({ asOf: today }));
      // Entered in November, neither counts on 30 June; today both do.
      expect(after.june).toEqual(before.june);
      expect(after.today.headline).not.toEqual(before.today.headline);
    } finally {
      db.$client.exec('rollback to added; release added');
    }
  });
});

describe('kept counts', () => {
  /** Entries 1..n as the table would give them, with these counts in every channel. */
  const entries = (values: Array<number | null>) => values.map((v, i) => [i + 1, 1, 1, '2026-10', v, v, v, v, v, v, '2026-11-01T09:00:00.000Z'] as EntryTuple);
  const visit = (values: Array<number | null>) => {
    const rows = entries(values);
    const kept = createKeptEntries((after, upto) => rows.filter(([id]) => id > after && id <= upto));
    const out: Array<number | null> = [];
    runNow(kept.visit(rows.length, '2026-11-23T23:59:59.999Z', '2026-11', (_c, _t, _m, entry) => { out.push(kept.volumesAt(entry).paper); }));
    return out;
  };

  it('are given back exactly: whole counts up to the API\'s limit, and any other number once one arrives', () => {
    expect(visit([0, 1, 10_000_000, null, 16_777_216])).toEqual([0, 1, 10_000_000, null, 16_777_216]);
    // Not one in four bytes: the counts kept before it stay exact too.
    expect(visit([3, 16_777_217, 7, null])).toEqual([3, 16_777_217, 7, null]);
    expect(visit([12, 0.1, 5])).toEqual([12, 0.1, 5]);
  });

  it('read where a visit pointed give the same counts after later entries grow the columns and widen them to eight bytes', () => {
    const rows = entries([5, null, 16_777_216]);
    const kept = createKeptEntries((after, upto) => rows.filter(([id]) => id > after && id <= upto));
    const refs: EntryRef[] = [];
    runNow(kept.visit(3, '2026-11-23T23:59:59.999Z', '2026-11', (_c, _t, _m, entry) => { refs.push(entry); }));
    expect(refs).toEqual([0, 1, 2]);
    // 2,001 entries more: the columns, made for 1,024 entries, are made again, and 0.1 is not exact in four bytes.
    rows.splice(0, rows.length, ...entries([5, null, 16_777_216, ...Array<number>(2000).fill(7), 0.1]));
    runNow(kept.visit(rows.length, '2026-11-23T23:59:59.999Z', '2026-11', () => {}));
    expect(Math.fround(0.1)).not.toBe(0.1);
    expect(refs.map((entry) => kept.volumesAt(entry).online)).toEqual([5, null, 16_777_216]);
    expect(kept.volumesAt(2002).email).toBe(7);
    expect(kept.volumesAt(rows.length - 1).paper).toBe(0.1);
  });

  it('are given room once for the entries one reading brings, and a quarter more when a few come after', () => {
    const rows = entries(Array<number>(12_000).fill(1));
    const kept = createKeptEntries((after, upto) => rows.filter(([id]) => id > after && id <= upto));
    runNow(kept.visit(12_000, '2026-11-23T23:59:59.999Z', '2026-11', () => {}));
    // Read 5,000 ids at a time, the columns grown as they filled were made for 5,000, 10,000 and then 20,000 entries.
    expect(kept.stats()).toEqual({ entries: 12_000, upTo: 12_000, room: 12_000 });
    rows.push(...entries(Array<number>(12_001).fill(2)).slice(12_000));
    runNow(kept.visit(12_001, '2026-11-23T23:59:59.999Z', '2026-11', () => {}));
    expect(kept.stats()).toEqual({ entries: 12_001, upTo: 12_001, room: 15_000 });
    expect(kept.volumesAt(12_000).paper).toBe(2);
  });
});
