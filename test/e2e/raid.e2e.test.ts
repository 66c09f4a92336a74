/**
 * The RAID log and heat map by keyboard, and "add an action" to a red or late item on a 390 px phone, with axe on
 * every state (docs/raid.md).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

describe.skipIf(!e2eEnabled(import.meta.filename))('RAID log and actions', () => {
  const e2e = e2eServerPerFile();

  it('reads the log and the heat map by keyboard', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    await page.goto('/raid');
    await page.getByRole('heading', { level: 1, name: 'RAID log' }).waitFor();
    await page.getByRole('table', { name: /Open risks by likelihood and impact/ }).waitFor();
    await page.getByRole('table', { name: /Open entries/ }).waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'RAID log');

    // The heat map is a table: its numbers are the chart. The demo's payroll cut-off risk is 4 × 4.
    const heat = page.getByRole('table', { name: /Open risks by likelihood and impact/ });
    const row = heat.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '4 High' }) });
    expect(await row.getByRole('cell').nth(3).innerText()).toMatch(/^[1-9]/);
    // Reached by keyboard: its scrolling region takes focus, and so do the log's filters.
    await tabTo(page, /Open risks by likelihood and impact/);
    expect((await focused(page)).tag).toBe('div');
    // The type filter is one radio group: Tab reaches the chosen one, the arrow keys choose another.
    await tabTo(page, /^All$/, { max: 80 });
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect((await focused(page)).name).toBe('Dependencies');
    await page.getByRole('table', { name: /Open entries \(1\)/ }).waitFor();
    expect(await page.getByRole('table', { name: /Open entries/ }).innerText()).toContain('Supplier release 26.4');
    await expectNoAxeViolations(page, 'RAID log, dependencies only');
  });

  it('adds an action to a red or late item from a 390 px phone', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    const section = page.getByRole('region', { name: 'What we are doing about red and late items' });
    await section.waitFor();
    await settled(page);
    const button = section.getByRole('button', { name: /^Add an action to .* at Eastbridge Borough Council$/ }).first();
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
    const item = name.replace(/\s+/g, ' ').trim().replace(/^Add an action to /, '');
    await button.tap();
    const form = page.getByRole('form', { name: `Add an action to ${item}` });
    await form.waitFor();

    // Nothing filled in: the error summary names each field, and nothing is recorded.
    await form.getByRole('button', { name: 'Add action' }).tap();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await expectNoAxeViolations(page, 'add an action, refused, at 390 px');

    await form.getByLabel('What will be done').fill('Book floorwalkers for the first payroll week');
    await form.getByLabel('Owner').fill('Eastbridge HR helpdesk');
    await form.getByLabel('Due date').fill('2027-01-15');
    await form.getByRole('button', { name: 'Add action' }).tap();
    await section.getByText('Book floorwalkers for the first payroll week').waitFor();
    expect(await section.innerText()).toContain('Eastbridge HR helpdesk');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client + 1);
    await expectNoAxeViolations(page, 'action added, at 390 px');
  });
});
