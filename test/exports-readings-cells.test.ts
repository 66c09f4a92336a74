import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, type CsvColumn } from '../server/http/csv.ts';
import { readingPageReader, type ReadingTuple } from '../server/modules/exports/readings.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let criterionId: number;
beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  criterionId = (await ctx.call('POST', '/api/criteria', { code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 60 })).body.id;
});
afterAll(async () => closeTestApp(ctx));

/** Text a note or a name may hold: the characters CSV cares about, formula starts, apostrophes, astral letters, empty. */
const text = fc.oneof(
  fc.stringMatching(/^['=+\-@\t\r\n",; a-zô]{0,10}$/),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', 'Generated', 'Smith, J', 'He said "yes"', "'quoted", '=1+1', 'Data generator', 'line\r\nbreak'),
);
const reading = fc.record({
  value: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.1 + 0.2, 61.5, -0, 1e21, 1e-7)),
  note: text,
  enteredBy: text,
  // An instant is always ISO; one with a comma would be written as it is, as before.
  enteredAt: fc.oneof(fc.constant('2026-11-02T10:00:00.000Z'), fc.constantFrom('2026-11-02T10:00:00,5Z', '')),
  feature: fc.boolean(),
});

/** The export as the general writer writes it: every cell through csvCell, from the rows as SQLite holds them. */
function expected(day: string): string {
  type Row = { criterion: string; council: string; feature: string | null; date: string; value: number; note: string; enteredBy: string; enteredAt: string };
  const rows = ctx.db.$client.prepare(`select c.code criterion, o.code council, f.code feature, r.reading_date date, r.value, r.note, r.entered_by_name enteredBy, r.entered_at enteredAt
    from readings r join criteria c on c.id = r.criterion_id join councils o on o.id = r.council_id left join features f on f.id = r.feature_id where r.reading_date = ? order by r.id`).all(day) as Row[];
  const columns: Array<CsvColumn<Row>> = [
    { header: 'criterion', value: (r) => r.criterion }, { header: 'council', value: (r) => r.council }, { header: 'feature', value: (r) => r.feature },
    { header: 'date', value: (r) => r.date }, { header: 'value', value: (r) => r.value }, { header: 'note', value: (r) => r.note },
    // Instants are written as they are, never quoted (they are ISO): so is an odd one.
    { header: 'entered_by', value: (r) => r.enteredBy }, { header: 'entered_at', value: (r) => r.enteredAt, written: (r) => r.enteredAt },
  ];
  return toCsv(columns, rows);
}

describe('the readings export’s last three cells', () => {
  it('are written exactly as the general CSV writer writes them, for any note, name and value', async () => {
    const insert = ctx.db.$client.prepare(`insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by_name, entered_at)
      values (?, ?, ?, ?, ?, ?, ?, ?)`);
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(reading, { minLength: 1, maxLength: 25 }), async (batch) => {
      // Readings are append-only: each batch on a day of its own, exported alone, so a failure shrinks to its rows.
      const day = new Date(Date.UTC(2020, 0, 1 + run++)).toISOString().slice(0, 10);
      ctx.db.$client.transaction(() => {
        for (const r of batch) insert.run(criterionId, plan.north.id, r.feature ? plan.payslip.id : null, r.value, day, r.note, r.enteredBy, r.enteredAt);
      })();
      const res = await ctx.app.inject({ method: 'GET', url: `/api/exports/readings.csv?from=${day}&to=${day}`, headers: { cookie: ctx.office.cookie! } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(expected(day));
    }), { numRuns: 40 });
  });

  it('keeps the header of each of the three cells', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/exports/readings.csv', headers: { cookie: ctx.office.cookie! } });
    expect(res.body.split('\r\n')[0]).toBe('\ufeffcriterion,council,feature,date,value,note,entered_by,entered_at');
  });

  it('switch between pages read joined and cell by cell across a long export, the bytes the same', async () => {
    // 2,400 readings on one day: plain, then every note with a comma, then plain again, with odd ones scattered.
    const day = '2019-06-01';
    const insert = ctx.db.$client.prepare(`insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by_name, entered_at)
      values (?, ?, null, ?, '${day}', ?, ?, '2026-11-02T10:00:00.000Z')`);
    ctx.db.$client.transaction(() => {
      for (let i = 0; i < 2_400; i++) {
        const note = i >= 800 && i < 1_600 ? `Return ${i}, from the LMS` : i % 97 === 0 ? `=${i}` : `Return ${i}`;
        insert.run(criterionId, plan.west.id, i / 4, note, i % 89 === 0 ? 'Lee, Ann' : 'Ann Lee');
      }
    })();
    const res = await ctx.app.inject({ method: 'GET', url: `/api/exports/readings.csv?from=${day}&to=${day}`, headers: { cookie: ctx.office.cookie! } });
    expect(res.body.split('\r\n')).toHaveLength(2_402);
    expect(res.body).toBe(expected(day));
  });

  it('are read joined while few rows need quotes, those read again once a page, and cell by cell while many do', () => {
    const joinedRow = (id: number, lastCells: string): ReadingTuple => [id, 1, 1, null, '2026-11-02', 1, lastCells];
    const calls: string[] = [];
    // Pages of 10 rows, ids after+1 … after+10, those in oddIds needing quotes: one in the first page (at most 1 in 8,
    // so the next is read joined), six in the second, all in the third, one in the fourth.
    const oddIds = new Set([2, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
    const note = (id: number) => (oddIds.has(id) ? `n, ${id}` : `n ${id}`);
    const read = readingPageReader({
      joined: (after) => { calls.push(`joined ${after}`); return Array.from({ length: 10 }, (_, i) => joinedRow(after + i + 1, `${note(after + i + 1)},Ann,T`)); },
      split: (after) => { calls.push(`split ${after}`); return Array.from({ length: 10 }, (_, i) => [after + i + 1, 1, 1, null, '2026-11-02', 1, note(after + i + 1), 'Ann', 'T']); },
      again: (ids) => { calls.push(`again ${ids.join(' ')}`); return ids.map((id) => ({ id, note: note(id), enteredBy: 'Ann', enteredAt: 'T' })); },
    });
    const pages = [0, 10, 20, 30, 40].map((after) => read(after, after + 10, 10).map((r) => r[6]));
    expect(calls).toEqual(['joined 0', 'again 2', 'joined 10', 'again 11 12 13 14 15 16', 'split 20', 'split 30', 'joined 40']);
    expect(pages[0]!.slice(0, 4)).toEqual(['n 1,Ann,T', '"n, 2",Ann,T', 'n 3,Ann,T', 'n 4,Ann,T']);
    expect(pages[2]![0]).toBe('"n, 21",Ann,T');
    expect(pages[3]!.slice(0, 2)).toEqual(['"n, 31",Ann,T', 'n 32,Ann,T']);
    expect(pages.flat()).toHaveLength(50);
  });
});
