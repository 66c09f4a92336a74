/**
 * A council lead on a phone: their council, bulk readings that fail (and store nothing) and then succeed
 * (and turn the item green), and what a lead must not see.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, cellOf, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, ragWord, settled, signIn } from './harness.ts';

const COUNCIL = 'Eastbridge Borough Council';
const ITEM = 'Approve leave';
const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const RANK = { Red: 0, Amber: 1, Green: 2 } as const;

/** The lead's own council page, reached through the "My council" link and, from there, everything about the council. */
async function openMyCouncil(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My council' }).tap();
  await page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: `Everything about ${COUNCIL}` }).tap();
  await page.getByRole('table', { name: `Rollout items of ${COUNCIL}` }).waitFor();
  await settled(page);
}

function itemsTable(page: Page): Locator {
  return page.getByRole('table', { name: `Rollout items of ${COUNCIL}` });
}

function itemRow(page: Page): Locator {
  return itemsTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: ITEM, exact: true }) });
}

async function itemRag(page: Page): Promise<keyof typeof RANK> {
  return ragWord(await cellOf(itemsTable(page), itemRow(page), 'RAG'));
}

/** The readiness criteria table of the item page, as text: value, target, reading date of every criterion. */
async function criteriaOnItemPage(page: Page): Promise<string> {
  return page.getByRole('table', { name: 'Readiness criteria' }).innerText();
}

/** The fields of a group of the "Enter readings" form, with the target each one's hint states. */
async function targetsOf(group: Locator): Promise<Array<{ field: Locator; name: string; value: string }>> {
  await group.getByRole('textbox').first().waitFor();
  const fields = await group.getByRole('textbox').all();
  expect(fields.length).toBeGreaterThan(0);
  return Promise.all(fields.map(async (field) => {
    const label = await field.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
    const match = /^(.*?) target (at least|at most) (-?[\d.]+)%?$/.exec(label.trim());
    if (!match) throw new Error(`No target in the label "${label}"`);
    // A value exactly on the target meets it, whichever way is better.
    return { field, name: match[1]!, value: match[3]! };
  }));
}

