import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { createVersionReader } from '../server/read-models/scopes.ts';

/** A small seeded generator, so a failure names a history that can be made again. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

const AT = '2026-11-23T10:00:00.000Z';

/**
 * A wave's stamp (read-models/scopes.ts) keeps the councils with items in each wave while the plan history's newest
 * id stands, and every scope's versions while no write is made (db/change-signal.ts). Over random histories of raw
 * writes (items made, moved to another wave or council, deleted; readings; waves made; a change read inside its
 * transaction and rolled back) every wave's stamp is the one read straight from the tables.
 */
describe("a wave's stamp", () => {
  it('is, after every write of a random history, what the tables say', async () => {
    const db = openDatabase({ file: ':memory:' });
    await loadDemo(db);
    const sqlite = db.$client;
    const stamps = createVersionReader(db);
    const direct = sqlite.prepare(`select coalesce((select version from read_model_versions where scope = 'global'), 0) || ':' || coalesce((
      select group_concat(i.council_id || '=' || coalesce(v.version, 0), ',') from (select distinct council_id from rollout_items where wave_id = ? order by council_id) i
      left join read_model_versions v on v.scope = 'council:' || i.council_id), '')`).pluck();
    const ids = (table: string) => sqlite.prepare(`select id from ${table} order by id`).pluck().all() as number[];
    const criterion = sqlite.prepare("select id from criteria where scope = 'council' limit 1").pluck().get() as number;
    let features = 0;
    const newFeature = () => Number(sqlite.prepare("insert into features (code, name, description, audience, benefit, created_at, updated_at) values (?, ?, '', 'employees', '', ?, ?)")
      .run(`X${++features}`, `Extra ${features}`, AT, AT).lastInsertRowid);

    const made = new Set<number>();

    for (let seed = 1; seed <= 12; seed += 1) {
      const next = random(seed);
      const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
      const changes: Array<[string, () => void]> = [
        ['an item made', () => made.add(Number(sqlite.prepare("insert into rollout_items (council_id, feature_id, wave_id, status, note, created_at, updated_at) values (?, ?, ?, 'planned', '', ?, ?)")
          .run(pick(ids('councils')), newFeature(), pick(ids('waves')), AT, AT).lastInsertRowid))],
        ['an item moved to another wave', () => sqlite.prepare('update rollout_items set wave_id = ? where id = ?').run(next() < 0.2 ? null : pick(ids('waves')), pick(ids('rollout_items')))],
        ['an item moved to another council', () => sqlite.prepare('update rollout_items set council_id = ?, feature_id = ? where id = ?').run(pick(ids('councils')), newFeature(), pick(ids('rollout_items')))],
        // Only items made here: the demo's have readings' gates, wins and RAID entries pointing at them.
        ['an item deleted', () => {
          if (made.size === 0) return;
          const id = pick([...made]);
          sqlite.prepare('delete from rollout_items where id = ?').run(id);
          made.delete(id);
        }],
        ['a reading', () => sqlite.prepare("insert into readings (criterion_id, council_id, value, reading_date, note, entered_by_name, entered_at) values (?, ?, 50, '2026-11-20', '', 'Test', ?)").run(criterion, pick(ids('councils')), AT)],
        ['a wave made', () => sqlite.prepare("insert into waves (name, sequence, planned_go_live, status, description, created_at, updated_at) values (?, ?, '2027-06-01', 'planned', '', ?, ?)").run(`Extra wave ${seed}-${next()}`, 100 + Math.floor(next() * 1e6), AT, AT)],
        ['an item moved and its wave read, then rolled back', () => {
          const wave = pick(ids('waves'));
          try {
            sqlite.transaction(() => {
              sqlite.prepare('update rollout_items set wave_id = ? where id = ?').run(wave, pick(ids('rollout_items')));
              expect(stamps.waveStamp(wave)).toBe(direct.get(wave));
              throw new Error('rolled back');
            })();
          } catch (error) {
            if ((error as Error).message !== 'rolled back') throw error;
          }
        }],
      ];
      for (let step = 0; step < 40; step += 1) {
        const [what, change] = pick(changes);
        change();
        for (const wave of ids('waves')) expect(stamps.waveStamp(wave), `seed ${seed}, step ${step}: ${what}, wave ${wave}`).toBe(direct.get(wave));
      }
    }
    sqlite.close();
  }, 60_000);
});
