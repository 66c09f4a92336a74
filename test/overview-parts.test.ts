import { describe, expect, it } from 'vitest';
import { createPartMerger, mergeParts, type CouncilPart } from '../server/modules/dashboard/overview-parts.ts';
import type { ItemReadiness } from '../server/modules/readiness/read-model.ts';

/**
 * The overview's merge by blocks of councils (modules/dashboard/overview-parts.ts): for random parts, with ties in
 * slippage and dates, more red items than are listed and take-up targets that differ, the merge by blocks is the one
 * merge of every part (the overview before blocks), and a block's merge is reused exactly while it holds the same
 * parts: a part replaced, one put in front of the rest, and one taken out.
 */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let nextItem = 0;
function randomPart(random: () => number): CouncilPart {
  const int = (n: number) => Math.floor(random() * n);
  const item = (): ItemReadiness => ({
    facts: { itemId: (nextItem += 1) },
    // Few distinct values, so ties are common.
    progress: { slippageDays: int(4) * 7, plannedGoLive: `2027-0${1 + int(3)}-01` },
  }) as unknown as ItemReadiness;
  const list = (n: number) => Array.from({ length: n }, item);
  const totals = () => ({
    items: int(9), plannedLive: int(5), live: int(5), liveOfPlanned: int(4), overdue: int(3), slipped: int(3), totalSlippageDays: int(90), maxSlippageDays: int(60),
    staffReached: int(900), staffInScope: 1000,
  });
  const measured = int(3);
  const wave = (id: number) => [id, {
    totals: totals(), firstBaseline: random() < 0.3 ? null : `2026-0${1 + int(9)}-15`, firstActual: random() < 0.5 ? null : `2026-0${1 + int(9)}-10`,
    lastForecast: random() < 0.3 ? null : `2027-0${1 + int(9)}-20`,
  }] as const;
  const statuses = ['planned', 'ready', 'live', 'deferred', 'cancelled'].filter(() => random() < 0.6);
  const red = list(int(14));
  return {
    totals: totals(),
    waves: new Map([1, 2, 3, 4, 5].filter(() => random() < 0.6).map(wave)),
    byStatus: Object.fromEntries(statuses.map((s) => [s, 1 + int(4)])),
    readiness: { red: int(4), amber: int(4), green: int(4), notYetDue: int(2) },
    adoption: { red: int(3), amber: int(3), green: int(3) },
    takeUp: {
      liveItems: measured + int(2), measured, users: measured * int(400), switchedOn: measured * 500, percent: measured ? int(100) : null,
      metTarget: int(measured + 1), lowest: measured ? int(50) : null, highest: measured ? 50 + int(50) : null, target: measured ? (random() < 0.8 ? 60 : 75) : null,
    },
    slipped: list(int(12)).sort((a, b) => b.progress.slippageDays! - a.progress.slippageDays!).slice(0, 10),
    red: red.slice(0, 10),
    redCount: red.length,
    upcoming: list(int(12)).sort((a, b) => a.progress.plannedGoLive!.localeCompare(b.progress.plannedGoLive!)).slice(0, 10),
  };
}

/** Lists as item ids, so a difference shows which item moved. */
const plain = (p: CouncilPart) => ({
  ...p, waves: [...p.waves], slipped: p.slipped.map((i) => i.facts.itemId), red: p.red.map((i) => i.facts.itemId), upcoming: p.upcoming.map((i) => i.facts.itemId),
  byStatusOrder: Object.keys(p.byStatus),
});

describe("the overview's merge by blocks of councils", () => {
  it('is the one merge of every part, for random parts', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seeded(seed);
      const parts = Array.from({ length: Math.floor(random() * 60) }, () => randomPart(random));
      expect(plain(createPartMerger()(parts)), `seed ${seed}`).toEqual(plain(mergeParts(parts)));
    }
  });

  it("reuses a block's merge exactly while the block holds the same parts", () => {
    const random = seeded(99);
    let merges = 0;
    const merge = createPartMerger((parts) => {
      merges += 1;
      return mergeParts(parts);
    });
    const run = (parts: CouncilPart[]) => {
      merges = 0;
      expect(plain(merge(parts))).toEqual(plain(mergeParts(parts)));
      return merges;
    };
    const parts = Array.from({ length: 40 }, () => randomPart(random));
    // Three blocks (16, 16, 8) and the merge of the blocks.
    expect(run(parts)).toBe(4);
    // Nothing changed: only the merge of the blocks.
    expect(run([...parts])).toBe(1);
    // One council's part made again: its block and the merge of the blocks.
    const changed = [...parts];
    changed[20] = randomPart(random);
    expect(run(changed)).toBe(2);
    // A council put in front: every block holds other parts now.
    expect(run([randomPart(random), ...changed])).toBe(4);
    // The last council taken out: the last block changes, the others are still kept.
    expect(run(changed.slice(0, -1))).toBe(2);
  });
});
