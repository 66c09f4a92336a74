/**
 * End-to-end harness: the real server as one child process over a fresh demo database, and Debian's
 * Chromium driven by playwright-core. Each test file calls startE2e() once (its own server and browser,
 * so files that change data never see each other's changes) and stop() when it is done.
 *
 * The dashboard is built, and the demo programme loaded into a database, once per run by the e2e project's
 * globalSetup (global-setup.ts); every server starts on its own copy of that database.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const IN_CI = process.env.CI === 'true';

export const ACCOUNTS = {
  office: { email: 'office@example.org', password: 'office-demo-2026' },
  eastbridgeLead: { email: 'lead.eastbridge@example.org', password: 'lead-demo-2026' },
  sponsor: { email: 'sponsor@example.org', password: 'sponsor-demo-2026' },
} as const;

/** Whether the Chromium executable is there. */
export function browserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

const MISSING_IN_CI = `Chromium is required in CI: apt-get install -y chromium (looked for ${CHROMIUM_PATH})`;

/**
 * Whether a file's e2e describe block runs: always when the browser is there, and always in CI (where a
 * missing browser then fails the tests). Outside CI without a browser the block is skipped, loudly.
 */
export function e2eEnabled(file: string): boolean {
  if (browserAvailable() || IN_CI) return true;
  const line = '!'.repeat(100);
  process.stderr.write(
    `\n${line}\n!!  BROWSER TESTS SKIPPED: ${CHROMIUM_PATH} not found; install Debian's chromium to run them\n` +
    `!!  (apt-get install -y chromium, or set CHROMIUM_PATH).  Skipped: ${file}\n${line}\n\n`,
  );
  return false;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The demo database global-setup.ts loaded for this run, or null when there is none. */
    e2eDemoDatabase: string | null;
    /** The server global-setup.ts bundled for this run (scripts/build-server.ts), or null when there is none. */
    e2eServerScript: string | null;
  }
}

/**
 * Loads the demo programme into a new database file through `npm run demo:reset`'s script and returns its
 * path: global-setup.ts does this once, and each server then starts on a copy instead of loading the demo
 * itself (the same data, without hashing the demo passwords and writing every row again per test file).
 */
