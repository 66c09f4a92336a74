/**
 * A council lead's home on a phone, by keyboard and with every key press counted: from the signed-in
 * overview to two readings saved for the next go-live's failing criteria, the change of colour in view,
 * focus never dropped to <body>. Then marking an item ready and editing its note, and a lead of two
 * councils with a link to each.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn } from './harness.ts';

const COUNCIL = 'Eastbridge Borough Council';
const PHONE = { viewport: { width: 390, height: 844 } };
/** The budget: two readings from the signed-in home. */
const KEY_BUDGET = 20;

/** Presses keys one at a time, counting them, and fails the moment focus lands on <body>. */
function keyboard(page: Page) {
  let count = 0;
  const check = async (what: string) => {
    const now = await focused(page);
    expect(now.tag, `focus fell to <body> after ${what}`).not.toBe('body');
  };
  return {
    get count() { return count; },
    async press(key: string) {
      count += 1;
      await page.keyboard.press(key);
      await check(key);
    },
    async type(text: string) {
      for (const ch of text) {
        count += 1;
        await page.keyboard.type(ch);
      }
      await check(`typing ${text}`);
    },
  };
}

/** The number that meets a field's target, read from the hint beside it ("target at least 95%", "at most 0"). */
async function targetOfFocused(page: Page): Promise<string> {
  const hint = await page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement;
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  });
  const match = /target at (?:least|most) (-?[\d.]+)/.exec(hint);
  if (!match) throw new Error(`No target beside the focused field: "${hint}"`);
  return match[1]!;
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });
}

