/**
 * `npm run demo:reset` against the real server as a child process: it refuses while a server holds the database
 * (the check in server/db/in-use.ts), and resets it when none does, or when the one that did was killed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../server/db/in-use.ts';
import { npmRun, signIn, startServerOn, type ServerProcess } from './server-process.ts';

const OFFICE = { email: 'office@example.org', password: 'office-demo-2026' };
const dir = mkdtempSync(join(tmpdir(), 'rollout-demo-reset-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  rmSync(dir, { recursive: true, force: true });
});

const councilCodes = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select code from councils order by code').all() as Array<{ code: string }>).map((r) => r.code);
  } finally {
    db.close();
  }
};

async function addCouncil(url: string): Promise<void> {
  const session = await signIn(url, OFFICE.email, OFFICE.password);
  const res = await fetch(`${url}/api/councils`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Southwick Borough Council', code: 'SBC', staffHeadcount: 2400, managerHeadcount: 230 }),
  });
  expect(res.status).toBe(201);
}

describe('npm run demo:reset', () => {
  it('refuses while a server holds the database, changing nothing, and resets it once the server has stopped', async () => {
    const file = join(dir, 'in-use.sqlite');
    const server = await startServerOn(file);
    servers.push(server);
    await addCouncil(server.url);

    const refused = await npmRun('demo:reset', [], { DATABASE_FILE: file });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim()).toMatch(new RegExp(`^Refused: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by the server with process id ${server.child.pid} on .+, since .+; stop it first\\. Nothing was changed\\.$`));
    // The server still has its file and every write it acknowledged, and still answers.
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(councilCodes(file)).toEqual(['EBC', 'FDC', 'NMC', 'SBC', 'WDC']);
    expect(existsSync(lockFileFor(file))).toBe(true);

    await server.stop();
    expect(existsSync(lockFileFor(file))).toBe(false);
    const reset = await npmRun('demo:reset', [], { DATABASE_FILE: file });
    expect(reset.stderr).toBe('');
    expect(reset.code).toBe(0);
    expect(reset.stdout.trim()).toBe(`The demo programme was reloaded into ${file}.`);
    expect(councilCodes(file)).toEqual(['EBC', 'FDC', 'NMC', 'WDC']);
    expect(existsSync(lockFileFor(file))).toBe(false); // released: a server may start on it now

    const again = await startServerOn(file);
    servers.push(again);
    expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
    await again.stop();
  }, 120_000);

  it('resets a database whose server was killed: a lock left by a dead process does not count', async () => {
    const file = join(dir, 'crashed.sqlite');
    const server = await startServerOn(file);
    servers.push(server);
    await addCouncil(server.url);
    await server.kill();
    expect(existsSync(lockFileFor(file))).toBe(true);

    const reset = await npmRun('demo:reset', [], { DATABASE_FILE: file });
    expect(reset.stderr).toBe('');
    expect(reset.code).toBe(0);
    expect(councilCodes(file)).toEqual(['EBC', 'FDC', 'NMC', 'WDC']);
    expect(existsSync(lockFileFor(file))).toBe(false);
  }, 120_000);
});