export function makeDemoDatabase(dir: string): string {
  const file = join(dir, 'demo.sqlite');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/reset-demo.ts'], {
    cwd: ROOT, env: { ...process.env, DATABASE_FILE: file, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  return file;
}

/** What global-setup.ts provided for this run, if anything (outside Vitest nothing is). */
function provided(key: 'e2eDemoDatabase' | 'e2eServerScript'): string | null {
  try {
    return inject(key) ?? null;
  } catch {
    return null;
  }
}

/**
 * The server as one bundle, built once for the run into its own file (the benchmark's smoke test rebuilds
 * dist/server/main.js meanwhile): each test file's server then starts without a TypeScript loader, which
 * compiled every server module again in each of them.
 */
export const E2E_SERVER_SCRIPT = 'dist/e2e-server/main.js';

/** Builds the dashboard when its sources changed since the last build (scripts/ensure-client.ts). */
export function ensureClient(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-client.ts'], { cwd: ROOT, stdio: 'inherit' });
}

export interface RunningServer {
  url: string;
  pid: number;
  /** What the server printed, for diagnosing a failure. */
  output(): string;
  stop(): Promise<void>;
}

const RUNNING = /Rollout Planner is running at (http:\/\/127\.0\.0\.1:\d+)\//;

/**
 * Starts the server on a free port over a new demo database in a temporary folder: the run's bundle and a copy
 * of the run's demo database when global-setup.ts made them, otherwise `node --import tsx server/main.ts`
 * loading the demo itself.
 */
export async function startServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-e2e-'));
  const demo = provided('e2eDemoDatabase');
  const script = provided('e2eServerScript');
  if (demo) {
    for (const suffix of ['', '-wal']) if (existsSync(`${demo}${suffix}`)) copyFileSync(`${demo}${suffix}`, join(dir, `db.sqlite${suffix}`));
  }
  const child: ChildProcess = spawn(process.execPath, script ? [script] : ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_FILE: join(dir, 'db.sqlite'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'on',
      SIGNIN_MAX_ATTEMPTS: '1000',
      TRUST_PROXY: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // If the test worker dies without stopping us, do not leave the server behind.
  const orphanGuard = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.once('exit', orphanGuard);

  const stop = async () => {
    process.removeListener('exit', orphanGuard);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((found, failed) => {
      const timer = setTimeout(() => failed(new Error(`The server did not say where it runs within 90 s. It printed:\n${log}`)), 90_000);
      const look = () => {
        const match = RUNNING.exec(log);
        if (match) {
          clearTimeout(timer);
          child.stdout!.off('data', look);
          found(match[1]!);
        }
      };
      child.stdout!.on('data', look);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        failed(new Error(`The server exited (${code ?? signal}) before it was running. It printed:\n${log}`));
      });
    });
    return { url, pid: child.pid!, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface E2e {
  url: string;
  server: RunningServer;
  browser: Browser;
  /** A page in a new browser context (a fresh cookie jar) whose relative URLs resolve against the server. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Closes every context opened so far (call after each test). */
  closeContexts(): Promise<void>;
  stop(): Promise<void>;
}

/** One server and one browser for a test file. Throws the CI message when the browser is missing. */
export async function startE2e(): Promise<E2e> {
  if (!browserAvailable()) throw new Error(MISSING_IN_CI);
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  return {
    url: server.url,
    server,
    browser,
    async newPage(options = {}) {
      // Always browser.newContext(): AxeBuilder refuses pages made by browser.newPage().
      const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', reducedMotion: 'reduce', ...options });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context.newPage();
    },
    async closeContexts() {
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    },
    async stop() {
      try {
        await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
        await browser.close();
      } finally {
        await server.stop();
      }
    },
  };
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now and fails with every violation spelled out: rule, help, and the
 * failing nodes with axe's own summary of what is wrong with each.
 */
export async function expectNoAxeViolations(page: Page, state = ''): Promise<void> {
  await settled(page);
  // Legacy mode runs axe.run() in the page itself. The default runs axe.runPartial() in each frame and then
  // axe.finishRun() in a new blank page with axe injected again, which took as long as the check; it only
  // matters for cross-origin frames, and the dashboard has no frames. resultTypes: every violation keeps all
  // its nodes; passing and inapplicable rules report one node each instead of every node checked. axe-core is
  // put into a document once: a later check of the same document passes an empty source instead of the same
  // half a megabyte of script again (AxeBuilder injects it on every call, twice in legacy mode).
  const injected = await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function');
  const { violations } = await new AxeBuilder({ page, ...(injected ? { axeSource: ';' } : {}) })
    .options({ resultTypes: ['violations'] })
    .withTags(AXE_TAGS)
    .setLegacyMode(true)
    .analyze();
  if (violations.length === 0) return;
  const where = `${new URL(page.url()).pathname}${state ? ` (${state})` : ''}`;
  const text = violations.map((v) => [
    `- ${v.id} [${v.impact ?? 'n/a'}]: ${v.help}`,
    `  ${v.helpUrl}`,
    ...v.nodes.map((n) => `  * ${n.target.map(String).join(' >> ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
  const message = `axe found ${violations.length} accessibility violation(s) on ${where}:\n${text}`;
  console.error(message);
  throw new Error(message);
}

/** Waits until the page has no loading or updating messages (data for the screen has arrived). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.loading') === null && document.querySelector('main h1') !== null);
}

/**
 * Signs in through the real form and waits for the page it leads to: the overview, or `next` with the
 * level-one heading `heading`.
 */
export async function signIn(page: Page, account: { email: string; password: string }, options: { next?: string; heading?: string | RegExp } = {}): Promise<void> {
  await page.goto(options.next ? `/sign-in?next=${encodeURIComponent(options.next)}` : '/sign-in');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('E-mail address', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: options.heading ?? 'Programme overview' }).waitFor();
  await settled(page);
}

/** The cell of a table row under the column with the given header (row headers count as cells). */
export async function cellOf(table: Locator, row: Locator, header: string): Promise<Locator> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`No column "${header}" in the table; its columns are: ${headers.join(', ')}`);
  return row.locator(':scope > th, :scope > td').nth(index);
}

/** The RAG word (Red, Amber or Green) shown in a locator's text. */
export async function ragWord(locator: Locator): Promise<'Red' | 'Amber' | 'Green'> {
  const text = await locator.innerText();
  const match = /\b(Red|Amber|Green)\b/.exec(text);
  if (!match) throw new Error(`No RAG word in "${text}"`);
  return match[1] as 'Red' | 'Amber' | 'Green';
}

/** What has the keyboard focus: its tag, its text or label, and whether it is the page's h1. */
export function focused(page: Page): Promise<{ tag: string; name: string; isH1: boolean; id: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: '', name: '', isH1: false, id: '' };
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    const name = (el.getAttribute('aria-label') ?? labelled ?? '') || (el.innerText ?? '');
    return { tag: el.tagName.toLowerCase(), name: name.trim().replace(/\s+/g, ' '), isH1: el.tagName === 'H1' && el.closest('main') !== null, id: el.id };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's accessible text matches, failing after `max`
 * presses: proof the control is reachable by keyboard, without counting tab stops.
 */
export async function tabTo(page: Page, matches: RegExp, options: { max?: number; backwards?: boolean } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (matches.test(now.name)) return;
    seen.push(`${now.tag}:${now.name.slice(0, 40)}`);
  }
  throw new Error(`Tab never reached ${matches}; focus went through:\n  ${seen.join('\n  ')}`);
}

/**
 * One server and browser for a whole test file: started before its first test, pages closed after each
 * test, everything stopped after the last. Call inside the file's describe block.
 */
export function e2eServerPerFile(): () => E2e {
  let e2e: E2e | undefined;
  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterEach(async () => {
    await e2e?.closeContexts();
  });
  afterAll(async () => {
    await e2e?.stop();
  });
  return () => {
    if (!e2e) throw new Error('The e2e server is not started yet');
    return e2e;
  };
}

/** Types an ISO day into a GOV.UK date input (the group named by its legend): day, month and year boxes. */
export async function fillDate(group: Locator, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
  await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
  await group.getByLabel('Year', { exact: true }).fill(year!);
}
