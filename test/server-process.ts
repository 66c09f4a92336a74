/**
 * The real server as a child process over a database file the test chooses (and keeps: a test may stop,
 * kill or restart the server on the same file), plus the npm scripts run the way an operator runs them.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { inject } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
const RUNNING = /Rollout Planner is running at (http:\/\/127\.0\.0\.1:\d+)\//;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs, as in a crash or power loss. */
  kill(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server bundled once for the run by test/global-setup.ts. */
    testServerScript: string;
  }
}

/** How to start the server: the run's bundle (test/global-setup.ts), or the sources through tsx outside a run. */
export function serverArgs(): string[] {
  let script: string | undefined;
  try {
    script = inject('testServerScript');
  } catch {
    script = undefined;
  }
  return script ? [script] : ['--import', 'tsx', 'server/main.ts'];
}

export async function startServerOn(file: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_FILE: file, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'on', SIGNIN_MAX_ATTEMPTS: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const orphanGuard = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  process.once('exit', orphanGuard);
  const end = async (signal: NodeJS.Signals) => {
    process.removeListener('exit', orphanGuard);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const url = await new Promise<string>((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`The server did not start within 90 s:\n${log}`)), 90_000); // a busy 2-core machine starts it in 45 s
    const look = () => {
      const match = RUNNING.exec(log);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      found(match[1]!);
    };
    child.stdout!.on('data', look);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      failed(new Error(`The server exited (${code ?? signal}) before it was running:\n${log}`));
    });
  }).catch(async (error: unknown) => {
    await end('SIGKILL');
    throw error;
  });
  return { url, child, output: () => log, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run NAME -- ARGS` with DATABASE_FILE (and any other variables) set, as an operator would type it. */
export function npmRun(name: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((done) => {
    execFile('npm', ['run', '--silent', name, '--', ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(url: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`Sign-in failed: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/**
 * Writes readings one request at a time on `lanes` connections until stopped, and keeps the id of every
 * reading the server acknowledged (201), with the moment the acknowledgement arrived.
 */
export function writeStream(url: string, session: Session, reading: { criterionId: number; councilId: number; readingDate: string }, lanes = 4) {
  const acknowledged: Array<{ id: number; at: number }> = [];
  let stopped = false;
  let failures = 0;
  const lane = async (k: number) => {
    for (let i = 0; !stopped; i += 1) {
      try {
        const res = await fetch(`${url}/api/readings`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ ...reading, value: (k * 7 + i) % 100, note: `lane ${k} write ${i}` }),
        });
        if (res.status === 201) acknowledged.push({ id: ((await res.json()) as { id: number }).id, at: performance.now() });
        else failures += 1;
      } catch {
        failures += 1; // the server went away mid-request: not acknowledged
        if (stopped) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  };
  const running = Promise.all(Array.from({ length: lanes }, (_, k) => lane(k)));
  return {
    acknowledged,
    failures: () => failures,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
