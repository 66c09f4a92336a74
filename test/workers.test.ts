/**
 * The server's worker threads (server/db/workers.ts) read a table once from end to end: their connections keep a
 * small page cache, and the serving connection one of PAGE_CACHE_KIB (4 MB) in place of better-sqlite3's 16 MB
 * (docs/performance.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, PAGE_CACHE_KIB } from '../server/db/database.ts';
import { askWorker } from '../server/db/workers.ts';

describe("the workers' connections", () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-workers-'));
  const file = join(dir, 'workers.sqlite');
  const db = openDatabase({ file });
  migrateDatabase(db);
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keep a 2 MB page cache for their one pass, beside the serving connection\'s 4 MB', async () => {
    const cacheSize = 'select cache_size from pragma_cache_size()';
    expect(PAGE_CACHE_KIB).toBe(4000);
    expect(db.$client.prepare(cacheSize).pluck().get()).toBe(-4000);
    expect(await askWorker<number>('count', { file, sql: cacheSize, params: [] }, 'not counted')).toBe(-2000);
  });

  it('count what the statement counts', async () => {
    db.$client.exec("insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values ('Northmoor', 'NTH', 100, 10, '2026-01-01', '2026-01-01')");
    expect(await askWorker<number>('count', { file, sql: 'select count(*) from councils where code = ?', params: ['NTH'] }, 'not counted')).toBe(1);
  });
});