describe.skipIf(!e2eEnabled(import.meta.filename))('council lead on a phone', () => {
  const e2e = e2eServerPerFile();

  it('sees the overview without sideways scrolling, and no planning', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    await expectNoAxeViolations(page, 'overview at 375 px, signed in as lead');

    // The page itself never scrolls sideways at 375 px; wide tables scroll inside their own region.
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      body: document.body.scrollWidth,
      wideRegions: [...document.querySelectorAll<HTMLElement>('.table-wrap')].filter((r) => r.scrollWidth > r.clientWidth).length,
    }));
    expect(widths.client).toBe(375);
    expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.client + 1);
    expect(widths.body, JSON.stringify(widths)).toBeLessThanOrEqual(widths.client + 1);
    expect(widths.wideRegions).toBeGreaterThan(0);

    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link').allInnerTexts()).map((t) => t.trim())).toEqual(['Overview', 'My council', 'Timeline', 'Communications', 'Questions', 'FAQ', 'Staff voice', 'Benefits', 'Board report', 'Exports']);
    expect(await page.getByRole('link', { name: 'Planning' }).count()).toBe(0);

    await page.goto('/planning');
    await page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor();
    await settled(page);
    expect(await page.getByRole('main').innerText()).toContain('Only the programme office can plan waves and approve baselines.');
    expect(await page.getByRole('button', { name: 'Save plan changes' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'planning, refused to a lead, 375 px');
  });

  it('enters readings in bulk: a bad entry stores nothing; meeting every target turns the item green', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    await openMyCouncil(page);
    expect((await focused(page)).isH1).toBe(true);
    await expectNoAxeViolations(page, 'own council at 375 px');

    const before = await itemRag(page);
    expect(['Red', 'Amber']).toContain(before);
    const itemHref = await itemRow(page).getByRole('link', { name: ITEM, exact: true }).getAttribute('href');
    expect(itemHref).toMatch(/^\/items\/\d+$/);

    // What the item page says before anything is entered.
    await page.goto(itemHref!);
    await page.getByRole('heading', { level: 1, name: ITEM }).waitFor();
    await settled(page);
    const readinessBefore = await page.getByRole('main').getByRole('definition').filter({ hasText: /score/ }).innerText();
    expect(readinessBefore).toMatch(new RegExp(`${before}\\s*score [\\d.]+ of 100`));
    const criteriaBefore = await criteriaOnItemPage(page);
    expect(criteriaBefore).toContain('Managers trained');
    expect(await page.getByRole('heading', { level: 2, name: `Why it is ${before.toLowerCase()}` }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'item page at 375 px, before readings');

    await page.goto('/');
    await settled(page);
    await openMyCouncil(page);
    await page.getByRole('heading', { level: 3, name: 'Enter readings' }).waitFor();
    const council = await targetsOf(page.getByRole('group', { name: 'Whole council', exact: true }));
    const feature = await targetsOf(page.getByRole('group', { name: ITEM, exact: true }));
    const all = [...council, ...feature];
    expect(feature.map((f) => f.name)).toContain('Open severity-1 defects');
    expect(feature.find((f) => f.name === 'Open severity-1 defects')!.value).toBe('0');
    expect(council.map((f) => f.name)).toContain('Communications reach');
    const managers = feature.find((f) => f.name === 'Managers trained')!;
    expect(managers).toBeDefined();

    // 1. Not a number: refused in the browser, nothing sent.
    for (const f of all) await f.field.fill(f.value);
    await managers.field.fill('abc');
    await page.getByRole('button', { name: 'Save readings' }).tap();
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Some values are not numbers. Nothing was saved.');
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    const abcLink = summary.getByRole('link', { name: `Managers trained (${ITEM}) “abc” is not a number` });
    const managersId = await managers.field.getAttribute('id');
    expect(await abcLink.getAttribute('href')).toBe(`#${managersId}`);
    expect(await managers.field.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'readings form with a value that is not a number');
    await abcLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.activeElement?.id === id, managersId);

    // 2. Out of range: refused by the server, the whole batch stored or none of it.
    await managers.field.fill('150');
    await page.getByRole('button', { name: 'Save readings' }).tap();
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    const rangeLink = summary.getByRole('link', { name: new RegExp(`^Managers trained \\(${ITEM}\\) `) });
    expect(await rangeLink.innerText()).toMatch(/100/);
    expect(await rangeLink.getAttribute('href')).toBe(`#${managersId}`);
    expect(await page.getByRole('status').filter({ hasText: /readings? saved/ }).count()).toBe(0);
    await expectNoAxeViolations(page, 'readings form refused by the server');
    await rangeLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.activeElement?.id === id, managersId);

    // Nothing was stored: the item is as it was, on the council page and on its own page.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
    await settled(page);
    expect(await itemRag(page)).toBe(before);
    await page.goto(itemHref!);
    await page.getByRole('heading', { level: 1, name: ITEM }).waitFor();
    await settled(page);
    expect(await criteriaOnItemPage(page)).toBe(criteriaBefore);

    // 3. Every target met.
    await page.goto('/');
    await settled(page);
    await openMyCouncil(page);
    const again = [...await targetsOf(page.getByRole('group', { name: 'Whole council', exact: true })), ...await targetsOf(page.getByRole('group', { name: ITEM, exact: true }))];
    for (const f of again) await f.field.fill(f.value);
    await page.getByRole('button', { name: 'Save readings' }).tap();
    const saved = page.getByRole('status').filter({ hasText: /readings? saved for \d{1,2} [A-Z][a-z]+ \d{4}\./ });
    await saved.waitFor();
    expect(await saved.innerText()).toMatch(new RegExp(`^${again.length} readings saved for \\d{1,2} [A-Z][a-z]+ \\d{4}\\.$`));
    expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(0);
    await page.waitForFunction(() => document.querySelector('.loading') === null);
    await expect.poll(() => itemRag(page)).toBe('Green');
    const after = await itemRag(page);
    expect(RANK[after]).toBeGreaterThan(RANK[before]);
    await expectNoAxeViolations(page, 'own council after readings were saved');

    // The item's own page agrees, criterion by criterion.
    await itemRow(page).getByRole('link', { name: ITEM, exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: ITEM }).waitFor();
    await settled(page);
    const readiness = page.getByRole('main').getByRole('definition').filter({ hasText: /score/ });
    expect(await readiness.innerText()).toMatch(/Green\s*score 100 of 100/);
    expect(await readiness.innerText()).not.toBe(readinessBefore);
    expect(await page.getByRole('heading', { level: 2, name: 'Why it is green' }).isVisible()).toBe(true);
    expect(await page.getByText('Every criterion is met.').isVisible()).toBe(true);
    const statuses = await page.getByRole('table', { name: 'Readiness criteria' }).getByRole('row').all();
    // Every judged criterion is met; a tracking-only measure (the shared system's severity-2 defects) is shown but not judged.
    const rows = await Promise.all(statuses.slice(1).map((row) => row.innerText()));
    for (const text of rows.filter((t) => !/Tracking only/.test(t))) expect(text).toMatch(/\bMet\b/);
    expect(rows.filter((t) => /Tracking only/.test(t)).map((t) => t.split(/\s*Tracking only/)[0])).toEqual(['Open severity-2 defects in the shared HR system']);
    expect(await criteriaOnItemPage(page)).not.toBe(criteriaBefore);
    await expectNoAxeViolations(page, 'item page at 375 px, all criteria met');
  }, 150_000);
});
