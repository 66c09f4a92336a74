import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { createOverviewReader } from '../server/modules/dashboard/warm.ts';

/**
 * Today's overview kept on disk (read-models/snapshots.ts, dashboard/warm.ts): written when the server closes, handed
 * to the first reader after a restart without judging a council, and never handed out once anything it shows has
 * changed, on another day, or to another build.
 */
const dir = mkdtempSync(join(tmpdir(), 'rollout-snapshot-'));
const file = join(dir, 'snapshot.sqlite');
let db: Db;
const TODAY = '2026-11-23';

beforeAll(async () => {
  db = openDatabase({ file });
  await loadDemo(db);
}, 120_000);
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

/** A server on the same file, as after a restart, with the office signed in. */
async function start(day = TODAY) {
  const app = await buildApp({ db, clock: () => new Date(`${day}T09:00:00Z`) });
  const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: 'office-demo-2026' } });
  const headers = { cookie: `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`, 'x-csrf-token': JSON.parse(signIn.body).csrfToken };
  const overview = async () => {
    const res = await app.inject({ method: 'GET', url: '/api/overview', headers });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const judged = () => app.services.engine.stats().councilsJudged;
  return { app, headers, overview, judged };
}
const stored = () => db.$client.prepare('select key, stamp, length(body) as bytes from read_model_snapshots').all() as Array<{ key: string; stamp: string; bytes: number }>;

describe("today's overview kept on disk", () => {
  it('is written when the server closes, and served to the first reader after a restart without judging a council', async () => {
    const first = await start();
    const made = await first.overview();
    expect(first.judged()).toBeGreaterThan(0);
    expect(stored()).toEqual([]);
    await first.app.close();
    expect(stored()).toEqual([expect.objectContaining({ key: `overview|${TODAY}||10|0`, bytes: Buffer.byteLength(made) })]);

    const second = await start();
    expect(await second.overview()).toBe(made);
    expect(second.judged()).toBe(0);
    // The warm-up still judges every council, so the next build after a write finds the others judged.
    await createOverviewReader(second.app).warm();
    expect(second.judged()).toBe(first.judged());
    expect(await second.overview()).toBe(made);
    await second.app.close();
  });

  it('is not served once a reading has changed what it shows, and is made afresh instead', async () => {
    const before = await start();
    const kept = await before.overview();
    expect(before.judged()).toBe(0);
    const criterionId = db.$client.prepare("select id from criteria where code = 'COMMS'").pluck().get() as number;
    const res = await before.app.inject({ method: 'POST', url: '/api/readings', headers: before.headers, payload: { criterionId, councilId: 1, value: 3, readingDate: TODAY } });
    expect(res.statusCode).toBe(201);
    // Closed without the overview read again: the copy on disk is now out of date, and stays so.
    const { stamp } = stored()[0]!;
    const after = await start();
    const fresh = await after.overview();
    expect(after.judged()).toBeGreaterThan(0);
    expect(fresh).not.toBe(kept);
    expect(fresh).toBe(await (await start()).overview().then(() => fresh));
    expect(stored()[0]!.stamp).toBe(stamp);
    await after.app.close();
    // The close kept the current one.
    expect(stored()[0]!.stamp).not.toBe(stamp);
  });

  it('is not served on another day, nor when written by another build', async () => {
    const nextDay = await start('2026-11-24');
    await nextDay.overview();
    expect(nextDay.judged()).toBeGreaterThan(0);
    db.$client.prepare("update read_model_snapshots set stamp = stamp || '-another-build'").run();
    const other = await start();
    await other.overview();
    expect(other.judged()).toBeGreaterThan(0);
  });
});
