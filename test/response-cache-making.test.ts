import { afterAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { createResponseCache } from '../server/read-models/response-cache.ts';

/**
 * A response made in slices (getAsync) is made once for every request that misses under the same change signal:
 * a burst of readers after a write shares one making instead of each starting the same build. A request after a
 * write (a new signal) makes its own, and is never handed a response begun before that write.
 */
const db = openDatabase({ file: ':memory:' });
afterAll(() => closeDatabase(db));
const cache = createResponseCache(db, () => new Date('2026-11-23T09:00:00Z'));
const asJson = cache.serialiser<{ n: number }>(Type.Object({ n: Type.Number() }));
let councils = 0;
const write = () => {
  councils += 1;
  db.$client.prepare("insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values (?, ?, 10, 1, '2026-11-23', '2026-11-23')")
    .run(`Probe Council ${councils}`, `PRB${councils}`);
};

/** A build that waits for `release` and counts how often it was started. */
function slowBuild() {
  let started = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const build = async () => {
    started += 1;
    const n = started;
    await gate;
    return { n };
  };
  return { build, release: () => release(), started: () => started };
}

describe('making a response in slices', () => {
  it('shares one making among requests that miss under the same signal', async () => {
    const slow = slowBuild();
    const requests = Array.from({ length: 5 }, () => cache.getAsync('shared', asJson, slow.build));
    slow.release();
    const responses = await Promise.all(requests);
    expect(slow.started()).toBe(1);
    expect(new Set(responses).size).toBe(1);
    expect(JSON.parse(responses[0]!.json.toString())).toEqual({ n: 1 });
    // Kept: the next request is served without a build.
    await cache.getAsync('shared', asJson, slow.build);
    expect(slow.started()).toBe(1);
  });

  it('makes again for a request after a write, while the earlier making is still under way', async () => {
    const slow = slowBuild();
    const before = cache.getAsync('written', asJson, slow.build);
    write();
    const after = cache.getAsync('written', asJson, slow.build);
    slow.release();
    const [first, second] = await Promise.all([before, after]);
    expect(slow.started()).toBe(2);
    expect(JSON.parse(first.json.toString())).toEqual({ n: 1 });
    expect(JSON.parse(second.json.toString())).toEqual({ n: 2 });
  });

  it('a failed making fails every request that shared it, and the next request makes again', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      await Promise.resolve();
      throw new Error('the build failed');
    };
    const results = await Promise.allSettled([cache.getAsync('failing', asJson, failing), cache.getAsync('failing', asJson, failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    await expect(cache.getAsync('failing', asJson, async () => ({ n: 7 }))).resolves.toMatchObject({});
    expect(JSON.parse((await cache.getAsync('failing', asJson, failing)).json.toString())).toEqual({ n: 7 });
  });
});

describe('a response made again after a write', () => {
  it('keeps the compressed forms and tag of the response it replaces when its JSON is the same, and none when it differs', async () => {
    let n = 1;
    const build = () => ({ n });
    const first = cache.get('again', asJson, build);
    Object.assign(first, { br: Buffer.from('made once'), etag: 'W/"kept"' });
    write();
    const same = cache.get('again', asJson, build);
    expect(same).toBe(first);
    expect(same.br?.toString()).toBe('made once');
    n = 2;
    write();
    const changed = await cache.getAsync('again', asJson, async () => build());
    expect(changed).not.toBe(first);
    expect(JSON.parse(changed.json.toString())).toEqual({ n: 2 });
    expect(changed.br).toBeUndefined();
    expect(changed.etag).toBeUndefined();
  });
});
