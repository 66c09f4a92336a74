import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { createServices } from '../server/services.ts';
import { DATASET_END, generateDataset } from '../scripts/generate-dataset.ts';

/**
 * The overview merges the councils' parts by blocks of councils and keeps each block's merge while it holds the
 * same parts (modules/dashboard/overview-parts.ts, `createPartMerger`). After every write of a random history (a
 * council's readings turning it red or green, an item moved to another wave, a council with an item added in the
 * middle of the list, which shifts every block after it, or at its end, which grows the last block, and the same
 * council deleted again), the overview of a long-lived app
 * must be the one an app made afresh (no kept evaluation, part or block) gives, today and "as of" a day back.
 */
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rp-blocks-'));
  const out = join(dir, 'blocks.sqlite');
  await generateDataset({ councils: 45, weeks: 8, auditRows: 0, out, seed: 7 });
  db = openDatabase({ file: out });
}, 60_000);
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

/** A small seeded generator, so a failing history can be run again. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the overview merged by blocks of councils', () => {
  it('is, after every write of a random history, the overview made afresh', () => {
    const clock = () => new Date(`${DATASET_END}T12:00:00.000Z`);
    const kept = createServices(db, clock);
    const sqlite = db.$client;
    const random = seeded(2026);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const councils = () => sqlite.prepare('select id from councils order by name').pluck().all() as number[];
    const criteria = sqlite.prepare("select id from criteria where scope = 'council' and unit = 'percent'").pluck().all() as number[];
    const items = sqlite.prepare('select id from rollout_items').pluck().all() as number[];
    const waves = sqlite.prepare('select id from waves').pluck().all() as number[];
    const reading = sqlite.prepare(`insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by_name, entered_at)
      values (?, ?, null, ?, '${DATASET_END}', '', 'Block test', '${DATASET_END}T12:00:00.000Z')`);
    const days = [{}, { asOf: '2026-10-19' }];
    const compare = (step: string) => {
      const fresh = createServices(db, clock);
      for (const q of days) expect(JSON.stringify(kept.views.overview(q)), `${step} ${JSON.stringify(q)}`).toBe(JSON.stringify(fresh.views.overview(q)));
    };
    compare('first');
    const before = JSON.stringify(kept.views.overview({}));
    let added: number | undefined;
    for (let step = 0; step < 24; step += 1) {
      const kind = step % 6;
      if (kind <= 2) {
        const council = pick(councils());
        const value = random() < 0.5 ? 5 : 99;
        for (const criterion of criteria) reading.run(criterion, council, value);
      } else if (kind === 3) {
        sqlite.prepare('update rollout_items set wave_id = ?, updated_at = ? where id = ?').run(pick(waves), `${DATASET_END}T12:00:00.000Z`, pick(items));
      } else if (kind === 4) {
        // A council with an item: "Middlemarch" sorts into the middle of the generated names, so every block after it
        // shifts by one council; "Zennor" sorts last, so the last block grows by one and keeps its first council.
        const name = step % 12 === 4 ? `Middlemarch Council ${step}` : `Zennor Council ${step}`;
        added = Number(sqlite.prepare(`insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at)
          values (?, ?, 500, 50, '${DATASET_END}', '${DATASET_END}')`).run(name, `ADD${step}`).lastInsertRowid);
        sqlite.prepare(`insert into rollout_items (council_id, feature_id, wave_id, status, note, created_at, updated_at)
          values (?, (select min(id) from features), ?, 'ready', '', '${DATASET_END}', '${DATASET_END}')`).run(added, pick(waves));
      } else if (added !== undefined) {
        sqlite.prepare('delete from rollout_items where council_id = ?').run(added);
        sqlite.prepare('delete from councils where id = ?').run(added);
        added = undefined;
      }
      compare(`step ${step} (${['reading', 'reading', 'reading', 'wave move', 'council added', 'council deleted'][kind]})`);
    }
    // The history changed what the overview shows: the comparison was not of two unchanging answers.
    expect(JSON.stringify(kept.views.overview({}))).not.toBe(before);
  });
});
