/**
 * Reports and sharing in the browser: the board report printed to PDF, issued as the record; a share link
 * opened by someone who never signs in, then revoked; the plan export fed back through the import preview.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, fillDate, settled, signIn } from './harness.ts';

describe.skipIf(!e2eEnabled(import.meta.filename))('reports and sharing in the browser', () => {
  const e2e = e2eServerPerFile();

  it('prints the board report on A4 without the site navigation, and issues it as the record', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Board report' }).waitFor();
    await settled(page);
    const title = await page.getByRole('heading', { level: 2, name: /^Board report: / }).innerText();
    expect(await page.getByRole('table', { name: /^Went live/ }).isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'RAG by council and feature' }).getByRole('rowheader', { name: 'Westvale District Council' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'board report');

    // The printed page: the report and nothing of the screen's controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 2, name: title }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });

    // A report is issued once its period has ended: up to today it cannot be, up to yesterday it can.
    expect(await page.getByRole('button', { name: 'Issue this report' }).count()).toBe(0);
    expect(await page.getByText(/^A report is issued once its period has ended/).isVisible()).toBe(true);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await fillDate(page.getByRole('group', { name: 'To (as of this day)' }), yesterday);
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByRole('button', { name: 'Issue this report' }).waitFor();
    await settled(page);
    const issuedTitle = await page.getByRole('heading', { level: 2, name: /^Board report: / }).innerText();

    // Issue it: asked first, then listed, and its page shows the frozen copy.
    await page.getByRole('button', { name: 'Issue this report' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('cannot be changed');
    await dialog.getByRole('button', { name: 'Issue report' }).click();
    await page.getByRole('status').filter({ hasText: 'It is kept exactly as it is now.' }).waitFor();
    const issued = page.getByRole('table', { name: 'Reports as issued to the board, newest period first' });
    await issued.getByRole('link', { name: issuedTitle }).click();
    await page.getByRole('heading', { level: 1, name: 'Issued board report' }).waitFor();
    await settled(page);
    expect(await page.getByText(/^Issued on .* This is the copy the board received/).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 2, name: issuedTitle }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'issued report');
  });

  it('shares a read-only view with someone who never signs in, and stops it when revoked', async () => {
    const office = await e2e().newPage();
    await signIn(office, ACCOUNTS.office);
    await office.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Share links' }).click();
    await office.getByRole('heading', { level: 1, name: 'Share links' }).waitFor();
    await settled(office);
    await expectNoAxeViolations(office, 'share links, empty form');
    await office.getByRole('button', { name: 'Create share link' }).click();
    await office.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await office.getByLabel('Who it is for').fill('Board members, December');
    await office.getByRole('button', { name: 'Create share link' }).click();
    await office.getByRole('heading', { name: 'Copy the link now' }).waitFor();
    const url = (await office.getByRole('definition').filter({ hasText: '/shared#' }).innerText()).trim();
    expect(url).toMatch(/\/shared#rps_[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(office, 'share link created');

    // A board member: no account, no cookie.
    const guest = await e2e().newPage();
    await guest.goto(url);
    await guest.getByRole('heading', { level: 1, name: 'Programme overview' }).waitFor();
    await settled(guest);
    expect(await guest.getByText('Read-only view shared by the programme office for Board members, December.', { exact: false }).isVisible()).toBe(true);
    const grid = guest.getByRole('table', { name: 'RAG of every rollout item, by council and feature' });
    expect(await grid.getByRole('rowheader', { name: 'Northmoor County Council' }).isVisible()).toBe(true);
    expect(await guest.getByRole('main').getByRole('link').count()).toBe(0);
    expect(await guest.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await expectNoAxeViolations(guest, 'shared overview');
    await guest.getByRole('button', { name: 'Board report' }).click();
    await guest.getByRole('heading', { level: 1, name: 'Board report' }).waitFor();
    await settled(guest);
    expect(await guest.getByRole('heading', { level: 2, name: /^Board report: / }).isVisible()).toBe(true);
    await expectNoAxeViolations(guest, 'shared board report');

    // Revoked: the same page no longer loads.
    const row = office.getByRole('row').filter({ hasText: 'Board members, December' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await office.getByRole('dialog').getByRole('button', { name: 'Revoke link' }).click();
    await row.getByText(/^Revoked /).waitFor();
    await guest.reload();
    await guest.getByRole('alert').filter({ hasText: 'This link does not work any more.' }).waitFor();
  });

  it('feeds the plan export back through the import preview, which changes nothing', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Exports and imports' }).waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'exports page');
    const exports = page.getByRole('table', { name: 'Tables you can download' });
    expect(await exports.getByRole('link', { name: 'Audit trail (CSV)' }).isVisible()).toBe(true);
    const download = await page.request.get('/api/exports/plan.csv');
    const csv = await download.text();
    expect(csv.split('\r\n')[0]).toBe('\uFEFFcouncil_code,council_name,staff_headcount,manager_headcount,feature_code,feature_name,audience,wave,note');

    await page.getByLabel('CSV file of the plan').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace(',W3 Expenses and manager approvals,', ',W2 Leave and sickness,')) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Preview of plan.csv: nothing is saved yet' }).waitFor();
    const preview = page.getByRole('table', { name: 'What importing would change' });
    const changes = await preview.getByRole('rowheader').allInnerTexts();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatch(/ moves from W3 Expenses and manager approvals to W2 Leave and sickness$/);
    await expectNoAxeViolations(page, 'import preview');

    // Nothing was saved by the preview: the export is as it was.
    expect(await (await page.request.get('/api/exports/plan.csv')).text()).toBe(csv);

    await page.getByLabel('CSV file of the plan').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('council_code,feature_code,wave\nNMC,PAYSLIP,No such wave\n') });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await problem.waitFor();
    expect(await problem.innerText()).toContain('line 2/wave: no wave is called "No such wave"');
  });
});
