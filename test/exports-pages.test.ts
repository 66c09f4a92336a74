import { describe, expect, it } from 'vitest';
import { keysetPages, PAGE_ROWS } from '../server/modules/exports/pages.ts';

/** A table of ids 1..n with holes, read the way the exports read theirs: after an id, up to an id, at most a limit. */
function table(n: number, keep: (id: number) => boolean, msPerRow = 0) {
  const ids = Array.from({ length: n }, (_, i) => i + 1).filter(keep);
  const calls: Array<{ after: number; upto: number; limit: number; found: number }> = [];
  const read = (after: number, upto: number, limit: number) => {
    const rows: Array<{ id: number }> = [];
    for (let id = after + 1; id <= Math.min(upto, n) && rows.length < limit; id++) if (keep(id)) rows.push({ id });
    const until = performance.now() + rows.length * msPerRow;
    while (performance.now() < until) { /* the cost of a row */ }
    calls.push({ after, upto, limit, found: rows.length });
    return rows;
  };
  return { ids, calls, read };
}

const flat = (pages: Iterable<Array<{ id: number }>>) => [...pages].flat().map((r) => r.id);

describe('keyset pages sized by time', () => {
  it('gives every row once, in id order, up to the last id when the export began', () => {
    const dense = table(30_000, () => true);
    expect(flat(keysetPages(dense.read, 30_000))).toEqual(dense.ids);
    const sparse = table(300_000, (id) => id % 977 === 0);
    expect(flat(keysetPages(sparse.read, 300_000))).toEqual(sparse.ids);
    const later = table(10_000, () => true);
    expect(flat(keysetPages(later.read, 6_000))).toEqual(later.ids.slice(0, 6_000));
    expect(flat(keysetPages(later.read, 0))).toEqual([]);
  });

  it('grows the pages while they are quick and shrinks them when a page takes long', () => {
    const quick = table(200_000, () => true);
    flat(keysetPages(quick.read, 200_000));
    expect(quick.calls[0]!.limit).toBe(500);
    // Up to the cap and no further: a page is alive while it is written (PAGE_ROWS).
    expect(Math.max(...quick.calls.map((c) => c.limit))).toBe(PAGE_ROWS.max);

    // Rows that take 0.05 ms each: a 4 ms page is about 80 rows.
    const slow = table(5_000, () => true, 0.05);
    flat(keysetPages(slow.read, 5_000));
    const limits = slow.calls.map((c) => c.limit);
    expect(limits[1]).toBe(250);
    expect(Math.min(...limits)).toBeLessThan(200);
  });

  it('hands back an empty page for a window with no match, so the stream can pause', () => {
    const sparse = table(1_000_000, (id) => id > 900_000);
    const pages = [...keysetPages(sparse.read, 1_000_000)];
    expect(pages.filter((p) => p.length === 0).length).toBeGreaterThan(3);
    expect(Math.max(...sparse.calls.map((c) => c.upto - c.after))).toBeLessThanOrEqual(200_000);
  });
});
