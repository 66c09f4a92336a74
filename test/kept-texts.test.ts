/**
 * Texts of kept judgements held once (server/modules/readiness/kept-texts.ts): the engine points the names, days and
 * reasons of the items it keeps at one string each, and what they read stays the same.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { interner } from '../server/domain/objects.ts';
import { createReadinessEngine } from '../server/modules/readiness/engine.ts';
import { shareTexts } from '../server/modules/readiness/kept-texts.ts';
import { TODAY, withDemoDatabase } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const clock = () => new Date(`${TODAY}T09:00:00Z`);

describe('texts of kept judgements', () => {
  let db: Db;
  withDemoDatabase((made) => { db = made; });

  it('leave every kept item as a judgement that keeps nothing would read it, today and a month back', () => {
    const engine = createReadinessEngine(db, clock);
    for (const asOf of [TODAY, '2026-10-23']) {
      const kept = engine.evaluateItems({ asOf });
      const fresh = createReadinessEngine(db, clock).evaluateItems({ asOf, cache: false });
      expect(kept.items.length).toBeGreaterThan(20);
      expect(kept.items).toEqual(fresh.items);
      // And from the cache on the next request, the same objects.
      expect(engine.evaluateItems({ asOf }).items).toEqual(fresh.items);
    }
  });

  it('keep one result object for a council-wide criterion among the council\'s items', () => {
    const { items } = createReadinessEngine(db, clock).evaluateItems({ asOf: TODAY });
    const results = items.flatMap((i) => i.readiness.criteria);
    expect(new Set(results).size).toBeLessThan(results.length / 2);
  });

  it('keep one copy of each text where the items read from the database held one each', () => {
    // 3,000 items of one council with texts made afresh, as rows read from SQLite are; the heap grows by what is kept.
    const script = `
      import { interner } from './server/domain/objects.ts';
      import { shareTexts } from './server/modules/readiness/kept-texts.ts';
      const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
      const fresh = (text) => text.split('').join('');
      const evaluation = () => {
        const result = { criterionId: 1, code: 'TRAINED', name: 'Staff trained', status: 'not_met', readingDate: fresh('2026-11-16'), since: fresh('2026-10-05'),
          reason: fresh('Staff trained: 41% against a target of at least 85%, 44 percentage points short; not met since 5 October 2026') };
        return { score: 40, rag: 'red', criteria: [result], reasons: [result.reason, fresh('Readiness score 40 is under 50')], notDue: 0, nothingDue: false };
      };
      const make = () => Array.from({ length: 3000 }, (_, i) => ({
        facts: { itemId: i, councilName: fresh('Northmoor Metropolitan Borough Council'), councilCode: fresh('NMB'), featureName: fresh('View payslips'), plannedGoLive: fresh('2026-12-07') },
        progress: { itemId: i, plannedGoLive: fresh('2026-12-07'), slipState: fresh('on_plan') },
        readiness: evaluation(), adoption: null,
      }));
      const grownBy = (share) => {
        globalThis.kept = undefined;
        const before = heap();
        const items = make();
        share(items);
        globalThis.kept = items;
        return heap() - before;
      };
      const copies = grownBy(() => {});
      const shared = grownBy((items) => shareTexts(items, interner(1000)));
      console.log(JSON.stringify({ copies, shared }));`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { copies, shared } = JSON.parse(out) as { copies: number; shared: number };
    // Ten texts of 3 to 120 characters per item are some 400 bytes; 3,000 items' worth is over 1 MB.
    expect(copies - shared).toBeGreaterThan(1_000_000);
  });

  it('hand back texts equal to the ones they replace, however small the interner', () => {
    const text = interner(2);
    const items = [0, 1, 2].map((i) => ({
      facts: { itemId: i, councilName: `Council ${i % 2}`, waveName: null }, progress: { plannedGoLive: '2026-12-07', overdue: false },
      readiness: { score: 80, rag: 'amber' as const, criteria: [], reasons: [`reason ${i}`, 'shared'], notDue: 0, nothingDue: false }, adoption: null,
    }));
    const before = structuredClone(items);
    shareTexts(items, text);
    expect(items).toEqual(before);
  });
});
