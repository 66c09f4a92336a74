/**
 * The programme office: a gate decision made with the keyboard alone, then a plan change and a new
 * baseline, and what each does to the slippage the overview and the item pages report.
 */
import { differenceInCalendarDays, parse } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { slippage } from '../../client/format.ts';
import { ACCOUNTS, cellOf, e2eEnabled, fillDate, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

const MOVED = { feature: 'Claim expenses', council: 'Northmoor County Council' };
const SLIPPED = { feature: 'Approve leave', council: 'Eastbridge Borough Council' };
const BASELINE = 'Plan v2, after the e2e board';

/** Waits until the keyboard focus is on the page's h1 (where a route change must put it) and returns its text. */
async function expectFocusOnH1(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, { timeout: 5_000 })
    .catch(async () => { throw new Error(`Focus is not on the h1 after the route change, but on ${JSON.stringify(await focused(page))}`); });
  expect((await focused(page)).name).toBe(name);
}

/** "7 September 2026" (as the dashboard writes days, client/format.ts) to a Date. */
const parseDay = (text: string): Date => parse(text, 'd MMMM yyyy', new Date(), { locale: enGB });

/** Opens an item's page from the overview's RAG grid. */
async function openItem(page: Page, item: { feature: string; council: string }): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('heading', { level: 1, name: 'Programme overview' }).waitFor();
  await settled(page);
  await page.getByRole('table', { name: 'RAG of every rollout item, by council and feature' })
    .getByRole('link', { name: `${item.feature} at ${item.council}` }).click();
  await page.getByRole('heading', { level: 1, name: item.feature }).waitFor();
  await settled(page);
  expect(await page.getByRole('main').getByRole('link', { name: item.council }).first().isVisible()).toBe(true);
}

