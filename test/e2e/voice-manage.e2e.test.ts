/**
 * The office's and a lead's staff voice forms in the browser (docs/staff-voice.md): open a survey by keyboard, print
 * its poster with the QR code, close a link through the confirmation dialog, publish a comment edited to take a
 * name out, record a stage's score as a readiness reading, set a burst aside (and see the refusal when there is
 * nothing to set aside), and move an idea to adopted and into an early win. axe on every state; a lead of one
 * council sees only their own.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

const DESKTOP = { viewport: { width: 1280, height: 900 } };

describe.skipIf(!e2eEnabled(import.meta.filename))('staff voice: the forms', () => {
  const e2e = e2eServerPerFile();

  it('opens a survey by keyboard, prints its poster with a QR code, and closes its link', async () => {
    const page = await e2e().newPage(DESKTOP);
    await signIn(page, ACCOUNTS.office);
    await page.goto('/voice');
    const form = page.getByRole('form', { name: 'Open a survey' });
    await form.waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'staff voice with the forms');

    // Keyboard only: focus the council, then Tab through the form, typing and choosing.
    await form.getByLabel('Council').focus();
    await page.keyboard.press('ArrowDown'); // the next council
    const council = await form.getByLabel('Council').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.text);
    await tabTo(page, /^Title \(optional\)/);
    await page.keyboard.type('Self-service: a quick check');
    await tabTo(page, /^Where the first link is used/);
    await page.keyboard.type('Depot noticeboards');
    // The last day in the GOV.UK day, month and year boxes.
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Day');
    await page.keyboard.type('31');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2027');
    await tabTo(page, /^Open the survey$/);
    await page.keyboard.press('Enter');
    await form.getByRole('status').filter({ hasText: `Survey opened: ${council}: Self-service: a quick check` }).waitFor();
    await expectNoAxeViolations(page, 'survey opened');

    const links = page.getByRole('table', { name: 'Survey links' });
    const row = links.getByRole('row').filter({ hasText: 'Self-service: a quick check' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Depot noticeboards');
    expect(await row.innerText()).toContain('Open');

    // The poster: the QR code of the link's full address, and the address in words.
    await row.getByRole('link', { name: /^Poster and QR code/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Tell us how the change is going' }).waitFor();
    const qr = page.getByRole('img', { name: /^QR code: opens the survey at http:\/\/127\.0\.0\.1:\d+\/say\/[A-Za-z0-9_-]{32}$/ });
    await qr.waitFor();
    const address = (await qr.getAttribute('aria-label'))!.replace('QR code: opens the survey at ', '');
    await page.getByText(address, { exact: true }).waitFor();
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    await page.getByRole('button', { name: 'Print this poster' }).waitFor();
    await expectNoAxeViolations(page, 'the poster');
    // Printed, the poster is the page: no menu, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print this poster' }).isVisible()).toBe(false);
    expect(await qr.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // The link works for staff, then is closed through the dialog and answers 410.
    const staff = await e2e().newPage({ viewport: { width: 390, height: 844 } });
    await staff.goto(address);
    await staff.getByRole('heading', { level: 1, name: 'Self-service: a quick check' }).waitFor();
    await page.goto('/voice');
    const closeRow = page.getByRole('table', { name: 'Survey links' }).getByRole('row').filter({ hasText: 'Self-service: a quick check' });
    await closeRow.getByRole('button', { name: 'Close link: Depot noticeboards, Self-service: a quick check' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('cannot be reopened').waitFor();
    await expectNoAxeViolations(page, 'closing a link');
    await dialog.getByRole('button', { name: 'Close the link' }).click();
    await page.getByRole('status').filter({ hasText: 'no longer takes answers' }).waitFor();
    await expect.poll(async () => closeRow.innerText()).toContain('Closed');
    await staff.goto(address);
    await staff.getByRole('heading', { level: 1, name: 'This survey has closed' }).waitFor();
  }, 150_000);

  it('publishes a comment with a name taken out, records a reading, and refuses a burst where there was none', async () => {
    const page = await e2e().newPage(DESKTOP);
    await signIn(page, ACCOUNTS.office);
    await page.goto('/voice');
    const queue = page.getByRole('table', { name: 'Review queue' });
    await queue.waitFor();
    const first = queue.getByRole('row').nth(1);
    const box = first.getByRole('textbox', { name: /as published/ });
    const original = await box.inputValue();
    await box.fill('A colleague in our team still has no log-in.');
    await first.getByRole('button', { name: /^Publish/ }).click();
    await page.getByRole('status').filter({ hasText: 'Comment published as edited.' }).waitFor();
    const published = await page.evaluate(async () => (await (await fetch('/api/voice/comments?status=published')).json()) as Array<{ text: string }>);
    expect(published.map((c) => c.text)).toContain('A colleague in our team still has no log-in.');
    expect(published.map((c) => c.text)).not.toContain(original);

    const feed = page.getByRole('form', { name: 'Record a stage’s score as a readiness reading' });
    const round = await feed.getByLabel('Round').locator('option', { hasText: 'Northmoor County Council: Leave and sickness: the first month' }).getAttribute('value');
    await feed.getByLabel('Round').selectOption(round!);
    await feed.getByLabel('Stage').selectOption('desire');
    await feed.getByLabel('Readiness criterion').selectOption({ label: 'Awareness, desire and knowledge (score)' });
    await feed.getByRole('button', { name: 'Record the reading' }).click();
    await feed.getByRole('status').filter({ hasText: /^Reading recorded: \d\.\d, dated .*Source: pulse survey "Leave and sickness: the first month" \(5 October 2026\), Desire mean score, 455 answers\.$/ }).waitFor();
    // Again: refused, said in the error summary, which takes the focus.
    await feed.getByRole('button', { name: 'Record the reading' }).click();
    const summary = feed.getByRole('alert');
    await summary.getByText('has already been recorded as a reading').waitFor();
    expect((await focused(page)).tag).toBe('div');
    await expectNoAxeViolations(page, 'a refused reading');

    const discard = page.getByRole('form', { name: 'Set aside a burst of answers' });
    await discard.getByLabel('Reason').fill('Shared on a public forum');
    await discard.getByRole('button', { name: 'Set the answers aside' }).click();
    await discard.getByRole('alert').getByText('There is nothing to discard').waitFor();
    await expectNoAxeViolations(page, 'a refused discard');
    expect(await discard.getByRole('link', { name: 'Day has no answers through this link' }).getAttribute('href')).toBe('#field-discard-day');
  }, 150_000);

  it('logs an idea, adopts it (on "you said, we did" at once) and makes it an early win', async () => {
    const page = await e2e().newPage(DESKTOP);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    await page.goto('/voice');
    const log = page.getByRole('form', { name: 'Log an idea' });
    await log.waitFor();
    // A lead of Eastbridge: their council only.
    expect(await log.getByLabel('Council').locator('option').allTextContents()).toEqual(['Eastbridge Borough Council']);
    await log.getByLabel('You said').fill('Put the leave calendar on the depot screens');
    await log.getByLabel('Title').fill('Leave calendar on depot screens');
    await log.getByRole('button', { name: 'Log the idea' }).click();
    await log.getByRole('status').filter({ hasText: 'Idea logged: Leave calendar on depot screens.' }).waitFor();

    const move = page.getByRole('form', { name: 'Move an idea on' });
    await move.getByLabel('Idea').selectOption({ label: 'Eastbridge Borough Council: Leave calendar on depot screens' });
    await move.getByLabel('Status').selectOption('adopted');
    await move.getByRole('button', { name: 'Save the idea' }).click();
    await move.getByRole('alert').getByText('What was done').waitFor(); // adopted needs what was done
    await move.getByLabel('What was done').fill('The calendar shows on the screens at both depots since Monday.');
    await move.getByRole('button', { name: 'Save the idea' }).click();
    await move.getByRole('status').filter({ hasText: 'Leave calendar on depot screens: adopted' }).waitFor();
    await expectNoAxeViolations(page, 'idea adopted');

    const ideas = page.getByRole('table', { name: 'Ideas log' });
    const row = ideas.getByRole('row').filter({ hasText: 'Leave calendar on depot screens' });
    await row.getByRole('button', { name: /^Make an early win/ }).click();
    await page.getByRole('status').filter({ hasText: /Leave calendar on depot screens is now early win \d+/ }).waitFor();
    await expect.poll(async () => row.innerText()).toMatch(/Early win \d+/);

    const staff = await e2e().newPage({ viewport: { width: 390, height: 844 } });
    await staff.goto('/you-said-we-did/EBC');
    await staff.getByRole('heading', { level: 2, name: 'Leave calendar on depot screens' }).waitFor();

    // No form offers another council's survey or link to this lead.
    const links = await page.getByRole('table', { name: 'Survey links' }).innerText();
    expect(links).not.toMatch(/Northmoor|Westvale/);
    expect(await page.getByRole('form', { name: 'Set aside a burst of answers' }).count()).toBe(0);
  }, 150_000);
});
