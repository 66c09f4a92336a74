import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeSignalOf } from '../server/db/change-signal.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { createResponseCache } from '../server/read-models/response-cache.ts';
import { createVersionReader } from '../server/read-models/scopes.ts';
import { closeTestApp, createTestApp, seedSmallPlan } from './helpers.ts';

/**
 * The change signal (db/change-signal.ts): this connection's writes move it at once; another connection's commit is
 * seen by the next request, or at the next turn of the event loop, never later. `data_version` is read once per
 * request and turn rather than at every call.
 */
let dir: string;
let file: string;
let db: Db;
let other: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rp-signal-'));
  file = join(dir, 'rollout.sqlite');
  db = openDatabase({ file });
  db.$client.exec('create table if not exists probe (id integer primary key, v integer)');
  other = openDatabase({ file });
});
afterEach(() => {
  closeDatabase(other);
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('the change signal of a connection', () => {
  it('is one per connection, shared by everything that asks for it', () => {
    expect(changeSignalOf(db.$client)).toBe(changeSignalOf(db.$client));
    expect(changeSignalOf(other.$client)).not.toBe(changeSignalOf(db.$client));
  });

  it("moves at once with this connection's own writes, within the same turn", () => {
    const signal = changeSignalOf(db.$client);
    const before = signal();
    db.$client.prepare('insert into probe (v) values (1)').run();
    const after = signal();
    expect(after).not.toBe(before);
    db.$client.prepare('update probe set v = 2').run();
    expect(signal()).not.toBe(after);
  });

  it("sees another connection's commit at the next turn, or at once when told a request has arrived", async () => {
    const signal = changeSignalOf(db.$client);
    const before = signal();
    other.$client.prepare('insert into probe (v) values (1)').run();
    // Within the same turn the connection's data_version is not read again: as if the commit came just after.
    expect(signal()).toBe(before);
    signal.forget();
    const seen = signal();
    expect(seen).not.toBe(before);

    other.$client.prepare('insert into probe (v) values (2)').run();
    await nextTurn();
    expect(signal()).not.toBe(seen);
  });
});

describe('a request after another connection commits', () => {
  it('is answered from the data as committed, not from an answer kept in the same turn', async () => {
    const appFile = join(dir, 'app.sqlite');
    const ctx = await createTestApp({ file: appFile });
    try {
      const plan = await seedSmallPlan(ctx);
      const script = openDatabase({ file: appFile });
      try {
        for (const name of ['Northmoor Shire Council', 'Northmoor Unitary Council']) {
          // Kept, then renamed by another connection, then asked for again with no turn of the event loop between
          // the commit and the request: the session check and the cached answer read the signal afresh.
          const kept = await ctx.call('GET', `/api/councils/${plan.north.id}/summary`);
          expect(kept.status).toBe(200);
          script.$client.prepare('update councils set name = ?, version = version + 1 where id = ?').run(name, plan.north.id);
          const again = await ctx.call('GET', `/api/councils/${plan.north.id}/summary`);
          expect(again.body.council.name).toBe(name);
        }
      } finally {
        closeDatabase(script);
      }
    } finally {
      await closeTestApp(ctx);
    }
  });
});

describe('a response made after another process commits, within the turn its session was checked', () => {
  it('is made from the data as new as the stamp it is kept under, so it is not served stale afterwards', async () => {
    const appFile = join(dir, 'app.sqlite');
    const ctx = await createTestApp({ file: appFile });
    const script = openDatabase({ file: appFile });
    try {
      const plan = await seedSmallPlan(ctx);
      // A response on the programme's scope map, made from the versions as remembered (read-models/scopes.ts).
      const versions = createVersionReader(ctx.db);
      const sum = () => String([...versions.all().values()].reduce((a, b) => a + b, 0));
      const cache = createResponseCache(ctx.db, () => new Date('2026-11-23T10:00:00Z'));
      const ask = () => cache.get('sum', (v: string) => JSON.stringify(v), sum, { scope: 'programme' }).json.toString();
      sum();
      await nextTurn();
      changeSignalOf(ctx.db.$client)(); // read early in the turn, as a request's session check does
      script.$client.prepare('update councils set name = name || ?, version = version + 1 where id = ?').run(' (renamed)', plan.north.id);
      const first = ask();
      await nextTurn();
      const truth = JSON.stringify(sum());
      expect(first).toBe(truth);
      expect(ask()).toBe(truth);
    } finally {
      closeDatabase(script);
      await closeTestApp(ctx);
    }
  });
});
