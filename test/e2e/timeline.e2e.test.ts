/**
 * The timeline by keyboard (move between bars, open the table, open an item), and a wave move with its preview,
 * at 1280 and at 390 px wide, with axe on every state; the office's forms for item moves, dependencies and support
 * capacity, and no forms for a lead or a sponsor (docs/timeline.md).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, fillDate, focused, settled, signIn, tabTo } from './harness.ts';

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
    await page.getByRole('heading', { level: 2, name: 'Support capacity', exact: true }).waitFor();

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

    // The key is named apart from the words, on one line with them, so the button does not read "Show as a tablet".
    const toTable = page.getByRole('button', { name: 'Show as a table (key: t)', exact: true });
    expect(await toTable.innerText()).toBe('Show as a table (key: t)');
    await page.keyboard.press('t');
    const table = page.getByRole('table', { name: 'Rollout items in time' });
    await table.waitFor();
    expect(await table.innerText()).toContain('Planned');
    await expectNoAxeViolations(page, 'timeline as a table');

    await page.getByRole('button', { name: /Show the chart/ }).click();
    await tabTo(page, BAR, { max: 40 });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/items\/\d+$/);
  }, 150_000);

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
    expect(text).toMatch(/\d+ items? moves?\./);
    expect(text).toMatch(/\d+ gate reviews? moves?/);
    expect(text).toMatch(/\d+ weeks? over-booked/);
    // The preview takes the focus, so a keyboard or screen reader user lands on what the move does.
    expect((await focused(page)).name).toMatch(/^What moving .* does$/);
    await expectNoAxeViolations(page, 'wave move preview');
    // Applying asks first; cancelling changes nothing.
    await section.getByRole('button', { name: 'Apply the move' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toMatch(/^Moving .* to 6 September 2027\? \d+ items? moves?, \d+ items? becomes? late/);
    await expectNoAxeViolations(page, 'wave move confirmation');
    await page.keyboard.press('Escape');
    await section.getByRole('button', { name: 'Apply the move' }).click();
    await dialog.getByRole('button', { name: 'Yes, apply it' }).click();
    await section.getByRole('status').filter({ hasText: /now goes live on 6 September 2027/ }).waitFor();
    // The timeline was read again: the wave's new day is in the wave list.
    await expect.poll(async () => (await wave.locator('option').allInnerTexts()).some((o) => o.includes('6 September 2027')), { timeout: 30_000 }).toBe(true);
  }, 150_000);

  it('refuses a move with the error summary linked to its field, and moves an item after its preview (390 px)', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.office);
    await page.goto('/timeline');
    const section = page.getByRole('region', { name: 'Move an item' });
    await section.waitFor();
    await settled(page);
    // No reason given: refused, and the summary takes the focus and links to the field.
    await fillDate(section.getByRole('group', { name: 'Own planned go-live (optional)' }), '2027-10-12');
    await section.getByRole('button', { name: 'Preview the move' }).click();
    const summary = section.getByRole('alert');
    await summary.waitFor();
    expect((await focused(page)).name).toContain('There is a problem');
    expect(await summary.innerText()).toMatch(/Why, in a sentence/);
    await expectNoAxeViolations(page, 'item move refused at 390 px');
    await summary.getByRole('link', { name: /Why, in a sentence/ }).click();
    expect((await focused(page)).id).toBe('field-item-move-reason');
    await page.keyboard.type('The council asked for a later date.');
    await section.getByRole('button', { name: 'Preview the move' }).click();
    await page.getByRole('heading', { name: /^What moving .* to 12 October 2027 does$/ }).waitFor();
    expect(await section.getByRole('alert').count()).toBe(0);
    expect(await section.locator('.impact-list').innerText()).toMatch(/^1 item moves\./);
    await expectNoAxeViolations(page, 'item move preview at 390 px');
    await section.getByRole('button', { name: 'Apply the move' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, apply it' }).click();
    await section.getByRole('status').filter({ hasText: /is moved to 12 October 2027/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 150_000);

  it('adds, changes and removes a council capacity and changes a support need, by keyboard where it matters (1280 px)', async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, ACCOUNTS.office);
    await page.goto('/timeline');
    const section = page.getByRole('region', { name: 'Council support capacity', exact: true });
    const table = section.getByRole('table', { name: 'Capacities set' });
    await table.waitFor();
    await settled(page);
    const before = await table.locator('tbody tr').count();
    expect(before).toBeGreaterThan(0);
    const council = section.getByLabel('Council', { exact: true });
    const taken = await table.locator('tbody th').allInnerTexts();
    const free = (await council.locator('option').allInnerTexts()).find((o) => o !== 'Choose the council' && !taken.includes(o))!;
    await council.selectOption({ label: free });
    await section.getByLabel('Training sessions a week').fill('lots');
    await section.getByLabel('Floorwalker shifts a week').fill('7');
    await section.getByRole('button', { name: 'Add the setting' }).click();
    const summary = section.getByRole('alert');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/Training sessions a week/);
    expect(await table.locator('tbody tr').count()).toBe(before);
    await section.getByLabel('Training sessions a week').fill('5');
    await section.getByRole('button', { name: 'Add the setting' }).click();
    await section.getByRole('status').filter({ hasText: `Added for ${free}.` }).waitFor();
    const added = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: free, exact: true }) });
    await added.waitFor();
    expect((await added.innerText()).replace(/\s+/g, ' ')).toMatch(/ 5 7 /);

    // Change it: the form takes the focus and says which council; Enter saves.
    await added.getByRole('button', { name: `Change ${free}` }).click();
    expect((await focused(page)).name).toBe(`Change the setting for ${free}`);
    await section.getByLabel('Training sessions a week').fill('2');
    await section.getByLabel('Training sessions a week').press('Enter');
    await section.getByRole('status').filter({ hasText: `Saved for ${free}.` }).waitFor();
    await expect.poll(async () => (await added.innerText()).replace(/\s+/g, ' ')).toMatch(/ 2 7 /);
    await expectNoAxeViolations(page, 'capacity saved');

    // Remove it, after the question.
    await added.getByRole('button', { name: `Remove ${free}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain(`Remove the setting for ${free}?`);
    await dialog.getByRole('button', { name: 'Yes, remove it' }).click();
    await section.getByRole('status').filter({ hasText: `Removed for ${free}.` }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(before);

    // A feature's support need.
    const needs = page.getByRole('region', { name: 'Feature support needs', exact: true });
    const needRow = needs.getByRole('table', { name: 'Support needs set' }).locator('tbody tr').first();
    const feature = await needRow.locator('th').innerText();
    await needRow.getByRole('button', { name: /^Change / }).click();
    await needs.getByLabel('Floorwalker shifts a go-live needs').fill('9');
    await needs.getByRole('button', { name: 'Save the change' }).click();
    await needs.getByRole('status').filter({ hasText: `Saved for ${feature}.` }).waitFor();
    await expect.poll(async () => (await needRow.innerText()).replace(/\s+/g, ' ')).toMatch(/ 9 /);
  }, 150_000);

  it('previews a dependency, adds it after the question, refuses a cycle by name, and removes it (1280 px)', async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, ACCOUNTS.office);
    await page.goto('/timeline');
    const section = page.getByRole('region', { name: 'Dependencies', exact: true });
    const table = section.getByRole('table', { name: 'Dependencies set' });
    await table.waitFor();
    await settled(page);
    const before = await table.locator('tbody tr').count();

    // A cycle: the demo has "Book annual leave" waiting for "Approve leave"; the other way round is refused.
    await section.getByLabel('Feature waited for').selectOption({ label: 'Book annual leave' });
    await section.getByLabel('Feature that waits').selectOption({ label: 'Approve leave' });
    await section.getByRole('button', { name: 'Preview the dependency' }).click();
    const summary = section.getByRole('alert');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/cycle/);

    // Item to item, across councils: previewed, then added.
    await section.getByLabel('One rollout item waits for another (any councils)').check();
    const waitedFor = section.getByLabel('Item waited for');
    const options = await waitedFor.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    await waitedFor.selectOption(options[options.length - 1]!);
    await section.getByLabel('Item that waits').selectOption(options[0]!);
    await section.getByLabel('Lag in working days').fill('2');
    await section.getByRole('button', { name: 'Preview the dependency' }).click();
    await page.getByRole('heading', { name: 'What adding the dependency does' }).waitFor();
    expect(await section.getByRole('alert').count()).toBe(0);
    expect(await section.locator('.impact').innerText()).toMatch(/\d+ dependenc(y|ies) broken/);
    expect(await table.locator('tbody tr').count()).toBe(before);
    await expectNoAxeViolations(page, 'dependency preview');
    await section.getByRole('button', { name: 'Add the dependency' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, add it' }).click();
    await section.getByRole('status').filter({ hasText: 'The dependency is added.' }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(before + 1);

    const row = table.locator('tbody tr').last();
    const label = await row.locator('th').innerText();
    await row.getByRole('button', { name: /^Remove / }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, remove it' }).click();
    await section.getByRole('status').filter({ hasText: `Removed: ${label}.` }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(before);
  }, 150_000);

  it('shows a council lead and a sponsor the timeline without any plan form', async () => {
    for (const account of [ACCOUNTS.eastbridgeLead, ACCOUNTS.sponsor]) {
      const page = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
      // Straight to the timeline after signing in: waiting for "any heading" matched the sign-in page's own, so the
      // test could leave for /timeline before the session existed and land on the sign-in page again.
      await signIn(page, account, { next: '/timeline', heading: 'Timeline' });
      await page.locator('svg.timeline').waitFor();
      await settled(page);
      for (const name of ['Move a wave', 'Move an item', 'Add a dependency', 'Support capacity settings']) {
        expect(await page.getByRole('heading', { name }).count()).toBe(0);
      }
      expect(await page.locator('form.plan-form').count()).toBe(0);
    }
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
