/**
 * Your account (/account), for every signed-in role: ending another of your sessions, changing your password
 * with the current one (a wrong one refused, the new one working, the old refused), and an API token whose expiry
 * is typed in the GOV.UK day / month / year boxes. axe on every state; focus never left on the page's body.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { day } from '../../client/format.ts';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn } from './harness.ts';

const WESTVALE = { email: 'lead.westvale@example.org', password: 'lead-demo-2026' };
const NEW_PASSWORD = 'harbour lantern seventeen';
/** What each browser says about itself: the sessions list names the device from it. */
const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** Whether the page scrolls sideways (a table or form wider than the screen). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

async function openAccount(page: Page): Promise<void> {
  // The header's name links to the account.
  await page.locator('.site-header__user a[href="/account"]').click();
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  await page.getByRole('table', { name: /Your sessions/ }).waitFor();
  await settled(page);
}

describe.skipIf(!e2eEnabled(import.meta.filename))('your account', () => {
  const e2e = e2eServerPerFile();

  it('a lead on a phone ends the session left open on another computer, then changes their password', async () => {
    const laptop = await e2e().newPage({ viewport: { width: 1280, height: 800 }, userAgent: WINDOWS_FIREFOX });
    await signIn(laptop, WESTVALE);
    const phone = await e2e().newPage({ viewport: { width: 390, height: 844 }, userAgent: ANDROID_CHROME });
    await signIn(phone, WESTVALE);
    await openAccount(phone);
    expect(await scrollsSideways(phone)).toBe(false);
    await expectNoAxeViolations(phone, 'two sessions');

    const rows = phone.getByRole('table', { name: /Your sessions/ }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    // Each session named by its device, the one in use marked.
    expect(await rows.first().innerText()).toContain('Chrome on Android');
    expect(await rows.first().innerText()).toContain('This session');
    expect(await rows.nth(1).innerText()).toContain('Firefox on Windows');
    expect(await rows.nth(1).innerText()).not.toContain('This session');
    // Dates in words: "1 December 2026 at 15:02", never an ISO date.
    expect(await rows.first().innerText()).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(await rows.first().innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // Ending the laptop's session, by keyboard.
    const end = rows.nth(1).getByRole('button', { name: /^Sign out the session on Firefox on Windows started/ });
    await end.focus();
    await phone.keyboard.press('Enter');
    const notice = phone.getByRole('main').getByRole('status').filter({ hasText: 'has been signed out' });
    await notice.waitFor();
    expect((await focused(phone)).name).toMatch(/has been signed out/);
    await phone.waitForFunction(() => document.querySelectorAll('table tbody tr').length >= 1 && !document.querySelector('.loading'));
    expect(await rows.count()).toBe(1);
    await expectNoAxeViolations(phone, 'session ended');
    // The laptop is signed out at its next step.
    await laptop.reload();
    await laptop.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    // A wrong current password: the error summary takes the focus, links to the field, nothing changes.
    await phone.getByLabel('Current password').fill('not my password');
    await phone.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await phone.getByLabel('New password again').fill(NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Change password' }).click();
    const summary = phone.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Your current password is not right');
    expect((await focused(phone)).name).toMatch(/There is a problem/);
    expect(await phone.locator('#field-currentPassword-error').innerText()).toContain('Your current password is not right');
    await expectNoAxeViolations(phone, 'wrong current password');

    // Too short, caught before sending.
    await phone.getByLabel('Current password').fill(WESTVALE.password);
    await phone.getByLabel('New password', { exact: true }).fill('short');
    await phone.getByRole('button', { name: 'Change password' }).click();
    await phone.getByRole('link', { name: 'Your new password must be at least 12 characters' }).waitFor();

    // The real change: by keyboard from the last field.
    await phone.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await phone.getByLabel('New password again').fill(NEW_PASSWORD);
    await phone.getByLabel('New password again').press('Enter');
    const done = phone.getByRole('main').getByRole('status').filter({ hasText: 'Your password has been changed' });
    await done.waitFor();
    expect(await done.innerText()).toContain('You had no other sessions.');
    expect((await focused(phone)).name).toMatch(/Your password has been changed/);
    expect(await phone.getByLabel('Current password').inputValue()).toBe('');
    await expectNoAxeViolations(phone, 'password changed');

    // This device stays signed in with its new session, and its changes still carry a valid CSRF token.
    await phone.getByLabel('Name', { exact: true }).fill('Monthly readings upload');
    await phone.getByRole('button', { name: 'Create token' }).click();
    await phone.getByRole('heading', { name: 'Copy the token now' }).waitFor();

    // The old password no longer signs in; the new one does.
    const other = await e2e().newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto('/sign-in');
    await other.getByLabel('E-mail address', { exact: true }).fill(WESTVALE.email);
    await other.getByLabel('Password', { exact: true }).fill(WESTVALE.password);
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.getByRole('alert').filter({ hasText: /not right/ }).waitFor();
    await signIn(other, { email: WESTVALE.email, password: NEW_PASSWORD });
  });

  it('a sponsor makes an API token with a typed expiry (a date that is not real is refused), copies it once and revokes it', async () => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const page = await e2e().newPage({ viewport });
      await signIn(page, ACCOUNTS.sponsor);
      await openAccount(page);
      expect(await scrollsSideways(page)).toBe(false);
      await expectNoAxeViolations(page, `sponsor at ${viewport.width}`);
      if (viewport.width > 400) break;

      const name = `Board pack script ${viewport.width}`;
      await page.getByLabel('Name', { exact: true }).fill(name);
      const boxes = page.getByRole('group', { name: /Expires on/ });
      await boxes.getByLabel('Day').fill('31');
      await boxes.getByLabel('Month').fill('2');
      await boxes.getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByRole('link', { name: /Expires on must be a real date/ }).waitFor();
      expect((await focused(page)).name).toMatch(/There is a problem/);
      await expectNoAxeViolations(page, 'expiry not a real date');

      await boxes.getByLabel('Day').fill('28');
      await page.getByRole('button', { name: 'Create token' }).click();
      const shown = page.getByRole('status').filter({ hasText: 'Copy the token now' });
      await shown.waitFor();
      expect(await shown.innerText()).toMatch(/rpt_[A-Za-z0-9_-]{20,}/);
      expect(await shown.innerText()).toContain(`until ${day('2027-02-28')}`);
      const row = page.getByRole('table', { name: /Your API tokens/ }).getByRole('row', { name: new RegExp(name) });
      expect(await row.innerText()).toContain(day('2027-02-28'));
      expect(await row.innerText()).toContain('Active');

      await row.getByRole('button', { name: `Revoke ${name}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      await page.waitForFunction((n) => [...document.querySelectorAll('table tr')].some((tr) => tr.textContent!.includes(n) && tr.textContent!.includes('Revoked')), name);
      const now = await focused(page);
      expect(now.tag).not.toBe('body');
      expect(now.name).toBe('API tokens');
      await expectNoAxeViolations(page, 'token revoked');
    }
  });
});