describe.skipIf(!e2eEnabled(import.meta.filename))("a council lead's home on a phone", () => {
  const e2e = e2eServerPerFile();

  it(`enters two readings for the next go-live's failing criteria in at most ${KEY_BUDGET} key presses and sees the colour change in view`, async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    expect((await focused(page)).isH1).toBe(true);
    const keys = keyboard(page);

    await keys.press('Tab');
    expect((await focused(page)).name).toMatch(/What needs doing before your next go-live/);
    await keys.press('Enter');
    await page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
    await settled(page);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(await page.getByRole('main').innerText()).toMatch(/Next go-live \d{1,2} \w+ \d{4}: \d+ items?, \d+ red/);
    await expectNoAxeViolations(page, "lead's home at 390 px");

    // The form starts with the failing criteria, worst first, each with its last value, date and state.
    const firstGroup = page.getByRole('group', { name: 'Failing or due before the next go-live' });
    const firstHints = await firstGroup.locator('.due-row__last').allInnerTexts();
    expect(firstHints.length).toBeGreaterThanOrEqual(2);
    for (const hint of firstHints.slice(0, 2)) expect(hint).toMatch(/^✖\s*Not met\s+Last .+ on \d{1,2} \w+ \d{4}; target at (least|most) /);
    const itemsBefore = await page.locator('.item-card').allInnerTexts();

    await keys.press('Tab');
    const first = await focused(page);
    expect(first.tag).toBe('input');
    await keys.type(await targetOfFocused(page));
    await keys.press('Tab');
    const second = await focused(page);
    expect(second.tag).toBe('input');
    expect(second.id).not.toBe(first.id);
    await keys.type(await targetOfFocused(page));
    await keys.press('Enter');

    const result = page.locator('.due-result');
    await result.waitFor();
    expect(keys.count, `key presses from the signed-in home (budget ${KEY_BUDGET})`).toBeLessThanOrEqual(KEY_BUDGET);
    console.log(`lead's two readings: ${keys.count} key presses (budget ${KEY_BUDGET})`);
    expect(await result.innerText()).toMatch(/^2 readings saved for \d{1,2} \w+ \d{4}\./);
    // Which items changed colour, shown beside the field the lead was in, without scrolling.
    expect(await result.innerText()).toMatch(/→/);
    expect(await inViewport(page, '.due-result')).toBe(true);
    expect((await focused(page)).id).toBe(second.id);
    // Announced politely.
    await expect.poll(() => page.locator('[aria-live="polite"]').last().innerText()).toMatch(/2 readings saved .* is now (Amber|Green) \(was Red\)/);
    // The field's own line shows the new reading.
    expect(await page.locator('.due-row__last').first().innerText()).not.toBe(firstHints[0]);
    expect(await page.locator('.item-card').allInnerTexts()).not.toEqual(itemsBefore);
    await expectNoAxeViolations(page, "lead's home after saving two readings");
  });

  // The header's menu depends on who is signed in. Drawn before the session answered, it arrived a frame later and
  // pushed the page down 158 px on a phone (CLS 0.157 in one load in three; not made to happen by delaying the answer,
  // so the page is loaded twenty times and every load must keep still).
  it('keeps its page still on a phone, load after load', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    const home = (await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My council' }).getAttribute('href'))!;
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const loads: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await page.goto(home);
      await page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
      await settled(page);
      await page.waitForTimeout(300);
      loads.push(await page.evaluate(() => (window as unknown as { __cls: number }).__cls));
    }
    expect(Math.max(...loads), `CLS of each load: ${loads.map((c) => c.toFixed(3)).join(', ')}`).toBeLessThan(0.05);
  });

  it('marks an item ready and edits its note, focus staying on the card', async () => {
    const page = await e2e().newPage(PHONE);
    await signIn(page, ACCOUNTS.eastbridgeLead);
    await page.getByRole('link', { name: /What needs doing/ }).click();
    await page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
    await settled(page);

    const ready = page.getByRole('button', { name: 'Mark ready for Approve leave' });
    await ready.focus();
    await page.keyboard.press('Enter');
    const card = page.locator('.item-card').filter({ hasText: 'Approve leave' });
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toMatch(/Approve leave marked ready\./);
    expect(await card.locator('.tag').innerText()).toBe('Ready');
    expect(await page.getByRole('button', { name: 'Mark ready for Approve leave' }).count()).toBe(0);
    expect((await focused(page)).name).toMatch(/Edit note on Approve leave/);

    await page.keyboard.press('Enter');
    const note = page.getByLabel('Note on Approve leave');
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await note.fill('Managers briefed on 20 November; training dates booked.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toMatch(/Note: Managers briefed on 20 November; training dates booked\./);
    expect((await focused(page)).name).toMatch(/Edit note on Approve leave/);
    await expectNoAxeViolations(page, 'after marking ready and saving a note');

    // The item's page agrees.
    await card.getByRole('link', { name: 'Approve leave' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approve leave' }).waitFor();
    await settled(page);
    expect(await page.getByRole('main').innerText()).toContain('Managers briefed on 20 November; training dates booked.');
  });

  it('gives a lead of two councils a link to each', async () => {
    // The office makes Robin Vale lead of Northmoor too, through the API.
    const office = await e2e().newPage();
    const session = await office.request.post('/api/session', { data: ACCOUNTS.office });
    const { csrfToken } = await session.json() as { csrfToken: string };
    const users = await (await office.request.get('/api/users?limit=500')).json() as { data: Array<{ id: number; email: string; councilIds: number[]; version: number }> };
    const councils = await (await office.request.get('/api/councils?limit=500')).json() as { data: Array<{ id: number; code: string; name: string }> };
    const robin = users.data.find((u) => u.email === 'lead.westvale@example.org')!;
    const northmoor = councils.data.find((c) => c.code === 'NMC')!;
    const westvale = councils.data.find((c) => c.code === 'WDC')!;
    const changed = await office.request.patch(`/api/users/${robin.id}`, {
      data: { councilIds: [westvale.id, northmoor.id] }, headers: { 'x-csrf-token': csrfToken, 'if-match': `"${robin.version}"` },
    });
    expect(changed.status(), await changed.text()).toBe(200);

    const page = await e2e().newPage(PHONE);
    await signIn(page, { email: 'lead.westvale@example.org', password: 'lead-demo-2026' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: `My council: ${northmoor.name}` }).waitFor();
    expect(await nav.getByRole('link', { name: `My council: ${westvale.name}` }).getAttribute('href')).toBe(`/my-council/${westvale.id}`);
    await nav.getByRole('link', { name: `My council: ${northmoor.name}` }).click();
    await page.getByRole('heading', { level: 1, name: northmoor.name }).waitFor();
    await settled(page);
    await page.getByRole('button', { name: 'Save readings' }).waitFor();
    await page.goto('/');
    await settled(page);
    await page.getByRole('link', { name: /What needs doing before your next go-live, council by council/ }).click();
    await page.getByRole('heading', { level: 1, name: 'My councils' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: westvale.name, exact: true }).waitFor();
    await expectNoAxeViolations(page, 'choice of councils');
  });
});
