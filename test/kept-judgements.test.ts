/**
 * What kept judgements share (server/modules/readiness/kept-judgements.ts): the engine points the names, days and
 * reasons of the items it keeps at one string each, and results that say the same at one object, and what they read
 * stays the same.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { interner } from '../server/domain/objects.ts';
import { createReadinessEngine } from '../server/modules/readiness/engine.ts';
import { evaluate, type CriterionRule } from '../server/domain/readiness.ts';
import { keptResults, RESULT_FIELDS_COMPARED, sameResult, shareKept } from '../server/modules/readiness/kept-judgements.ts';
import { TODAY, withDemoDatabase } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const clock = () => new Date(`${TODAY}T09:00:00Z`);

describe('what kept judgements share', () => {
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

  it('hold one result object for all the results that say the same, of any council, and two for two that differ', () => {
    const { items } = createReadinessEngine(db, clock).evaluateItems({ asOf: TODAY });
    const results = items.flatMap((i) => [...i.readiness.criteria, ...(i.adoption?.criteria ?? [])]);
    const objects = new Set(results);
    const contents = new Set(results.map((r) => JSON.stringify(r)));
    expect(objects.size).toBeLessThan(results.length / 2);
    expect(objects.size).toBe(contents.size);
    expect(new Set(items.map((i) => i.facts.councilId)).size).toBeGreaterThan(1);
  });

  it('tell results apart by every field they have, of every kind a judgement makes', () => {
    // Results of each status: not due on a ramp, no reading, a reading too old, met, at risk and not met.
    const rule = (over: Partial<CriterionRule>): CriterionRule => ({
      id: 1, code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, weight: 1,
      mandatory: false, scope: 'council', audience: 'all', phase: 'readiness', ...over,
    } as CriterionRule);
    const rules = [
      rule({}), rule({ id: 2, expectation: { kind: 'not_due', goLive: '2027-01-04', firstDue: '2026-12-07', firstTarget: 50 } } as Partial<CriterionRule>),
      rule({ id: 3 }), rule({ id: 4 }), rule({ id: 5 }), rule({ id: 6, trackingOnly: true }),
    ];
    const histories: Record<number, Array<{ value: number; readingDate: string }>> = {
      1: [{ value: 90, readingDate: '2026-11-20' }], 3: [{ value: 70, readingDate: '2026-11-20' }], 4: [{ value: 10, readingDate: '2026-11-20' }],
      5: [{ value: 90, readingDate: '2026-01-05' }],
    };
    const { criteria } = evaluate(rules, (r) => histories[r.id] ?? [], TODAY, { scoreRedBelow: 50, staleAfterDays: 30 } as never, 100);
    expect(new Set(criteria.map((c) => c.status))).toEqual(new Set(['met', 'not_due', 'missing', 'at_risk', 'not_met']));
    for (const result of criteria) {
      expect(RESULT_FIELDS_COMPARED).toEqual(expect.arrayContaining(Object.keys(result)));
      expect(sameResult(result, { ...result })).toBe(true);
      // Any one field different, and the two are told apart.
      for (const field of RESULT_FIELDS_COMPARED) expect(sameResult(result, { ...result, [field]: 'another' } as never), field).toBe(false);
    }
  });

  it('keep one copy of each text and result where the items read from the database held one each', () => {
    // 10,000 items of one council with texts made afresh, as rows read from SQLite are; the heap grows by what is kept.
    const script = `
      import { interner } from './server/domain/objects.ts';
      import { keptResults, shareKept } from './server/modules/readiness/kept-judgements.ts';
      const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
      const fresh = (text) => text.split('').join('');
      const evaluation = () => {
        const result = { criterionId: 1, code: 'TRAINED', name: 'Staff trained', status: 'not_met', readingDate: fresh('2026-11-16'), since: fresh('2026-10-05'),
          reason: fresh('Staff trained: 41% against a target of at least 85%, 44 percentage points short; not met since 5 October 2026') };
        return { score: 40, rag: 'red', criteria: [result], reasons: [result.reason, fresh('Readiness score 40 is under 50')], notDue: 0, nothingDue: false };
      };
      const make = () => Array.from({ length: 10_000 }, (_, i) => ({
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
      const shared = grownBy((items) => shareKept(items, { text: interner(1000), results: keptResults() }));
      console.log(JSON.stringify({ copies, shared }));`;

    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { copies, shared } = JSON.parse(out) as { copies: number; shared: number };
    // Ten texts of 3 to 120 characters and a result per item: 350–420 bytes an item in five runs, so over 2.5 MB.
    expect(copies - shared).toBeGreaterThan(2_500_000);
  });

  it('hand back texts equal to the ones they replace, however small the interner', () => {
    const text = interner(2);
    const items = [0, 1, 2].map((i) => ({
      facts: { itemId: i, councilName: `Council ${i % 2}`, waveName: null }, progress: { plannedGoLive: '2026-12-07', overdue: false },
      readiness: { score: 80, rag: 'amber' as const, criteria: [], reasons: [`reason ${i}`, 'shared'], notDue: 0, nothingDue: false }, adoption: null,
    }));
    const before = structuredClone(items);
    shareKept(items, { text, results: keptResults() });
    expect(items).toEqual(before);
  });
});
