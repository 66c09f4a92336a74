/**
 * Layout shift (CLS) and largest contentful paint (LCP) of the overview and a council page, measured in
 * Debian's Chromium with a PerformanceObserver over the real server and the demo data, on loopback, at a
 * phone's and a laptop's size. Printed beside the budgets; `npm run bench -- --phase vitals` runs it.
 *
 *   node --import tsx scripts/web-vitals.ts
 */
import { chromium, type Browser } from 'playwright-core';
import { ACCOUNTS, CHROMIUM_ARGS, CHROMIUM_PATH, ensureClient, settled, startServer } from '../test/e2e/harness.ts';

export const VITALS_BUDGETS = { cls: 0.05, lcpMs: 1000 } as const;

export interface Vital { page: string; width: number; cls: number; lcpMs: number }

const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];

/** Installed before any page script: sums layout shifts not caused by input, keeps the latest LCP. */
const OBSERVE = () => {
  const w = window as unknown as { __vitals: { cls: number; lcp: number } };
  w.__vitals = { cls: 0, lcp: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.__vitals.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1);
    if (last) w.__vitals.lcp = last.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

async function measure(browser: Browser, baseURL: string, path: string, size: { width: number; height: number }, signInAs: { email: string; password: string }): Promise<Vital> {
  const context = await browser.newContext({ baseURL, viewport: size, locale: 'en-GB' });
  try {
    const response = await context.request.post('/api/session', { data: signInAs });
    if (!response.ok()) throw new Error(`Signing in failed: ${response.status()}`);
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    // One visit to warm the server's read models and the browser's cache of the bundle, as a returning user.
    await page.goto(path);
    await settled(page);
    await page.goto(path);
    await settled(page);
    await page.waitForTimeout(1000);
    const v = await page.evaluate(() => (window as unknown as { __vitals: { cls: number; lcp: number } }).__vitals);
    return { page: path, width: size.width, cls: Math.round(v.cls * 1000) / 1000, lcpMs: Math.round(v.lcp) };
  } finally {
    await context.close();
  }
}

/** Starts the demo server and Chromium, measures, stops both. */
export async function measureVitals(): Promise<Vital[]> {
  ensureClient();
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const results: Vital[] = [];
    for (const size of SIZES) {
      results.push(await measure(browser, server.url, '/', size, ACCOUNTS.sponsor));
      // The lead's own council: the lead sees it with its forms.
      const context = await browser.newContext({ baseURL: server.url });
      const me = await (await context.request.post('/api/session', { data: ACCOUNTS.eastbridgeLead })).json() as { user: { councilIds: number[] } };
      await context.close();
      const id = me.user.councilIds[0]!;
      results.push(await measure(browser, server.url, `/councils/${id}`, size, ACCOUNTS.eastbridgeLead));
      results.push(await measure(browser, server.url, `/my-council/${id}`, size, ACCOUNTS.eastbridgeLead));
    }
    return results;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function printVitals(results: Vital[]): boolean {
  console.log('\npage vitals in Chromium on loopback (demo data, second visit), budgets CLS < 0.05 and LCP < 1 s:');
  let ok = true;
  for (const r of results) {
    const pass = r.cls < VITALS_BUDGETS.cls && r.lcpMs < VITALS_BUDGETS.lcpMs;
    ok &&= pass;
    console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${r.page.padEnd(16)} ${String(r.width).padStart(4)} px  CLS ${r.cls.toFixed(3)} (< ${VITALS_BUDGETS.cls})  LCP ${r.lcpMs} ms (< ${VITALS_BUDGETS.lcpMs})`);
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = printVitals(await measureVitals());
  process.exitCode = ok ? 0 : 1;
}
