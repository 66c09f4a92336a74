/**
 * The notification centre in the browser, by keyboard: the unread count in the header is announced politely and
 * is part of the link's name; the list with its digest lines and links; marking read; the settings; and the
 * office's outbox with a digest preview. axe on every page and state.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn, tabTo } from './harness.ts';

describe.skipIf(!e2eEnabled(import.meta.filename))('notifications', () => {
  const e2e = e2eServerPerFile();

  it('a lead hears the unread count, opens the centre by keyboard, reads the digest and marks one read', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.eastbridgeLead);
    const header = page.getByRole('banner');
    const link = header.getByRole('link', { name: /^Notifications, \d+ unread$/ });
    await link.waitFor();
    const unread = Number(/, (\d+) unread/.exec((await link.getAttribute('aria-label')) ?? '')![1]);
    expect(unread).toBeGreaterThan(0);
    // Announced politely, once, through the page's status region.
    const status = page.locator('[role="status"][aria-live="polite"]');
    await expect.poll(() => status.textContent()).toBe(`You have ${unread} unread notification${unread === 1 ? '' : 's'}`);
    await expectNoAxeViolations(page, 'overview with the unread count');

    // By keyboard: from the page heading back to the header's link.
    await page.locator('main h1').focus();
    await tabTo(page, /^Notifications/, { backwards: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await settled(page);
    expect((await focused(page)).isH1).toBe(true);
    const list = page.getByRole('list', { name: 'Your notifications, newest first' });
    const digest = list.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: /^Your week from/ }) });
    await digest.getByRole('heading', { level: 3, name: 'Issues on your items nearing or past due' }).waitFor();
    expect(await digest.getByRole('link', { name: /occupational health referral step is missing/ }).getAttribute('href')).toMatch(/^\/items\/\d+$/);
    await expectNoAxeViolations(page, 'notification centre');

    // Mark one read by keyboard: the count drops and the change is announced.
    await tabTo(page, /^Mark as read: Your week from/);
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toMatch(new RegExp(`^(Marked as read\\. ${unread - 1} unread left\\.|You have ${unread - 1} unread notifications?)$`));
    await header.getByRole('link', { name: new RegExp(`^Notifications, ${unread - 1} unread$`) }).waitFor();
    expect(await digest.getByRole('button', { name: /^Mark as read/ }).count()).toBe(0);
    await expectNoAxeViolations(page, 'one marked read');

    // The settings: e-mail off for one kind, saved and announced.
    await page.getByRole('link', { name: 'Choose what you get, in the app and by e-mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    await settled(page);
    const group = page.getByRole('group', { name: 'Communications due this week or overdue' });
    await group.getByRole('checkbox', { name: 'By e-mail' }).uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => status.textContent()).toBe('Notification settings saved');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    await settled(page);
    expect(await page.getByRole('group', { name: 'Communications due this week or overdue' }).getByRole('checkbox', { name: 'By e-mail' }).isChecked()).toBe(false);
    await expectNoAxeViolations(page, 'notification settings');
  });

  it('the office sees the outbox and previews a lead’s next digest', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notification outbox' }).waitFor();
    await settled(page);
    await page.getByText('E-mail is off on this server (SMTP_URL is not set)').waitFor();
    await expectNoAxeViolations(page, 'outbox');
    const option = page.getByLabel('Person').locator('option', { hasText: 'lead.eastbridge@example.org' });
    await page.getByLabel('Person').selectOption((await option.getAttribute('value'))!);
    await page.getByRole('button', { name: 'Preview digest' }).click();
    const preview = page.getByRole('region', { name: /^\[Rollout Planner\] Your week from/ });
    await preview.waitFor();
    await preview.getByRole('heading', { level: 4, name: 'Issues on your items nearing or past due' }).waitFor();
    await expectNoAxeViolations(page, 'digest preview');
  });
});
