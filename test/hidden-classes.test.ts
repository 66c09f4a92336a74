/**
 * The objects the read paths make by the thousand share their hidden classes (server/domain/objects.ts). In the V8
 * of Node 20 an object spread followed by a new key gave every judgement a map and a descriptor array of its own:
 * a third of the live heap at 400 councils. V8's own %HaveSameMap tells, so the check runs in a child process
 * started with --allow-natives-syntax.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extend, flat } from '../server/domain/objects.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** Runs `body` as an ES module with V8's natives syntax; `maps(list)` counts the distinct hidden classes in a list. */
function distinctMaps(body: string): Record<string, number> {
  const script = `
    const same = new Function('a', 'b', 'return %HaveSameMap(a, b)');
    const maps = (list) => { const seen = []; for (const o of list) if (!seen.some((s) => same(s, o))) seen.push(o); return seen.length; };
    ${body}`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, number>;
}

describe('hidden classes on the read paths', () => {
  it('judgements of 2,000 varied criteria share a handful of hidden classes, where a spread gave each its own', () => {
    const counts = distinctMaps(`
      import { evaluate } from './server/domain/readiness.ts';
      import { itemProgress } from './server/domain/progress.ts';
      const units = ['percent', 'people', 'score', 'days', 'count'];
      const judged = [], progress = [], spread = [];
      for (let i = 0; i < 2000; i += 1) {
        const rule = {
          id: i % 40, code: 'C' + (i % 40), name: 'Criterion ' + (i % 40), unit: units[i % 5], direction: i % 3 ? 'higher' : 'lower',
          target: 80 + (i % 7) / 2, amberThreshold: 60, weight: 1 + (i % 3), mandatory: i % 2 === 0, scope: 'item', audience: 'all', phase: 'readiness',
          expectation: i % 13 === 0 ? { kind: 'not_due', goLive: '2027-01-04', firstDue: '2026-12-07', firstTarget: 50 } : undefined,
        };
        const history = i % 9 === 0 ? [] : [{ value: (i % 5) * 17.3, readingDate: i % 19 === 0 ? '2026-01-05' : '2026-11-0' + (1 + (i % 8)) }];
        judged.push(evaluate([rule], () => history, '2026-11-20', { scoreRedBelow: 50, staleAfterDays: 30 }, 100 + i).criteria[0]);
        const item = { itemId: i, status: i % 4 ? 'planned' : 'live', plannedGoLive: '2026-12-0' + (1 + (i % 9)), actualGoLive: i % 4 ? null : '2026-11-02',
          audience: 'employees', staffHeadcount: 100 + i, managerHeadcount: 10, groupHeadcount: null };
        progress.push(itemProgress(item, i % 2 ? { status: 'planned', plannedGoLive: '2026-11-30' } : undefined, '2026-11-20'));
        spread.push({ ...{ id: i, name: 'x' }, more: i });
      }
      console.log(JSON.stringify({ judged: maps(judged), progress: maps(progress), spread: maps(spread) }));
    `);
    // The control: the spread form really does give each object its own class in this Node, so the check can fail.
    expect(counts.spread).toBeGreaterThan(1000);
    expect(counts.judged).toBeLessThanOrEqual(6);
    expect(counts.progress).toBeLessThanOrEqual(4);
  });

  it('extend() means what a spread means: a new object, later keys win, the sources unchanged', () => {
    const base = { a: 1, b: 2 };
    const more = { b: 3, c: 4 };
    const out = extend(base, more);
    expect(out).toEqual({ a: 1, b: 3, c: 4 });
    expect(out).not.toBe(base);
    expect(base).toEqual({ a: 1, b: 2 });
    expect(Object.keys(out)).toEqual(['a', 'b', 'c']);
  });

  it("a judgement's reasons are flat strings, not trees of pieces, with the same text", () => {
    // A heap snapshot names a flat string by its text; a tree of pieces (a cons string) is not named so, as the
    // control shows, so a reason left as a tree would not be found.
    const script = `
      import v8 from 'node:v8';
      import { evaluate } from './server/domain/readiness.ts';
      const rule = { id: 1, code: 'T', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, weight: 1, mandatory: true, scope: 'item', audience: 'all', phase: 'readiness' };
      const e = evaluate([rule], () => [{ value: 41.5, readingDate: '2026-11-02' }], '2026-11-20', { scoreRedBelow: 50, staleAfterDays: 30 }, 100);
      const control = \`\${rule.name}: \${Math.random() > 2 ? 'x' : 'no reading'} yet, and more words\`;
      globalThis.kept = [control, e.criteria[0].reason, e.reasons[0]];
      let text = '';
      for await (const chunk of v8.getHeapSnapshot()) text += chunk;
      const snap = JSON.parse(text);
      const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
      const flat = new Set();
      for (let i = 0; i < snap.nodes.length; i += fields.length) {
        if (types[snap.nodes[i + fields.indexOf('type')]] === 'string') flat.add(snap.strings[snap.nodes[i + fields.indexOf('name')]]);
      }
      console.log(JSON.stringify(globalThis.kept.map((s) => [s, flat.has(s)])));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const [control, reason, mandatory] = JSON.parse(out) as Array<[string, boolean]>;
    expect(control).toEqual(['Staff trained: no reading yet, and more words', false]);
    expect(reason![0]).toMatch(/^Staff trained: 41.5% against a target of at least 80%/);
    expect(reason![1]).toBe(true);
    expect(mandatory![0]).toMatch(/^Mandatory: Staff trained: 41.5%/);
    expect(mandatory![1]).toBe(true);
  });

  it('flat() keeps every character', () => {
    for (const text of ['', 'a', 'short', 'Café – naïve 日本 and more text', `${'x'.repeat(20)}${Math.PI}`, 'emoji 👩‍💻 split across halves']) {
      expect(flat(text)).toBe(text);
    }
  });
});
