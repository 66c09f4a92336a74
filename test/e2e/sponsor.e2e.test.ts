/**
 * The sponsor's morning read: the overview's headlines and RAG grid, a chart's numbers opened from the
 * keyboard, the "as of" picker, printing, and what a read-only user must not see.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, settled, signIn } from './harness.ts';

const COUNCILS = ['Eastbridge Borough Council', 'Fernleigh District Council', 'Northmoor County Council', 'Westvale District Council'];
const WAVES_CHART = 'Show the numbers behind “Items planned to be live and live, by wave” as a table';

describe.skipIf(!e2eEnabled(import.meta.filename))('sponsor in the browser', () => {
  const e2e = e2eServerPerFile();

  it('reads the overview: headlines, a RAG grid in words, and a chart whose numbers open from the keyboard', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.sponsor);
    await expectNoAxeViolations(page, 'overview, signed in as sponsor');

    const main = page.getByRole('main');
    // The demo's October re-baseline is in force; the original stays beside it in the late figure.
    expect(await main.locator('p.lede').innerText()).toMatch(/^As of \d{1,2} [A-Z][a-z]+ \d{4}, judged against the baseline Programme plan v2\.$/);

    // The headline figures.
    const headline = (label: string) => main.getByRole('listitem').filter({ hasText: label });
    expect(await headline('items live of those planned to be live by now').innerText()).toMatch(/^\d+ of \d+\s+items live of those planned to be live by now \(\d+ in all\)$/);
    // Switched on (a feature live for them) and using (take-up against its target) side by side, never one for the other.
    expect(await headline('staff switched on').innerText()).toMatch(/^[\d,]+\s+staff switched on,\s+[\d.]+% using\s+\(target \d+%\)$/);
    expect(await headline('items late against the baseline').innerText()).toMatch(/^\d+\s+items late against the baseline, [\d,]+ days in all/);
    expect(await headline('readiness of the items still to go live').innerText()).toMatch(/^\d+ red, \d+ amber, \d+ green, \d+ not yet due\s+readiness of the items still to go live$/);

    // The RAG grid: one row per council, every cell a word and a status, not colour alone.
    const grid = page.getByRole('table', { name: 'RAG of every rollout item, by council and feature' });
    const features = (await grid.getByRole('columnheader').allInnerTexts()).slice(1);
    expect(features).toHaveLength(8);
    expect(features).toContain('View payslip and P60');
    const rowNames = (await grid.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
    expect(rowNames.sort()).toEqual(COUNCILS);
    const words = { Red: 0, Amber: 0, Green: 0 };
    for (const council of COUNCILS) {
      const row = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: council, exact: true }) });
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells, council).toHaveLength(features.length);
      for (const [i, cell] of cells.entries()) {
        const match = /\b(Red|Amber|Green)\b\s*(Planned|Ready|Live|Deferred|Not scheduled)/.exec(cell);
        expect(match, `${features[i]} at ${council}: "${cell}"`).not.toBeNull();
        words[match![1] as keyof typeof words]++;
        // The link names the item for screen readers, not only the colour and word.
        await expect(row.getByRole('link', { name: `${features[i]} at ${council}` }).count()).resolves.toBe(1);
      }
    }
    // 32 items: the three first councils' 24 and Fernleigh's 8 (amber: nothing due yet on their ramps).
    expect(words.Red + words.Amber + words.Green).toBe(32);
    expect(words.Red).toBeGreaterThan(0);

    // The chart's numbers, opened with the keyboard.
    const summary = page.getByText(WAVES_CHART, { exact: true });
    const wavesTable = page.getByRole('table', { name: 'Waves against the baseline' });
    expect(await wavesTable.isVisible()).toBe(false);
    await summary.focus();
    await page.keyboard.press('Enter');
    await wavesTable.waitFor({ state: 'visible' });
    const waves = (await wavesTable.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
    expect(waves).toEqual(['W0 Pilot', 'W1 Payslips and personal details', 'W2 Leave and sickness', 'W3 Expenses and manager approvals', 'W4 Fernleigh joins']);
    const pilot = await wavesTable.getByRole('row').filter({ hasText: 'W0 Pilot' }).getByRole('cell').allInnerTexts();
    expect(pilot.at(-2)).toMatch(/^\d+ of \d+$/);
    await expectNoAxeViolations(page, 'overview with the waves table open');

    // Enter again closes it.
    await page.keyboard.press('Enter');
    await wavesTable.waitFor({ state: 'hidden' });
  });

  it('offers no planning, and says so at /planning', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.sponsor);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link').allInnerTexts()).map((t) => t.trim())).toEqual(['Overview', 'Timeline', 'Communications', 'FAQ', 'Staff voice', 'Benefits', 'Board report', 'Exports']);
    expect(await page.getByRole('link', { name: 'Planning' }).count()).toBe(0);
    expect(await page.getByText('Sponsor', { exact: true }).isVisible()).toBe(true);

    await page.goto('/planning');
    await page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor();
    await settled(page);
    expect(await page.getByRole('main').innerText()).toContain('Only the programme office can plan waves and approve baselines.');
    expect(await page.getByRole('button', { name: /Save plan changes|Approve the current plan/ }).count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    await expectNoAxeViolations(page, 'planning, refused to a sponsor');
  });

  it('redraws the overview as of a chosen day, and back', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.sponsor);
    const lede = page.getByRole('main').locator('p.lede');
    const today = await lede.innerText();
    const live = page.getByRole('main').getByRole('listitem').filter({ hasText: 'items live of those planned' });
    const liveToday = await live.innerText();

    // The GOV.UK day / month / year boxes, applied with Show (a date that is not real is refused beside them).
    await page.getByText('Show the programme as of another day').click();
    const asOf = page.getByRole('group', { name: 'Show as of' });
    await asOf.getByLabel('Day').fill('31');
    await asOf.getByLabel('Month').fill('4');
    await asOf.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await asOf.getByText('Show as of must be a real date, for example 1 4 2026').waitFor();
    await expectNoAxeViolations(page, 'as of a date that is not real');
    await asOf.getByLabel('Day').fill('1');
    await asOf.getByLabel('Day').press('Enter');
    await page.locator('main p.lede', { hasText: 'As of 1 April 2026' }).waitFor();
    await settled(page);
    expect(await lede.innerText()).toBe('As of 1 April 2026, judged against the baseline Programme plan v1.');
    // On 1 April only the pilot had gone live: the figures are not today's.
    expect(await live.innerText()).toMatch(/^\d+ of \d+/);
    expect(await live.innerText()).not.toBe(liveToday);
    const backToToday = page.getByRole('button', { name: 'Back to today' });
    expect(await backToToday.isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'overview as of 1 April 2026');

    await backToToday.click();
    await page.waitForFunction((text) => document.querySelector('main p.lede')?.textContent === text, today);
    expect(await live.innerText()).toBe(liveToday);
    // Folded away again, offering another day; opened, its boxes are empty.
    await page.getByText('Show the programme as of another day').click();
    expect(await asOf.getByLabel('Day').inputValue()).toBe('');
  });

  it('prints without the site header and navigation', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.sponsor);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const signOut = page.getByRole('button', { name: 'Sign out' });
    expect(await nav.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await nav.isVisible()).toBe(false);
    expect(await signOut.isVisible()).toBe(false);
    expect(await page.getByRole('group', { name: 'Show as of' }).isVisible()).toBe(false);
    // The content itself still prints.
    expect(await page.getByRole('heading', { level: 1, name: 'Programme overview' }).isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'RAG of every rollout item, by council and feature' }).isVisible()).toBe(true);
    // The numbers behind the charts print too, though their disclosures are closed on screen.
    const wavesTable = page.getByRole('table', { name: 'Waves against the baseline' });
    expect(await wavesTable.isVisible()).toBe(true);
    expect(await wavesTable.getByRole('rowheader', { name: 'W0 Pilot' }).isVisible()).toBe(true);
    expect(await page.getByText(WAVES_CHART, { exact: true }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await nav.isVisible()).toBe(true);
    expect(await wavesTable.isVisible()).toBe(false);
  });
});
