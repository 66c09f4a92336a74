/**
 * The programme office's ramps towards go-live and programme-wide readings on the planning page (docs/readiness.md):
 * the criteria table says which criteria are programme-wide and tracking-only; a ramp is refused with its reasons,
 * then set with two steps and listed; a programme-wide reading is refused for a future day, then entered and listed.
 * Keyboard only for the forms, axe on every state.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, cellOf, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, fillDate, focused, settled, signIn } from './harness.ts';

const RAMPED = 'HR data quality';
const WHY = 'Records are validated in the weeks before go-live, not on day one';
const DEFECTS = 'Open severity-2 defects in the shared HR system';
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Focuses a field and types into it, as someone using only the keyboard would. */
async function typeInto(page: Page, label: string, text: string, within = page.locator('#criterion-measures')): Promise<void> {
  await within.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** The summary that appears after a refusal has the focus, and says what is wrong. */
async function expectSummaryFocused(page: Page, says: RegExp): Promise<void> {
  // The summary of an earlier refusal stays while the form is sent again: wait for the one that says this.
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' }).filter({ hasText: says });
  await summary.waitFor();
  expect(await summary.innerText()).toMatch(says);
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'), undefined, { timeout: 5_000 });
}

describe.skipIf(!e2eEnabled(import.meta.filename))('ramps and programme-wide readings on the planning page', () => {
  const e2e = e2eServerPerFile();

  it('sets a ramp towards go-live and enters a programme-wide reading, and sees both listed', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office, { next: '/planning', heading: 'Planning' });

    // The catalogue says how each criterion is measured, and which are only tracked.
    const table = page.getByRole('table', { name: 'Readiness and adoption criteria' });
    const defectsRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${DEFECTS}`) }) });
    expect(await (await cellOf(table, defectsRow, 'Measured')).innerText()).toBe('programme-wide');
    expect(await defectsRow.getByRole('rowheader').innerText()).toContain('Tracking only');
    await expectNoAxeViolations(page, 'planning, criteria with programme-wide and tracking-only');

    const measures = page.locator('#criterion-measures');
    await measures.getByLabel('Criterion', { exact: true }).focus();
    await measures.getByLabel('Criterion', { exact: true }).selectOption({ label: RAMPED });
    await measures.getByRole('heading', { name: `Set a ramp for ${RAMPED}` }).waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'planning, a criterion\'s ramp');

    // A step whose amber threshold is above its expected level, and no reason: refused, each problem named.
    const step1 = measures.getByRole('group', { name: 'Step 1' });
    await typeInto(page, 'Weeks before go-live', '12', step1);
    await typeInto(page, 'Expected level', '60', step1);
    await typeInto(page, 'Amber threshold', '70', step1);
    await measures.getByRole('button', { name: 'Set the ramp' }).focus();
    await page.keyboard.press('Enter');
    await expectSummaryFocused(page, /Why /);
    await expectNoAxeViolations(page, 'planning, ramp refused for want of a reason');
    await typeInto(page, 'Why', WHY);
    await measures.getByRole('button', { name: 'Set the ramp' }).focus();
    await page.keyboard.press('Enter');
    await expectSummaryFocused(page, /The ramp is not valid\.[\s\S]*Step 1: /);
    expect(await page.locator('#field-ramp-points-0-amberThreshold').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'planning, ramp refused with the step named');

    // Corrected, with a second step added from the keyboard.
    await typeInto(page, 'Amber threshold', '40', step1);
    await measures.getByRole('button', { name: 'Add a step' }).focus();
    await page.keyboard.press('Enter');
    const step2 = measures.getByRole('group', { name: 'Step 2' });
    await typeInto(page, 'Weeks before go-live', '4', step2);
    await typeInto(page, 'Expected level', '90', step2);
    await typeInto(page, 'Amber threshold', '80', step2);
    await measures.getByRole('button', { name: 'Set the ramp' }).focus();
    await page.keyboard.press('Enter');
    const history = measures.getByRole('table', { name: `Ramps recorded for ${RAMPED}, newest first` });
    const recorded = history.getByRole('row').filter({ hasText: WHY });
    await recorded.waitFor();
    expect(await (await cellOf(history, recorded, 'Steps')).innerText()).toBe('12 weeks before: 60 (amber 40); 4 weeks before: 90 (amber 80)');
    const inForce = measures.getByRole('table', { name: `Ramp of ${RAMPED} in force today` });
    expect(await inForce.getByRole('rowheader').allInnerTexts()).toEqual(['12', '4']);
    expect(await inForce.getByRole('row').nth(1).innerText()).toMatch(/^12\s+60\s+40$/);
    expect(await page.getByRole('alert').filter({ hasText: 'There is a problem' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'planning, ramp set and listed');

    // The programme-wide defect count: its readings, then a new one (refused for a day still to come).
    await measures.getByLabel('Criterion', { exact: true }).selectOption({ label: `${DEFECTS} (programme-wide)` });
    const readings = measures.getByRole('table', { name: `Readings of ${DEFECTS}, newest first` });
    await readings.getByRole('cell', { name: 'Supplier log, mid November' }).waitFor();
    await expectNoAxeViolations(page, 'planning, programme-wide readings');

    const date = measures.getByRole('group', { name: 'Date of the reading' });
    await fillDate(date, isoDay(2));
    await typeInto(page, 'Value', '0');
    await typeInto(page, 'Note (optional)', 'Supplier log, start of December');
    await measures.getByRole('button', { name: 'Enter the reading' }).focus();
    await page.keyboard.press('Enter');
    await expectSummaryFocused(page, /Date of the reading cannot be in the future/);
    await expectNoAxeViolations(page, 'planning, programme-wide reading refused');

    await fillDate(date, isoDay(-1));
    await measures.getByRole('button', { name: 'Enter the reading' }).focus();
    await page.keyboard.press('Enter');
    await readings.getByRole('cell', { name: 'Supplier log, start of December' }).waitFor();
    const newest = readings.getByRole('row').nth(1);
    expect(await (await cellOf(readings, newest, 'Note')).innerText()).toBe('Supplier log, start of December');
    expect(await (await cellOf(readings, newest, 'Value')).innerText()).toBe('0 count');
    expect((await focused(page)).name).toBe('Enter the reading');
    await expectNoAxeViolations(page, 'planning, programme-wide reading entered and listed');
  }, 150_000);
});
