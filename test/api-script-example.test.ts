import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

/** The script of docs/api.md, run as a council's IT team would: a real server on loopback, a lead's API token. */
const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../docs/examples/upload-readings.mjs');
const dir = mkdtempSync(join(tmpdir(), 'rollout-script-'));
let db: Db;
let app: FastifyInstance;
let base: string;
let token: string;

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  app = await buildApp({ db, clock: () => new Date('2026-11-23T09:00:00Z') });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'lead.northmoor@example.org', password: 'lead-demo-2026' } });
  const cookie = `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
  const created = await app.inject({
    method: 'POST', url: '/api/tokens', payload: { name: 'Readings upload' },
    headers: { cookie, 'x-csrf-token': JSON.parse(signIn.body).csrfToken },
  });
  token = JSON.parse(created.body).token;
}, 120_000);
afterAll(async () => {
  await app.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload = async (csv: string) => {
  const file = join(dir, `readings-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, csv);
  return run(process.execPath, [SCRIPT, file], { env: { ...process.env, ROLLOUT_URL: base, ROLLOUT_TOKEN: token } })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
};

describe('docs/examples/upload-readings.mjs', () => {
  it("uploads a lead's readings with an API token, and they are stored", async () => {
    const result = await upload('criterion,council,feature,date,value,note\nTRAINED,NMC,PAYSLIP,2026-11-20,88,LMS export 20 November\nCOMMS,NMC,,2026-11-20,83,\n');
    expect(result).toMatchObject({ code: 0, stdout: 'Stored 2 reading(s).\n', stderr: '' });
    const stored = await app.inject({ method: 'GET', url: '/api/readings?from=2026-11-20&limit=500', headers: { authorization: `Bearer ${token}` } });
    const notes = JSON.parse(stored.body).data.map((r: { note: string | null }) => r.note);
    expect(notes).toContain('LMS export 20 November');
  });

  it('says what was wrong, line by line, and exits 1 when the upload is refused', async () => {
    const result = await upload('criterion,council,feature,date,value,note\nTRAINED,NMC,PAYSLIP,2026-11-21,90,\nNOPE,NMC,,2026-11-21,90,\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Refused \(400\): Nothing was saved: 1 problem\(s\) in 2 row\(s\)\./);
    expect(result.stderr).toMatch(/line 3/);
  });

  it("refuses another council's readings", async () => {
    const result = await upload('criterion,council,feature,date,value,note\nTRAINED,EBC,PAYSLIP,2026-11-21,90,\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Refused \((400|403)\)/);
  });
});
