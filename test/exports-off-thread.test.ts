import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { csvStream } from '../server/http/csv.ts';
import { readingRows, type ReadingsQuery } from '../server/modules/exports/readings.ts';
import { fileOf, readingsCsvOffThread } from '../server/modules/exports/readings-off-thread.ts';
import { demoAppAsOffice, TODAY } from './helpers.ts';

/**
 * The readings export is written on a thread of its own when the database is a file (readings-off-thread.ts): its
 * bytes must be exactly those the serving thread writes, for every filter, and nothing is left running after it.
 */
const dir = mkdtempSync(join(tmpdir(), 'rollout-export-thread-'));
let db: Db;
let app: FastifyInstance;
let headers: Record<string, string>;

/** The export as the serving thread writes it (csvStream over the same pages), as one text. */
async function onThisThread(query: ReadingsQuery): Promise<string> {
  const { columns, pages } = readingRows(db, query);
  let text = '';
  for await (const piece of csvStream(columns, pages)) text += String(piece);
  return text;
}

async function offThread(query: ReadingsQuery, shares?: { count: number; window: number }): Promise<string> {
  let text = '';
  for await (const piece of readingsCsvOffThread(db, fileOf(db)!, query, shares)) text += piece;
  return text;
}

beforeAll(async () => {
  db = openDatabase({ file: join(dir, 'export.sqlite') });
  ({ app, headers } = await demoAppAsOffice(db, TODAY));
}, 120_000);
afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('the readings export on a thread of its own', () => {
  it('is used for a database in a file, never for one in memory', () => {
    expect(fileOf(db)).toBe(join(dir, 'export.sqlite'));
    expect(db.$client.memory).toBe(false);
  });

  it('writes exactly the bytes the serving thread writes, whole and filtered', async () => {
    const councilId = db.$client.prepare("select id from councils where code = 'NMC'").pluck().get() as number;
    for (const query of [{}, { councilId }, { from: '2026-09-01', to: '2026-10-31' }, { councilId, criterionId: 1 }] as ReadingsQuery[]) {
      const expected = await onThisThread(query);
      expect(expected.split('\r\n').length, JSON.stringify(query)).toBeGreaterThan(3);
      expect(await offThread(query), JSON.stringify(query)).toBe(expected);
    }
  }, 60_000);

  it('writes them in order when the ids are shared among threads in many small windows, some with no reading', async () => {
    const lastId = db.$client.prepare('select max(id) from readings').pluck().get() as number;
    expect(lastId).toBeGreaterThan(1000);
    const councilId = db.$client.prepare("select id from councils where code = 'NMC'").pluck().get() as number;
    for (const [query, shares] of [[{}, { count: 3, window: 97 }], [{ councilId }, { count: 2, window: 40 }], [{}, { count: 2, window: lastId + 5 }]] as const) {
      expect(await offThread(query, shares), JSON.stringify([query, shares])).toBe(await onThisThread(query));
    }
  }, 60_000);

  it('answers the route with those bytes, and a filter matching nothing with the header alone', async () => {
    const whole = await app.inject({ method: 'GET', url: '/api/exports/readings.csv', headers });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(whole.body).toBe(await onThisThread({}));
    const none = await app.inject({ method: 'GET', url: '/api/exports/readings.csv?from=1990-01-01&to=1990-12-31', headers });
    expect(none.body).toBe('\ufeffcriterion,council,feature,date,value,note,entered_by,entered_at\r\n');
    expect(none.body).toBe(await onThisThread({ from: '1990-01-01', to: '1990-12-31' }));
  }, 60_000);

  it('is what the route sends: with the file out of reach of another connection, the download fails', async () => {
    const file = join(dir, 'export.sqlite');
    renameSync(file, `${file}.away`);
    try {
      // Told before any of the download is sent: an error reply, not a file cut off.
      const reply = await app.inject({ method: 'GET', url: '/api/exports/readings.csv', headers });
      expect([reply.statusCode, reply.headers['content-type'], reply.body.includes('criterion,council')]).toEqual([500, 'application/json; charset=utf-8', false]);
      expect(reply.body).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      renameSync(`${file}.away`, file);
    }
  });

  it('stops its thread when the reader stops early, and says why when the file cannot be read', async () => {
    const pieces = readingsCsvOffThread(db, fileOf(db)!, {});
    const first = await pieces.next();
    expect(String(first.value)).toMatch(/^\ufeffcriterion,council/);
    await pieces.return(undefined);
    expect((await pieces.next()).done).toBe(true);
    await expect(readingsCsvOffThread(db, join(dir, 'missing.sqlite'), {}).next()).rejects.toThrow(/readings export failed: .*(unable to open|does not exist|no such file)/i);
  }, 60_000);
});
