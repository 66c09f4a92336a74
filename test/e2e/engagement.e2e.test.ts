/**
 * Engagement in the browser: a council lead logs a staff question and answers it (a refusal first, storing
 * nothing), the programme office publishes it as an FAQ and a sponsor reads it; the communications calendar in
 * list and month views by keyboard; the overview's flags. axe on every new page and state.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

const QUESTION = 'Can I book half a day of leave on the app?';
const ANSWER = 'Yes: choose "Half day" when you pick the date, morning or afternoon.';

async function open(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await settled(page);
}

function questionRow(page: Page) {
  return page.getByRole('table', { name: 'Staff questions, oldest first' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: QUESTION }) });
}

describe.skipIf(!e2eEnabled(import.meta.filename))('engagement: staff questions and communications', () => {
  const e2e = e2eServerPerFile();

  it('a lead logs a staff question and answers it; the office publishes it; a sponsor reads the FAQ', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.eastbridgeLead);
    await open(page, 'Questions', 'Staff questions');
    expect((await focused(page)).isH1).toBe(true);
    await page.getByText('The target is an answer within 2 working days').waitFor();
    // The demo's late question is flagged with a word, not colour alone.
    const late = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Who records my return-to-work meeting?' }) });
    expect(await late.innerText()).toMatch(/Open\s+Late/);
    await expectNoAxeViolations(page, 'question log, lead');

    // 1. Nothing filled in: refused by the server, every problem linked to its field, nothing stored.
    const rowsBefore = await page.getByRole('table', { name: 'Staff questions, oldest first' }).getByRole('row').count();
    await page.getByRole('button', { name: 'Log question' }).click();
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
    await summary.waitFor();
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Question /), expect.stringMatching(/^Category /)]));
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    await expectNoAxeViolations(page, 'log form refused');
    await summary.getByRole('link', { name: /^Question / }).first().click();
    await page.waitForFunction(() => document.activeElement?.id === 'field-question');
    expect(await page.getByRole('table', { name: 'Staff questions, oldest first' }).getByRole('row').count()).toBe(rowsBefore);

    // 2. Logged by keyboard.
    const log = page.getByRole('region', { name: 'Log and answer' });
    await log.getByLabel('Feature', { exact: true }).selectOption({ label: 'Book annual leave' });
    await log.getByLabel('Question', { exact: true }).fill(QUESTION);
    await log.getByLabel('Came in by').selectOption({ label: 'Floorwalker' });
    await log.getByLabel('Category', { exact: true }).fill('Leave balance');
    await log.getByLabel('Category', { exact: true }).focus();
    await tabTo(page, /^Log question$/);
    await page.keyboard.press('Enter');
    await questionRow(page).waitFor();
    expect(await questionRow(page).innerText()).toMatch(/Eastbridge Borough Council\s+Book annual leave\s+Leave balance\s+Floorwalker/);
    expect(await questionRow(page).innerText()).toMatch(/\bOpen\b/);

    // 3. Answered.
    const toAnswer = page.getByLabel('Question to answer');
    await toAnswer.selectOption(await toAnswer.locator('option', { hasText: QUESTION }).getAttribute('value'));
    await page.getByLabel('Answer', { exact: true }).fill(ANSWER);
    await page.getByRole('button', { name: 'Save answer' }).click();
    await expect.poll(async () => questionRow(page).innerText()).toContain(ANSWER);
    expect(await questionRow(page).innerText()).toMatch(/\bAnswered\b/);
    expect(await questionRow(page).innerText()).toContain('Jordan Pike');
    await expectNoAxeViolations(page, 'question answered');
    // A lead cannot publish.
    expect(await page.getByRole('button', { name: 'Publish as FAQ' }).count()).toBe(0);

    // 4. The office publishes it.
    const office = await e2e().newPage();
    await signIn(office, ACCOUNTS.office);
    await open(office, 'Questions', 'Staff questions');
    await office.getByLabel('Answered question').selectOption({ label: QUESTION });
    await office.getByRole('button', { name: 'Publish as FAQ' }).click();
    await expect.poll(async () => questionRow(office).innerText()).toMatch(/\bFAQ\b/);

    // 5. A sponsor reads it on the FAQ page, under its feature; the log is not in their menu.
    const sponsor = await e2e().newPage();
    await signIn(sponsor, ACCOUNTS.sponsor);
    expect(await sponsor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Questions' }).count()).toBe(0);
    await open(sponsor, 'FAQ', 'Frequently asked questions');
    const leave = sponsor.getByRole('region', { name: 'Book annual leave' });
    await leave.getByRole('heading', { level: 3, name: QUESTION }).waitFor();
    expect(await leave.innerText()).toContain(ANSWER);
    await expectNoAxeViolations(sponsor, 'FAQ, sponsor');
  });

  it('shows the communications calendar as a list and as a month, by keyboard', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    await open(page, 'Communications', 'Communications plan');
    const list = page.getByRole('table', { name: 'Communications activities, in date order' });
    const webinar = list.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Managers' webinar: approving expenses/ }) });
    expect(await webinar.innerText()).toMatch(/Planned\s+Overdue/);
    await expectNoAxeViolations(page, 'communications, list');

    // Recorded as done, with its attendance: no longer overdue.
    const record = page.getByRole('region', { name: 'Plan and record' });
    const which = record.getByLabel('Activity', { exact: true });
    await which.selectOption(await which.locator('option', { hasText: "Managers' webinar" }).getAttribute('value'));
    await record.getByLabel('Attendance (optional)').fill('forty');
    await record.getByRole('button', { name: 'Record outcome' }).click();
    const problem = record.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
    await problem.waitFor();
    expect(await problem.getByRole('link').first().getAttribute('href')).toBe('#field-attendance');
    await expectNoAxeViolations(page, 'record outcome refused');
    expect(await webinar.innerText()).toMatch(/Planned\s+Overdue/);
    await record.getByLabel('Attendance (optional)').fill('40');
    await record.getByRole('button', { name: 'Record outcome' }).click();
    await expect.poll(() => webinar.innerText()).toContain('40 attended');
    expect(await webinar.innerText()).toMatch(/\bDone\b/);
    expect(await webinar.innerText()).not.toContain('Overdue');

    // Deleted, after a confirmation that names it.
    const rowsBefore = await list.getByRole('row').count();
    await webinar.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain("Delete “Managers' webinar: approving expenses”");
    await dialog.getByRole('button', { name: 'Delete activity' }).click();
    await expect.poll(() => list.getByRole('row').count()).toBe(rowsBefore - 1);
    expect(await list.innerText()).not.toContain("Managers' webinar");

    await page.getByLabel('Wave', { exact: true }).first().selectOption({ label: 'W3 Expenses and manager approvals' });
    await page.getByRole('radio', { name: 'List' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Month' }).isChecked()).toBe(true);
    const heading = page.getByRole('heading', { level: 2, name: /^[A-Z][a-z]+ \d{4}$/ });
    await heading.waitFor();
    const shown = await heading.innerText();
    await tabTo(page, /^Next month$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading.innerText()).not.toBe(shown);
    // Go to January 2027, the W3 go-live month: floorwalkers on go-live day, Monday 18 January.
    for (let i = 0; i < 12 && (await heading.innerText()) !== 'January 2027'; i++) {
      await page.getByRole('button', { name: (await heading.innerText()) < 'January 2027' ? 'Next month' : 'Previous month' }).click();
    }
    const calendar = page.getByRole('table', { name: 'Communications activities in January 2027' });
    const goLive = calendar.getByRole('cell').filter({ hasText: /^18 Jan/ });
    expect(await goLive.innerText()).toContain('Floorwalkers on go-live day');
    expect(await goLive.innerText()).toContain('Eastbridge Borough Council');
    await expectNoAxeViolations(page, 'communications, month');
  });

  it('flags overdue comms, late answers and a silent council on the overview and the council page', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    const flags = page.getByRole('table', { name: /^Engagement by council/ });
    await flags.waitFor();
    await settled(page);
    const westvale = flags.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Westvale District Council' }) });
    expect(await westvale.innerText()).toMatch(/Silent\s+No staff question since 2 June 2026/);
    expect(await page.getByRole('table', { name: 'Overdue communications activities, oldest first' }).innerText()).toContain('Depot posters: expenses online');
    await expectNoAxeViolations(page, 'overview with engagement, office');

    await westvale.getByRole('link', { name: 'Westvale District Council' }).click();
    await page.getByRole('heading', { level: 1, name: 'Westvale District Council' }).waitFor();
    await settled(page);
    const section = page.getByRole('region', { name: 'Communications and staff questions' });
    await section.getByText('Silent:').waitFor();
    expect(await section.innerText()).toContain('communications overdue');
    await expectNoAxeViolations(page, 'council page with engagement, office');
  });

  it('shows sponsors the overdue communications but nothing judged from the unpublished staff question log', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.sponsor);
    const flags = page.getByRole('table', { name: /^Engagement by council/ });
    await flags.waitFor();
    await settled(page);
    const westvale = flags.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Westvale District Council' }) });
    expect(await westvale.innerText()).toContain('Judged from the staff question log, which sponsors do not see.');
    expect(await westvale.innerText()).not.toMatch(/Silent/);
    expect(await page.getByRole('table', { name: 'Overdue communications activities, oldest first' }).innerText()).toContain('Depot posters: expenses online');
    await expectNoAxeViolations(page, 'overview with engagement, sponsor');
  });
});
