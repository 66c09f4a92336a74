/**
 * The readings list's totals (createAppendOnlyCounter): a filter's first count off the event loop (in a worker
 * thread on a file), then only rows added since; exact for every filter, whoever added the rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { closeTestApp, createTestApp, seedSmallPlan } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('readings list totals', () => {
  it.each([['a file (first counts in a worker thread)', true], ['memory', false]])('match a direct count for every filter, before and after new readings: %s', async (_, onFile) => {
    const dir = mkdtempSync(join(tmpdir(), 'reading-counts-'));
    dirs.push(dir);
    const file = join(dir, 'rollout.sqlite');
    const ctx = await createTestApp(onFile ? { file } : {});
    try {
      const plan = await seedSmallPlan(ctx);
      const criterionId = (await ctx.call('POST', '/api/criteria', {
        code: 'TRAINED', name: 'Managers trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, scope: 'council', phase: 'readiness',
      })).body.id as number;
      const write = (councilId: number, readingDate: string, value: number) =>
        ctx.call('POST', '/api/readings/bulk', { readings: [{ criterionId, councilId, value, readingDate }] });
      for (const [i, day] of ['2026-09-01', '2026-10-01', '2026-11-01'].entries()) {
        expect((await write(plan.north.id, day, 40 + i)).status).toBe(201);
        expect((await write(plan.west.id, day, 50 + i)).status).toBe(201);
      }
      const direct = (where: string) => ctx.db.$client.prepare(`select count(*) from readings where ${where}`).pluck().get() as number;
      const filters: Array<[string, string]> = [
        ['', '1'],
        [`?councilId=${plan.north.id}`, `council_id = ${plan.north.id}`],
        [`?councilId=${plan.west.id}&from=2026-10-01`, `council_id = ${plan.west.id} and reading_date >= '2026-10-01'`],
        [`?criterionId=${criterionId}&to=2026-10-15`, `criterion_id = ${criterionId} and reading_date <= '2026-10-15'`],
      ];
      const totals = async () => Promise.all(filters.map(async ([query]) => (await ctx.call('GET', `/api/readings${query}`)).body.page.total as number));
      expect(await totals()).toEqual(filters.map(([, where]) => direct(where)));
      expect(direct('1')).toBe(6);

      // New readings, one dated back inside an earlier filter's range, and one written by another connection.
      expect((await write(plan.north.id, '2026-10-10', 45)).status).toBe(201);
      expect((await write(plan.west.id, '2026-11-20', 55)).status).toBe(201);
      if (onFile) {
        const other = openDatabase({ file });
        other.$client.prepare(`insert into readings (criterion_id, council_id, value, reading_date, note, entered_by, entered_by_name, entered_at)
          values (?, ?, 46, '2026-10-05', '', 1, 'A script', '2026-11-23T10:00:00.000Z')`).run(criterionId, plan.north.id);
        other.$client.close();
      }
      expect(await totals()).toEqual(filters.map(([, where]) => direct(where)));
      expect(direct('1')).toBe(onFile ? 9 : 8);
      // A page still holds the newest rows first, whatever the total.
      const page = (await ctx.call('GET', `/api/readings?councilId=${plan.north.id}&limit=2`)).body;
      expect(page.data.map((r: { readingDate: string }) => r.readingDate)).toEqual(['2026-11-01', '2026-10-10']);
    } finally {
      await closeTestApp(ctx);
    }
  });
});

describe('readings list totals inside a transaction', () => {
  it('count the transaction\'s own rows, and keep nothing of them once it rolls back', async () => {
    const ctx = await createTestApp();
    try {
      const plan = await seedSmallPlan(ctx);
      const criterionId = (await ctx.call('POST', '/api/criteria', {
        code: 'TRAINED', name: 'Managers trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, scope: 'council', phase: 'readiness',
      })).body.id as number;
      const write = (value: number) => ctx.call('POST', '/api/readings/bulk', { readings: [{ criterionId, councilId: plan.north.id, value, readingDate: '2026-11-01' }] });
      const total = async () => (await ctx.call('GET', `/api/readings?councilId=${plan.north.id}`)).body.page.total as number;
      expect((await write(40)).status).toBe(201);
      expect(await total()).toBe(1);

      const insert = ctx.db.$client.prepare(`insert into readings (criterion_id, council_id, value, reading_date, note, entered_by, entered_by_name, entered_at)
        values (?, ?, 41, '2026-11-02', '', null, 'A script', '2026-11-23T10:00:00.000Z')`);
      ctx.db.$client.exec('begin');
      insert.run(criterionId, plan.north.id);
      insert.run(criterionId, plan.north.id);
      expect(await total()).toBe(3);
      ctx.db.$client.exec('rollback');

      expect(await total()).toBe(1);
      // The rolled-back rows' ids are taken again by the next committed ones: each counted once.
      expect((await write(42)).status).toBe(201);
      expect(await total()).toBe(2);
    } finally {
      await closeTestApp(ctx);
    }
  });
});