/** The "Planned go-live" line of an item page: "18 January 2027 (baseline 7 September 2026; 133 days late)". */
async function plannedLine(page: Page): Promise<string> {
  const row = page.getByRole('main').getByRole('term').filter({ hasText: /^Planned go-live$/ });
  return (await row.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

/** The overview's "as of" day. */
async function today(page: Page): Promise<Date> {
  const lede = await page.getByRole('main').getByText(/^As of .*, judged against/).innerText();
  return parseDay(/^As of (.+?), judged/.exec(lede)![1]!);
}

describe.skipIf(!e2eEnabled(import.meta.filename))('programme office in the browser', () => {
  const e2e = e2eServerPerFile();

  it('signs in and records a gate decision with the keyboard alone', async () => {
    const page = await e2e().newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in form');

    // From here on: keys only.
    await tabTo(page, /^E-mail address$/);
    await page.keyboard.type(ACCOUNTS.office.email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Password');
    await page.keyboard.type(ACCOUNTS.office.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Programme overview' }).waitFor();
    await expectFocusOnH1(page, 'Programme overview');
    await settled(page);
    await expectNoAxeViolations(page, 'overview, signed in as office');

    // To the item through the RAG grid.
    // Past the first screen's links to red items (up to ten) and into the grid.
    await tabTo(page, new RegExp(`${SLIPPED.feature} at ${SLIPPED.council}$`), { max: 90 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: SLIPPED.feature }).waitFor();
    await expectFocusOnH1(page, SLIPPED.feature);
    await settled(page);
    expect(await page.getByText('No decision recorded yet.').isVisible()).toBe(true);
    expect(await page.getByRole('main').innerText()).toContain('The rules propose go.');
    await expectNoAxeViolations(page, 'item page as office');

    // The decision: the radios are one tab stop; arrows choose; then the reason and the button.
    await tabTo(page, /^Go$/, { max: 80 });
    expect(await page.getByRole('radio', { name: 'Go', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).name).toBe('No-go');
    expect(await page.getByRole('radio', { name: 'No-go', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Reason');
    const reason = 'Manager training is not booked yet; decide again in December.';
    await page.keyboard.type(reason);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Record decision');
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'Decision recorded.' }).waitFor();
    const inForce = page.getByRole('main').getByText(/^Decision in force:/);
    await inForce.waitFor();
    expect(await inForce.innerText()).toMatch(new RegExp(`^Decision in force: No-go by .+ on \\d{1,2} [A-Z][a-z]+ \\d{4} at \\d{1,2}:\\d{2}[ap]m: “${reason}”$`));
    expect(await page.getByText('No decision recorded yet.').count()).toBe(0);
    await expectNoAxeViolations(page, 'item page after a gate decision');
  }, 150_000);

  it('moves an item to another wave, approves a new baseline, and slippage is measured against it', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    const asOf = await today(page);

    // Before: judged against the demo's re-baseline "Programme plan v2", which absorbed the slipped item's move: it is
    // on plan against v2 and listed late against the original, v1; the one to move is on plan.
    expect(await page.getByRole('main').getByText(/^As of .*, judged against/).innerText()).toMatch(/judged against the baseline Programme plan v2\.$/);
    const late = page.getByRole('table', { name: 'Items later than the baseline, latest first' });
    const lateOriginally = page.getByRole('table', { name: 'Items later than the original baseline (Programme plan v1), latest first' });
    expect(await late.getByRole('rowheader', { name: `${SLIPPED.feature} at ${SLIPPED.council}` }).count()).toBe(0);
    const slippedRow = lateOriginally.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${SLIPPED.feature} at ${SLIPPED.council}` }) });
    expect(await (await cellOf(lateOriginally, slippedRow, 'Against baseline')).innerText()).toMatch(/^on plan; 133 days late against the original$/);
    expect(await late.getByRole('rowheader', { name: `${MOVED.feature} at ${MOVED.council}` }).count()).toBe(0);

    await openItem(page, MOVED);
    const movedBefore = await plannedLine(page);
    const [, w3Day] = /^(.+) \(baseline \1; on plan\)$/.exec(movedBefore) ?? [];
    expect(w3Day, movedBefore).toBeDefined();

    // The plan grid: W3 to W2.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Planning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor();
    await expectFocusOnH1(page, 'Planning');
    await settled(page);
    await expectNoAxeViolations(page, 'planning as office');
    const waveDates = page.getByRole('table', { name: 'Planned go-live of each wave' });
    const waveDay = async (wave: string) => (await cellOf(waveDates, waveDates.getByRole('row').filter({ hasText: wave }), 'Planned go-live')).innerText();
    const w2Day = await waveDay('W2 Leave and sickness');
    expect(await waveDay('W3 Expenses and manager approvals')).toBe(w3Day);

    const select = page.getByLabel(`Wave for ${MOVED.feature} at ${MOVED.council}`, { exact: true });
    expect(await select.locator('option:checked').innerText()).toBe('W3 Expenses and manager approvals');
    await select.selectOption({ label: 'W2 Leave and sickness' });
    // A move needs its reason: refused without one, saved with it.
    await page.getByRole('button', { name: 'Save plan changes (1)' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await page.locator('#field-plan-reasonCategory').selectOption({ label: 'Business decision' });
    await page.locator('#field-plan-reason').fill('Payroll asked for expenses a wave earlier');
    await page.getByRole('button', { name: 'Save plan changes (1)' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: 1 item(s) moved, 0 added.' }).waitFor();
    await settled(page);
    expect(await select.locator('option:checked').innerText()).toBe('W2 Leave and sickness');
    await expectNoAxeViolations(page, 'planning after saving the plan');

    // Against the old baseline the moved item is now early; and as its new date has passed, overdue.
    await openItem(page, MOVED);
    const early = differenceInCalendarDays(parseDay(w3Day!), asOf);
    expect(await plannedLine(page)).toBe(`${w2Day} (baseline ${w3Day}; ${slippage(-early)}, overdue)`);

    // A new baseline, approved through the confirm dialog.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Planning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor();
    await settled(page);
    await page.getByLabel('Name of the baseline').fill(BASELINE);
    // A re-baseline needs its reason, kept with the baseline and shown in its table.
    await page.locator('#field-baseline-reasonCategory').selectOption({ label: 'Business decision' });
    await page.locator('#field-baseline-reason').fill('The board agreed to bring expenses forward');
    await page.getByRole('button', { name: 'Approve the current plan as a baseline' }).click();
    const dialog = page.getByRole('dialog', { name: /^Freeze the current plan as a new baseline\?/ });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'planning with the baseline dialog open');
    await dialog.getByRole('button', { name: 'Approve baseline' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const approved = page.getByRole('status').filter({ hasText: `Baseline “${BASELINE}” approved:` });
    await approved.waitFor();
    expect(await approved.innerText()).toMatch(/approved: 32 items frozen\. Slippage is now measured against it\.$/);
    const baselines = page.getByRole('table', { name: 'Approved baselines, newest first' });
    await expect.poll(async () => (await baselines.getByRole('rowheader').allInnerTexts())[0]).toBe(BASELINE);
    await expectNoAxeViolations(page, 'planning after approving a baseline');

    // After: judged against the new baseline. The item that had slipped a wave is still on plan...
    await openItem(page, SLIPPED);
    expect(await plannedLine(page)).toMatch(/^(.+) \(baseline \1; on plan\)$/);
    await expectNoAxeViolations(page, 'slipped item, on plan against the new baseline');

    // ...and the moved item is measured from its new (passed) date: late, and overdue.
    await openItem(page, MOVED);
    const lateBy = differenceInCalendarDays(asOf, parseDay(w2Day));
    expect(await plannedLine(page)).toBe(`${w2Day} (baseline ${w2Day}; ${slippage(lateBy)}, overdue)`);
    await expectNoAxeViolations(page, 'moved item, overdue against the new baseline');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Programme overview' }).waitFor();
    await settled(page);
    expect(await page.getByRole('main').getByText(/^As of .*, judged against/).innerText()).toMatch(new RegExp(`judged against the baseline ${BASELINE}\\.$`));
    expect(await late.getByRole('rowheader', { name: `${SLIPPED.feature} at ${SLIPPED.council}` }).count()).toBe(0);
    const movedRow = late.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${MOVED.feature} at ${MOVED.council}` }) });
    // Against the new baseline, with the original's figure beside it: a re-baseline never hides how the first plan fared.
    expect(await (await cellOf(late, movedRow, 'Against baseline')).innerText()).toMatch(new RegExp(`^Overdue, ${slippage(lateBy)}; \\d+ days (early|late) against the original$`));
    await expectNoAxeViolations(page, 'overview against the new baseline');
  }, 150_000);

  it('adds a council, is told what is wrong with a bad one, and cannot delete a council that has items', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office, { next: '/planning', heading: 'Planning' });
    const section = page.locator('#councils');
    await section.getByRole('button', { name: 'Add council' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Name is required|Staff must be integer/);
    await expectNoAxeViolations(page, 'planning, council form with errors');

    await section.getByLabel('Name', { exact: true }).fill('Southwold Town Council');
    await section.getByLabel('Short code').fill('STC');
    await section.getByLabel('Staff headcount').fill('420');
    await section.getByLabel('Manager headcount').fill('40');
    await section.getByRole('button', { name: 'Add council' }).click();
    await section.getByRole('table', { name: 'Councils in the programme' }).getByRole('link', { name: 'Southwold Town Council' }).waitFor();

    // Northmoor has rollout items: the delete is asked for, confirmed, and refused with the reason.
    await section.getByRole('button', { name: 'Delete NMC' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete Northmoor County Council\?/ });
    await dialog.getByRole('button', { name: 'Delete the council' }).click();
    await page.getByRole('alert').filter({ hasText: 'cannot be deleted' }).waitFor();
    expect(await section.getByRole('table', { name: 'Councils in the programme' }).getByRole('link', { name: 'Northmoor County Council' }).isVisible()).toBe(true);
  });

  it('changes a criterion target in the catalogue, and a bad one is refused with the reason', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office, { next: '/planning', heading: 'Planning' });
    const section = page.locator('#criteria');
    const target = section.getByLabel('Target for Communications reach');
    await target.fill('150');
    await section.getByRole('button', { name: 'Save COMMS' }).click();
    await page.getByRole('alert').filter({ hasText: 'must be from 0 to 100 for this unit' }).waitFor();
    await target.fill('75');
    await section.getByRole('button', { name: 'Save COMMS' }).click();
    await section.getByRole('button', { name: 'Save COMMS' }).and(page.locator('[disabled]')).waitFor();
    expect(await target.inputValue()).toBe('75');
    await expectNoAxeViolations(page, 'planning, criteria edited');
  });

  it('adds a wave, and changes a sponsor into a programme officer', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office, { next: '/planning', heading: 'Planning' });
    const waves = page.locator('#wave-dates');
    // The demo's waves run W0 to W4 (Fernleigh's, added when it joined): the next is order 5.
    await waves.getByLabel('Name', { exact: true }).fill('W5 Manager approvals');
    await waves.getByLabel('Order', { exact: true }).fill('5');
    await fillDate(waves.getByRole('group', { name: 'Planned go-live', exact: true }), '2027-05-10');
    await waves.getByRole('button', { name: 'Add wave' }).click();
    await waves.getByRole('table', { name: 'Planned go-live of each wave' }).getByRole('link', { name: 'W5 Manager approvals' }).waitFor();
    // Order 5 is now taken: the reason comes back at the top of the form.
    await waves.getByLabel('Name', { exact: true }).fill('W6 Again');
    await waves.getByLabel('Order', { exact: true }).fill('5');
    await fillDate(waves.getByRole('group', { name: 'Planned go-live', exact: true }), '2027-06-10');
    await waves.getByRole('button', { name: 'Add wave' }).click();
    await page.getByRole('alert').filter({ hasText: 'Order is already used by another wave' }).waitFor();

    const users = page.locator('#users');
    await users.getByLabel('Role of Taylor Grant').selectOption('office');
    await page.getByRole('status').filter({ hasText: 'Taylor Grant is now programme office' }).waitFor({ state: 'attached' });
    await page.reload();
    await settled(page);
    expect(await page.locator('#users').getByLabel('Role of Taylor Grant').inputValue()).toBe('office');
    await expectNoAxeViolations(page, 'planning after adding a wave');
  });

  it('archives a council, which leaves the plan\'s list and can be brought back', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office, { next: '/planning', heading: 'Planning' });
    const section = page.locator('#councils');
    const inPlan = section.getByRole('table', { name: 'Councils in the programme' });
    await section.getByRole('button', { name: 'Archive WDC' }).click();
    await page.getByRole('dialog', { name: /Archive Westvale District Council\?/ }).getByRole('button', { name: 'Archive the council' }).click();
    const archived = section.getByRole('table', { name: 'Archived councils' });
    await archived.getByRole('link', { name: 'Westvale District Council' }).waitFor();
    expect(await inPlan.getByRole('link', { name: 'Westvale District Council' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'planning with an archived council');
    await archived.getByRole('button', { name: 'Unarchive WDC' }).click();
    await inPlan.getByRole('link', { name: 'Westvale District Council' }).waitFor();
    await archived.waitFor({ state: 'detached' });
  });

  it('sees on the Exports page that the audit trail verifies, up to which row', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office, { next: '/data', heading: 'Exports and imports' });
    const line = page.getByTestId('audit-verification');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^Audit trail verified up to row \d+, written \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m: all \d+ rows match their hashes \(checked /);
    await expectNoAxeViolations(page, 'exports page with the audit trail check');
  });
});
