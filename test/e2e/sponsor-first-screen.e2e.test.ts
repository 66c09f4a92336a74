/**
 * The sponsor's first screen, at a phone's 390 × 844 and a laptop's 1280 × 800: the overall standing, the
 * four headline figures and the first red item (with why, grouped by cause) without scrolling; no table
 * pushing the page sideways; the layout still while data arrives (CLS); the first red item's reasons
 * reached by keyboard within the budget.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn } from './harness.ts';

const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
] as const;
const KEY_BUDGET = 10;
const CLS_BUDGET = 0.05;

/** Whether the element is wholly inside the first screen (the page not scrolled). */
async function onFirstScreen(page: Page, selector: string): Promise<{ inside: boolean; bottom: number }> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { inside: r.height > 0 && r.top >= 0 && r.bottom + window.scrollY <= window.innerHeight, bottom: Math.round(r.bottom + window.scrollY) };
  });
}

/**
 * Sums layout shifts from the first paint, as a PerformanceObserver sees them (not counting those after input), and
 * keeps what moved in each (element, class, from and to), so a failure says which part of the page jumped.
 */
async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    w.__cls = 0;
    w.__shifts = [];
    type Source = { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
    const where = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Source[] }>) {
        if (entry.hadRecentInput) continue;
        w.__cls += entry.value;
        const moved = (entry.sources ?? []).map((s) => {
          const el = s.node instanceof Element ? s.node : s.node?.parentElement;
          const classes = (el?.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).map((c) => `.${c}`).join('');
          return `${el ? `${el.tagName.toLowerCase()}${classes}` : '?'} ${where(s.previousRect)} -> ${where(s.currentRect)}`;
        });
        w.__shifts.push(`${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms: ${moved.join('; ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

describe.skipIf(!e2eEnabled(import.meta.filename))("the sponsor's first screen", () => {
  const e2e = e2eServerPerFile();

  for (const screen of SCREENS) {
    it(`answers on track, what is red, why and what is being done on one ${screen.name} screen (${screen.viewport.width} × ${screen.viewport.height})`, async () => {
      const page = await e2e().newPage({ viewport: screen.viewport });
      await signIn(page, ACCOUNTS.sponsor);
      await page.locator('.first-screen').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));

      const standing = page.locator('.standing');
      expect(await standing.innerText()).toMatch(/^(Overall:\s*)?(On track|At risk|Behind plan)$/);
      // The demo re-baselined in October: on plan v2 alone it would be "At risk", but against the original (v1) 15 of
      // the 18 items it planned live by now are live, and the worse of the two is what a sponsor sees (docs/metrics.md).
      expect(await standing.innerText()).toMatch(/Behind plan$/);
      expect(await page.locator('.standing__why').innerText()).toMatch(/^Original plan: 15 of 18 items live by now; \d+ items are red\.$/);
      expect((await onFirstScreen(page, '.standing')).inside).toBe(true);
      const figures = page.getByRole('list', { name: 'Headline figures' }).getByRole('listitem');
      expect(await figures.count()).toBe(4);
      for (let i = 0; i < 4; i++) {
        const where = await figures.nth(i).evaluate((el) => el.getBoundingClientRect().bottom);
        expect(where, `headline figure ${i + 1} below the first screen`).toBeLessThanOrEqual(screen.viewport.height);
      }
      // Readiness in words, the items not yet due counted apart from amber (docs/metrics.md), as the API counts them.
      const counts = await page.evaluate(async () => (await (await fetch('/api/overview?councilLimit=50')).json()).readiness);
      expect(typeof counts.notYetDue).toBe('number');
      expect(await figures.nth(3).innerText()).toContain(`${counts.red} red, ${counts.amber} amber, ${counts.green} green, ${counts.notYetDue} not yet due`);
      const first = await onFirstScreen(page, '.cause__items > li');
      expect(first.inside, `the first red item ends at ${first.bottom} px`).toBe(true);
      // Why, in plain words: no ISO dates, no log-line "is under".
      const firstItem = await page.locator('.cause__items > li').first().innerText();
      expect(firstItem).toMatch(/Red/);
      expect(firstItem).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(await page.locator('.cause__title').first().innerText()).toMatch(/\(\d+ items?\)$/);

      // No table makes the page scroll sideways: wide ones scroll inside their own region.
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.client);
      await expectNoAxeViolations(page, `sponsor overview at ${screen.viewport.width} px`);
    });
  }

  // Retried once: in one CI run of many, on a loaded host, a single page load measured 0.060 (0.001 in every other
  // run, here and in CI); the shifts of a failing load are printed with what moved, and two failing loads in a row
  // still fail the test.
  it(`keeps still while its sections arrive (CLS under ${CLS_BUDGET}) at both widths`, { retry: 1 }, async () => {
    for (const screen of SCREENS) {
      const page = await e2e().newPage({ viewport: screen.viewport });
      await signIn(page, ACCOUNTS.sponsor);
      await watchLayoutShifts(page);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Programme overview' }).waitFor();
      await settled(page);
      await page.waitForTimeout(1500);
      const { cls, shifts } = await page.evaluate(() => {
        const w = window as unknown as { __cls: number; __shifts: string[] };
        return { cls: w.__cls, shifts: w.__shifts };
      });
      console.log([`overview CLS at ${screen.viewport.width} px: ${cls.toFixed(3)} (budget ${CLS_BUDGET})`, ...shifts].join('\n  '));
      expect(cls, `layout shifts at ${screen.viewport.width} px:\n${shifts.join('\n')}`).toBeLessThan(CLS_BUDGET);
    }
  });

  it(`takes a sponsor to the first red item's reasons in at most ${KEY_BUDGET} key presses`, async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ACCOUNTS.sponsor);
    await page.locator('.first-screen').waitFor();
    const firstLink = page.locator('.cause__items > li a').first();
    const target = (await firstLink.innerText()).trim();
    let presses = 0;
    for (; presses < KEY_BUDGET; ) {
      presses += 1;
      await page.keyboard.press('Tab');
      const now = await focused(page);
      expect(now.tag).not.toBe('body');
      if (now.name === target) break;
    }
    expect((await focused(page)).name, `Tab did not reach "${target}"`).toBe(target);
    presses += 1;
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Why it is red' }).waitFor();
    console.log(`sponsor to the first red item's reasons: ${presses} key presses (budget ${KEY_BUDGET})`);
    expect(presses).toBeLessThanOrEqual(KEY_BUDGET);
    expect(await page.getByRole('main').innerText()).toContain(target.split(',')[0]!);
  });
});
