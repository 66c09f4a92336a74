/**
 * The RAID log and heat map by keyboard, and "add an action" to a red or late item on a 390 px phone, with axe on
 * every state (docs/raid.md).
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, fillDate, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const ENTRY = /\/api\/raid\/entries\/\d+$/;

/** Signs in and opens the RAID log, once its open entries are there and the page has settled. */
async function openLog(page: Page, account: { email: string; password: string }) {
  await signIn(page, account);
  await page.goto('/raid');
  const log = page.getByRole('table', { name: /Open entries/ });
  await log.waitFor();
  await settled(page);
  return log;
}

/**
 * The office's editor open on the demo's payroll risk, with the next entry read after that held back (as on a slow
 * connection) until `release`: `save` saves the entry and returns once its reload is asked for; `answered` waits for
 * the held answer to arrive.
 */
async function payrollRiskWithSlowReload(page: Page) {
  const log = await openLog(page, ACCOUNTS.office);
  await log.getByRole('button', { name: /^Change\b.*Payroll cut-off on the 18th/ }).click();
  const editor = page.getByRole('region', { name: /^Risk: Payroll cut-off on the 18th/ });
  await editor.waitFor();
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let holding = true;
  await page.route(ENTRY, async (route) => {
    if (route.request().method() !== 'GET' || !holding) return route.continue();
    holding = false;
    await held;
    await route.continue();
  });
  const isReload = (r: Request) => r.method() === 'GET' && ENTRY.test(new URL(r.url()).pathname);
  const save = async () => {
    const asked = page.waitForRequest(isReload);
    await editor.getByRole('button', { name: 'Save changes' }).press('Enter');
    await asked;
  };
  return { log, editor, save, release, answered: () => page.waitForResponse((r) => isReload(r.request())) };
}

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
    // The table keeps the last filter's rows while the new ones load (Assumptions has one entry too): wait for the row.
    await page.getByRole('table', { name: /Open entries \(1\)/ }).getByRole('row', { name: /Supplier release 26\.4/ }).waitFor();
    expect(await page.getByRole('table', { name: /Open entries/ }).innerText()).toContain('Supplier release 26.4');
    await expectNoAxeViolations(page, 'RAID log, dependencies only');

    // A dependency entry names the plan's dependency it is about, and the log then says whether the plan keeps it.
    await page.getByRole('table', { name: /Open entries/ }).getByRole('button', { name: /^Change\b.*Supplier release 26\.4/ }).click();
    const link = page.getByLabel("The plan's dependency it is about (optional)");
    await link.waitFor();
    const release = (await link.locator('option').allInnerTexts()).find((text) => text.includes('HR system release 26.12'));
    expect(release).toBeDefined();
    await link.selectOption({ label: release! });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => page.getByRole('table', { name: /Open entries/ }).innerText(), { timeout: 15_000 })
      .toMatch(/the plan's dependency: .*HR system release 26\.12.*, (kept by the plan|broken by the plan|not judged yet)/);
    await expectNoAxeViolations(page, 'RAID dependency linked to the plan');
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
    await fillDate(form.getByRole('group', { name: 'Due date' }), '2027-01-15');
    await form.getByRole('button', { name: 'Add action' }).tap();
    await section.getByText('Book floorwalkers for the first payroll week').waitFor();
    expect(await section.innerText()).toContain('Eastbridge HR helpdesk');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client + 1);
    await expectNoAxeViolations(page, 'action added, at 390 px');
  });
  it('records a risk, changes it, adds an action and marks it done, by keyboard', async () => {
    const page = await e2e().newPage();
    await openLog(page, ACCOUNTS.office);
    await tabTo(page, /^Record an entry$/, { max: 120 });
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Record an entry' });
    await form.waitFor();
    // The form takes focus once it has rendered: on a busy machine that can be a moment after it appears.
    await expect.poll(async () => (await focused(page)).name).toBe('Record an entry');

    // Nothing filled in: the error summary names each field, and nothing is recorded.
    await form.getByRole('button', { name: 'Record the entry' }).press('Enter');
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/Title/);
    await expectNoAxeViolations(page, 'record an entry, refused');

    await form.getByLabel('About').selectOption({ label: 'A council' });
    await form.getByLabel('Council').selectOption({ label: 'Eastbridge Borough Council' });
    await form.getByLabel('Title', { exact: true }).fill('Eastbridge payroll parallel run slips past the cut-off');
    await form.getByLabel('Owner', { exact: true }).selectOption({ label: 'Someone without an account' });
    await form.getByLabel("Contact's name").fill('Eastbridge payroll manager');
    await fillDate(form.getByRole('group', { name: 'Due or review date' }), '2027-01-08');
    await form.getByLabel('Likelihood').selectOption({ label: '5 Very high' });
    await form.getByLabel('Impact').selectOption({ label: '4 High' });
    await form.getByLabel('Proximity').selectOption({ label: 'Within a month' });
    await form.getByLabel('Response').selectOption({ label: 'Reduce' });
    await form.getByLabel('Title', { exact: true }).press('Enter');

    // Recorded: the editor opens on it, and the log shows it with its score.
    const editor = page.getByRole('region', { name: 'Risk: Eastbridge payroll parallel run slips past the cut-off' });
    await editor.waitFor();
    const log = page.getByRole('table', { name: /Open entries/ });
    const row = log.getByRole('row').filter({ hasText: 'Eastbridge payroll parallel run slips past the cut-off' });
    await row.waitFor();
    await row.getByRole('cell', { name: '20', exact: true }).waitFor();
    await expectNoAxeViolations(page, 'entry recorded, editor open');

    await editor.getByLabel('Impact').selectOption({ label: '2 Low' });
    await editor.getByRole('button', { name: 'Save changes' }).press('Enter');
    await row.getByRole('cell', { name: '10', exact: true }).waitFor();

    await editor.getByRole('button', { name: /^Add an action to Eastbridge payroll parallel run/ }).press('Enter');
    const actionForm = page.getByRole('form', { name: /^Add an action to Eastbridge payroll parallel run/ });
    await actionForm.getByLabel('What will be done').fill('Run the parallel payroll a week earlier');
    await actionForm.getByLabel('Owner', { exact: true }).selectOption({ index: 1 });
    await fillDate(actionForm.getByRole('group', { name: 'Due date' }), '2026-12-18');
    await actionForm.getByRole('button', { name: 'Add action' }).press('Enter');
    const actions = editor.getByRole('table', { name: /Actions on Eastbridge payroll parallel run/ });
    await actions.getByRole('rowheader', { name: 'Run the parallel payroll a week earlier' }).waitFor();
    await actions.getByRole('button', { name: /^Mark done\W+Run the parallel payroll a week earlier$/ }).press('Enter');
    await actions.getByRole('button', { name: /^Reopen\W+Run the parallel payroll a week earlier$/ }).waitFor();
    expect(await actions.innerText()).toMatch(/Done/);
    await expectNoAxeViolations(page, 'action done');

    // Closing the entry takes it off the open log.
    await editor.getByLabel('Status').selectOption({ label: 'Closed' });
    await editor.getByRole('button', { name: 'Save changes' }).press('Enter');
    await page.getByLabel('Show closed entries too').waitFor();
    await expect.poll(async () => row.count()).toBe(0);
  }, 180_000);

  it('leaves the focus where the user moved it while a saved entry comes back', async () => {
    const page = await e2e().newPage();
    const { editor, save, release } = await payrollRiskWithSlowReload(page);
    await save();
    // Meanwhile the user opens the action form: its first field takes the focus.
    await editor.getByRole('button', { name: /^Add an action to Payroll cut-off on the 18th/ }).press('Enter');
    await page.getByRole('form', { name: /^Add an action to Payroll cut-off on the 18th/ }).waitFor();
    await expect.poll(async () => (await focused(page)).name).toBe('What will be done');
    await editor.locator('form h3').first().evaluate((h) => h.setAttribute('data-before-save', ''));
    release();
    // The entry's form is made again with the saved version (a new heading): the focus stays in the action form.
    await editor.locator('form h3:not([data-before-save])').first().waitFor();
    await page.waitForTimeout(100);
    expect((await focused(page)).name).toBe('What will be done');
    // The save was announced all the same.
    await expect.poll(async () => page.locator('[role=status][aria-live=polite]').innerText()).toContain('Saved: Payroll cut-off on the 18th');
  });

  it('keeps the entry opened last when one saved before it comes back late', async () => {
    const page = await e2e().newPage();
    const { log, editor: first, save, release, answered } = await payrollRiskWithSlowReload(page);
    await save();
    await log.getByRole('button', { name: /^Change\b.*Eastbridge managers not trained before W2 approvals/ }).click();
    const second = page.getByRole('region', { name: /^\w+: Eastbridge managers not trained before W2 approvals/ });
    await second.waitFor();
    const lateAnswer = answered();
    release();
    await lateAnswer;
    await page.waitForTimeout(300);
    expect(await second.count()).toBe(1);
    expect(await first.count()).toBe(0);
    expect((await focused(page)).name).toMatch(/Eastbridge managers not trained before W2 approvals/);
  });

  it('goes on with the entry as saved when it cannot be read again, and says so when one cannot be opened', async () => {
    const page = await e2e().newPage();
    const { log, editor, save } = await payrollRiskWithSlowReload(page);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.route(ENTRY, (route) => (route.request().method() === 'GET'
      ? route.fulfill({ status: 503, json: { statusCode: 503, error: 'Service Unavailable', message: 'The database is busy; please try again.' } })
      : route.continue()));
    // Saved, but not read again: the editor goes on with the save's own answer, its heading focused.
    await editor.locator('form h3').first().evaluate((h) => h.setAttribute('data-before-save', ''));
    await save();
    await editor.locator('form h3:not([data-before-save])').first().waitFor();
    await expect.poll(async () => (await focused(page)).name).toMatch(/^Change the risk: Payroll cut-off on the 18th/);
    expect(await page.getByRole('alert').count()).toBe(0);

    // Opened from the log and not answered: said so above the log, the focus on the log's heading.
    await editor.getByRole('button', { name: 'Back to the log' }).click();
    await log.getByRole('button', { name: /^Change\b.*Eastbridge managers not trained before W2 approvals/ }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'could not be opened' });
    await notice.waitFor();
    expect(await notice.innerText()).toBe('Eastbridge managers not trained before W2 approvals could not be opened: The database is busy; please try again.');
    await expect.poll(async () => (await focused(page)).name).toBe('The log');
    await expectNoAxeViolations(page, 'RAID entry not opened');
    // Recording an entry starts afresh: the notice goes.
    await page.getByRole('button', { name: 'Record an entry' }).click();
    await page.getByRole('form', { name: 'Record an entry' }).waitFor();
    expect(await notice.count()).toBe(0);
  });

  it('says when someone else changed the entry first, with the focus on the choice', async () => {
    const page = await e2e().newPage();
    const log = await openLog(page, ACCOUNTS.office);
    const opened = page.waitForResponse((r) => r.request().method() === 'GET' && /\/api\/raid\/entries\/\d+$/.test(new URL(r.url()).pathname));
    await log.getByRole('button', { name: /^Change\b.*HR helpline overwhelmed/ }).click();
    const url = new URL((await opened).url()).pathname;
    const editor = page.getByRole('region', { name: /^Risk: HR helpline overwhelmed/ });
    await editor.waitFor();
    // Someone else moves its review date meanwhile, through the API.
    const { csrfToken } = await (await page.request.get('/api/session')).json() as { csrfToken: string };
    const now = await page.request.get(url);
    const changed = await page.request.patch(url, { data: { dueDate: '2027-01-29' }, headers: { 'x-csrf-token': csrfToken, 'if-match': now.headers().etag! } });
    expect(changed.status(), await changed.text()).toBe(200);

    await editor.getByLabel('Trend (optional)').selectOption({ label: 'Rising' });
    await editor.getByRole('button', { name: 'Save changes' }).press('Enter');
    const notice = editor.getByRole('alert').filter({ hasText: 'Someone else changed this first' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('29 January 2027');
    // In people's words, not the API's (If-Match, ETag).
    expect(await notice.innerText()).toContain('It was saved by someone else after you opened it.');
    expect(await notice.innerText()).not.toMatch(/ETag|If-Match/);
    await expect.poll(async () => (await focused(page)).name).toMatch(/^Someone else changed this first/);
    await expectNoAxeViolations(page, 'RAID entry changed by someone else first');
    // Its choices are the next stops.
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Discard mine and reload');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Save mine over theirs');
    // A date half typed meanwhile is shown as typed, and nothing breaks.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const due = editor.getByRole('group', { name: 'Due or review date' });
    await due.getByLabel('Day', { exact: true }).fill('30');
    await due.getByLabel('Month', { exact: true }).fill('2');
    await expect.poll(async () => notice.innerText()).toContain('(not a real date)');
    expect(errors).toEqual([]);
    // Discarding mine reloads the form with theirs, and the focus goes back to the form's heading.
    await notice.getByRole('button', { name: 'Discard mine and reload' }).press('Enter');
    expect(await notice.count()).toBe(0);
    expect((await focused(page)).name).toMatch(/^Change the risk: HR helpline overwhelmed/);
    expect(await due.getByLabel('Year', { exact: true }).inputValue()).toBe('2027');
    // Then the trend again, saved over their version.
    await editor.getByLabel('Trend (optional)').selectOption({ label: 'Rising' });
    await editor.getByRole('button', { name: 'Save changes' }).press('Enter');
    await expect.poll(async () => (await (await page.request.get(url)).json() as { trend: string | null }).trend).toBe('rising');
  });

  it("lets a lead change their own council's entries and no other's", async () => {
    const page = await e2e().newPage();
    const log = await openLog(page, ACCOUNTS.eastbridgeLead);
    const mine = log.getByRole('row').filter({ hasText: 'Eastbridge managers not trained before W2 approvals' });
    const theirs = log.getByRole('row').filter({ hasText: 'Depot staff without a council device miss payslips online' });
    const programme = log.getByRole('row').filter({ hasText: 'Payroll cut-off on the 18th' });
    expect(await mine.getByRole('button', { name: /^Change/ }).count()).toBe(1);
    expect(await theirs.getByRole('button').count()).toBe(0);
    expect(await programme.getByRole('button').count()).toBe(0);
    // A new entry is about their council or one of its items only.
    await page.getByRole('button', { name: 'Record an entry' }).click();
    const form = page.getByRole('form', { name: 'Record an entry' });
    expect(await form.getByLabel('About').locator('option').allInnerTexts()).toEqual(['A council', 'One rollout item']);
    expect(await form.getByLabel('Council').locator('option').allInnerTexts()).toEqual(['Choose a council', 'Eastbridge Borough Council']);
    await expectNoAxeViolations(page, "a lead's entry form");
  }, 120_000);
  it('shows an item flagged until its actions are done, and its lead marks one done', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.eastbridgeLead);
    await page.goto('/raid');
    const link = page.getByRole('link', { name: /at Eastbridge Borough Council$/ }).first();
    await link.waitFor();
    await link.click();
    const section = page.getByRole('region', { name: 'What we are doing about it' });
    await section.waitFor();
    await section.getByText('Flagged until done:').waitFor();
    const actions = section.getByRole('table', { name: /Actions on this item/ });
    await settled(page);
    await expectNoAxeViolations(page, 'item page, flagged');
    const before = (await section.innerText()).match(/(\d+) open actions?/)?.[1];
    expect(Number(before)).toBeGreaterThan(0);
    const done = actions.getByRole('button', { name: /^Mark done\W/ }).first();
    const name = (await done.innerText()).replace(/\s+/g, ' ').replace(/^Mark done\W+/, '').trim();
    await done.press('Enter');
    await actions.getByRole('button', { name: new RegExp(`^Reopen\\W+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
    await expect.poll(async () => (await section.innerText()).match(/(\d+) open actions?/)?.[1] ?? '0').toBe(String(Number(before) - 1));
    await expectNoAxeViolations(page, 'item page, an action done');
  }, 120_000);
  it('imports a RAID log from CSV: the preview first, then all of it', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    await page.goto('/raid');
    const section = page.getByRole('region', { name: 'Import a RAID log' });
    await section.waitFor();
    const csv = 'type,scope,about,title,owner,due_date,validate_by\r\nassumption,council,WDC,Westvale depot kiosks arrive before W3,Westvale facilities manager,2027-01-20,2027-01-10\r\n';
    await section.getByLabel('CSV file of the RAID log').setInputFiles({ name: 'westvale-raid.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await section.getByRole('button', { name: 'Check the file' }).click();
    const preview = section.getByRole('region', { name: /Preview of westvale-raid.csv/ });
    await preview.waitFor();
    expect(await preview.innerText()).toContain('Westvale depot kiosks arrive before W3 (line 2)');
    await expectNoAxeViolations(page, 'RAID import preview');
    await preview.getByRole('button', { name: 'Import the RAID log' }).click();
    await section.getByRole('button', { name: /^Import$/ }).click();
    await section.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
    await page.getByRole('table', { name: /Open entries/ }).getByRole('rowheader', { name: 'Westvale depot kiosks arrive before W3' }).waitFor();
    await expectNoAxeViolations(page, 'RAID log imported');
  }, 120_000);
});
