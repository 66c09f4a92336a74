/**
 * The crash test: the real server as a child process, killed (SIGKILL) at the two worst moments of a delivery,
 * against a real SMTP server. After the restarts every notification has arrived exactly once.
 *
 * 1. killed after the notifications were written to the outbox and before anything was sent;
 * 2. killed after the mail server accepted a message and before the acceptance was recorded.
 *
 * NOTIFY_TEST_PAUSE (server/config.ts) makes the sender stop for good at one of those points, so the kill lands
 * exactly there; without it ("off", the default) the sender never stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { insertNotification } from '../server/modules/notifications/store.ts';
import { serverArgs } from './server-process.ts';
import { startSmtp, type TestSmtp } from './smtp-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'rollout-crash-'));
const file = join(dir, 'db.sqlite');
const children: ChildProcess[] = [];
let smtp: TestSmtp;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the server and resolves once its output matches `until`. */
function startServer(pause: 'off' | 'after-outbox' | 'after-send', until: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_FILE: file, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'off',
      SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'crash-test-secret-of-at-least-32-characters', MAIL_FROM: 'Rollout Planner <rollout@example.org>',
      NOTIFY_POLL_MS: '100', NOTIFY_LEASE_SECONDS: '2', NOTIFY_TEST_PAUSE: pause,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  return new Promise((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`The server never printed ${until}. It printed:\n${log}`)), 60_000);
    const look = () => {
      if (until.test(log)) {
        clearTimeout(timer);
        found({ child, output: () => log });
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!until.test(log)) failed(new Error(`The server exited (${code ?? signal}). It printed:\n${log}`));
    });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGKILL');
  await exited;
}

const rows = () => {
  const db = openDatabase({ file });
  try {
    return db.$client.prepare('select id, email_to, email_state, attempts, last_error from notifications order by id').all() as any[];
  } finally {
    db.$client.close();
  }
};

describe('a crash at the worst moments neither loses a notification nor sends one twice', () => {
  it('killed after the outbox was written, then after the server accepted a message: every e-mail arrives exactly once', async () => {
    smtp = await startSmtp();
    // Three people, each with a notification waiting in the outbox.
    const db = openDatabase({ file });
    const people = ['ada', 'ben', 'cai'].map((name, i) => {
      const id = Number(db.$client.prepare(`insert into users (email, display_name, role, created_at, updated_at) values (?, ?, 'sponsor', 'x', 'x')`)
        .run(`${name}@example.org`, `Person ${i + 1}`).lastInsertRowid);
      insertNotification(db, new Date().toISOString(), {
        userId: id, kind: 'report_issued', dedupeKey: 'report-issued:1', title: 'Board report issued: November', body: 'Issued.', link: '/reports/issued/1',
        shown: true, emailTo: `${name}@example.org`,
      });
      return `${name}@example.org`;
    });
    db.$client.close();

    // 1. Killed between writing the outbox and sending: nothing has gone.
    const first = await startServer('after-outbox', /paused after-outbox notification 1/);
    await kill(first.child);
    expect(smtp.received).toHaveLength(0);
    expect(rows().map((r) => r.email_state)).toEqual(['pending', 'pending', 'pending']);

    // 2. Killed between the server's acceptance and recording it: the first message has arrived, once.
    const second = await startServer('after-send', /paused after-send notification 1/);
    await kill(second.child);
    expect(smtp.received.map((m) => m.to)).toEqual([[people[0]]]);
    expect(rows().map((r) => r.email_state)).toEqual(['committing', 'pending', 'pending']);

    // 3. A normal start: what the last process left is settled, the rest is sent.
    const third = await startServer('off', /Rollout Planner is running/);
    const deadline = Date.now() + 60_000; // a busy 2-core machine can take half a minute to settle the outbox
    while (rows().some((r) => r.email_state !== 'sent') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500)); // a few more rounds: nothing more may arrive
    third.child.kill('SIGTERM');
    await new Promise<void>((done) => third.child.once('exit', () => done()));

    expect(rows().map((r) => [r.email_to, r.email_state, r.attempts])).toEqual([[people[0], 'sent', 1], [people[1], 'sent', 1], [people[2], 'sent', 1]]);
    expect(rows()[0].last_error).toMatch(/^The sending process stopped as the message was completed/);
    // Exactly once each at the SMTP server, with three distinct, stable Message-IDs.
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([...people].sort());
    expect(new Set(smtp.received.map((m) => m.mail.messageId)).size).toBe(3);
    expect(smtp.received.every((m) => m.mail.subject === '[Rollout Planner] Board report issued: November')).toBe(true);
  }, 180_000);
});
