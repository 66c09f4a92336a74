/**
 * Pictures of the main screens for each role, at a phone's 390 × 844 and a laptop's 1280 × 800, over the
 * demo data: anyone can look at the product without signing in by hand. Written to screenshots/ (not
 * committed), one full-page PNG per screen, role and width, and an index.html to page through them.
 *
 *   npm run screenshots
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ACCOUNTS, CHROMIUM_ARGS, CHROMIUM_PATH, ensureClient, ROOT, settled, startServer } from '../test/e2e/harness.ts';

const OUT = join(ROOT, 'screenshots');
const SIZES = [{ name: 'phone', width: 390, height: 844 }, { name: 'laptop', width: 1280, height: 800 }];

type Screen = { name: string; path: string };

/** Each role's main screens; ids are looked up through the API as that role. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's replies, read for ids only
async function screensFor(role: keyof typeof ACCOUNTS, get: (path: string) => Promise<any>, me: { councilIds: number[] }): Promise<Screen[]> {
  const overview = await get('/api/overview');
  const firstRed = overview.red[0]?.itemId as number | undefined;
  // The first wave with items still to go live: its page has decisions to record.
  const nextWave = (overview.waves as Array<{ waveId: number; totals: { live: number; items: number } }>).find((w) => w.totals.live < w.totals.items)?.waveId;
  const common: Screen[] = [
    { name: 'overview', path: '/' },
    ...(firstRed ? [{ name: 'red-item', path: `/items/${firstRed}` }] : []),
    { name: 'benefits', path: '/benefits' },
    { name: 'board-report', path: '/reports' },
  ];
  if (role === 'sponsor') return common;
  if (role === 'eastbridgeLead') {
    const id = me.councilIds[0]!;
    return [{ name: 'my-council', path: `/my-council/${id}` }, { name: 'council', path: `/councils/${id}` }, ...common, { name: 'questions', path: '/questions' }];
  }
  return [...common, ...(nextWave ? [{ name: 'wave', path: `/waves/${nextWave}` }] : []), { name: 'planning', path: '/planning' }, { name: 'communications', path: '/communications' }, { name: 'outbox', path: '/notifications/outbox' }];
}

async function main() {
  ensureClient();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const shots: string[] = [];
  try {
    for (const role of ['sponsor', 'eastbridgeLead', 'office'] as const) {
      for (const size of SIZES) {
        const context = await browser.newContext({ baseURL: server.url, viewport: { width: size.width, height: size.height }, locale: 'en-GB', reducedMotion: 'reduce' });
        const session = await context.request.post('/api/session', { data: ACCOUNTS[role] });
        const { user } = await session.json() as { user: { councilIds: number[] } };
        const get = async (path: string) => (await context.request.get(path)).json();
        const page = await context.newPage();
        for (const screen of await screensFor(role, get, user)) {
          await page.goto(screen.path);
          await settled(page).catch(() => undefined);
          await page.waitForTimeout(300);
          const file = `${role}-${screen.name}-${size.name}.png`;
          await page.screenshot({ path: join(OUT, file), fullPage: true });
          shots.push(file);
          console.log(`screenshots/${file}`);
        }
        await context.close();
      }
    }
    writeFileSync(join(OUT, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Rollout Planner screens</title>\n${shots.map((f) => `<h2>${f}</h2><img src="${f}" alt="${f}" style="max-width:100%;border:1px solid #ccc">`).join('\n')}\n`);
    console.log(`${shots.length} screenshots in screenshots/ (open screenshots/index.html)`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
