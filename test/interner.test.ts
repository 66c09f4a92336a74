/**
 * One string for each distinct text (interner in server/domain/objects.ts): kept histories and kept benefit entries
 * hold a day or a month per row, read from SQLite as a string of its own each time.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interner } from '../server/domain/objects.ts';

const ROOT = resolve(import.meta.dirname, '..');

describe('interner', () => {
  it('hands back the text it was given, whatever the texts and however often it starts again', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }), (limit, texts) => {
      const intern = interner(limit);
      expect(texts.map(intern)).toEqual(texts);
    }));
  });

  it('keeps one copy of a text seen 100,000 times, where the copies read each took memory of their own', () => {
    // Each text is made afresh (as a row read from SQLite is) and kept in an array; the heap grows by what is kept.
    const script = `
      import { interner } from './server/domain/objects.ts';
      const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
      const fresh = (i) => ['2026-11-', String(10 + (i % 3))].join('').split('').join('');
      const grownBy = (keep) => {
        const rows = new Array(100000);
        globalThis.kept = rows;
        const before = heap();
        for (let i = 0; i < rows.length; i += 1) rows[i] = keep(fresh(i));
        return heap() - before;
      };
      const intern = interner(5000);
      console.log(JSON.stringify({ copies: grownBy((s) => s), interned: grownBy(intern) }));`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { copies, interned } = JSON.parse(out) as { copies: number; interned: number };
    // 100,000 strings of ten characters are some 2–3 MB; three kept strings are nothing beside the array itself.
    expect(copies - interned).toBeGreaterThan(1_500_000);
  });
});
