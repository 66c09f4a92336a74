/**
 * The timeline by keyboard (move between bars, open the table, open an item), and a wave move with its preview,
 * at 1280 and at 390 px wide, with axe on every state (docs/timeline.md).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const BAR = /, (planned|not scheduled) .*(not live|live since)/;

describe.skipIf(!e2eEnabled(import.meta.filename))('timeline', () => {
  const e2e = e2eServerPerFile();

  it('moves between bars by keyboard, opens the table with one key, and opens an item (1280 px)', async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, ACCOUNTS.office);
    await page.goto('/timeline');
    await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
    await page.locator('svg.timeline').waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'timeline chart');
    // The dependency lines' facts as a table, and the support capacity in words.
    const dependencies = page.getByRole('table', { name: 'Dependencies: what waits for what' });
    expect(await dependencies.innerText()).toMatch(/Book annual leave at .*\n?.*Approve leave at /);
    expect(await page.locator('svg.timeline path.dependency-line').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 2, name: 'Support capacity' }).waitFor();

    await tabTo(page, BAR, { max: 40 });
    const first = await focused(page);
    expect(first.tag).toBe('a');
    await page.keyboard.press('ArrowRight');
    const second = await focused(page);
    expect(second.name).toMatch(BAR);
    expect(second.name).not.toBe(first.name);
    await page.keyboard.press('ArrowDown');
    const below = await focused(page);
    expect(below.name).toMatch(BAR);
    expect(below.name.split(',')[0]!.split(' at ')[1]).not.toBe(second.name.split(',')[0]!.split(' at ')[1]);
    // Only one bar is a tab stop: Tab leaves the chart.
    expect(await page.locator('svg.timeline a[tabindex="0"]').count()).toBe(1);

    await page.keyboard.press('t');
    const table = page.getByRole('table', { name: 'Rollout items in time' });
    await table.waitFor();
    expect(await table.innerText()).toContain('Planned');
    await expectNoAxeViolations(page, 'timeline as a table');

    await page.getByRole('button', { name: /Show the chart/ }).click();
    await tabTo(page, BAR, { max: 40 });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/items\/\d+$/);
  });

  it('previews a wave move, then applies it with a reason (1280 px)', async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, ACCOUNTS.office);
    await page.goto('/timeline');
    const section = page.getByRole('region', { name: 'Move a wave' });
    await section.waitFor();
    await settled(page);
    const wave = section.getByLabel('Wave');
    const options = await wave.locator('option').allInnerTexts();
    await wave.selectOption({ index: options.length - 1 });
    const goLive = section.getByRole('group', { name: 'New planned go-live' });
    await goLive.getByLabel('Day').fill('6');
    await goLive.getByLabel('Month').fill('9');
    await goLive.getByLabel('Year').fill('2027');
    await section.getByLabel('Why, in a sentence').fill('The supplier moved the release by a month.');
    await section.getByRole('button', { name: 'Preview the move' }).click();
    const impact = page.getByRole('heading', { name: /^What moving .* to .* does$/ });
    await impact.waitFor();
    const text = await page.locator('.impact').innerText();
    expect(text).toMatch(/item\(s\) move/);
    expect(text).toMatch(/gate review\(s\) move/);
    expect(text).toMatch(/\d+ weeks? over-booked/);
    await expectNoAxeViolations(page, 'wave move preview');
    await section.getByRole('button', { name: 'Apply the move' }).click();
    await page.getByRole('status').filter({ hasText: /now goes live on/ }).waitFor();
  });

  it('scrolls the chart in its own region on a 390 px phone, and the page does not', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.office);
    await page.goto('/timeline');
    await page.locator('svg.timeline').waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'timeline at 390 px');
    const region = page.getByRole('region', { name: /Timeline chart/ });
    const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
