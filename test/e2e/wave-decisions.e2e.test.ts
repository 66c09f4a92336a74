/**
 * The programme office records gate decisions for one council's items in a wave in one go, by keyboard,
 * with every key press counted from the wave page: the proposal is the default, a confirmation step shows
 * what will be recorded, and one Enter alone records nothing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn } from './harness.ts';

const KEY_BUDGET = 25;
const COUNCIL = 'Eastbridge Borough Council';

async function decisionCells(page: Page, waveName: string): Promise<string[]> {
  const table = page.getByRole('table', { name: `Items in ${waveName}` });
  const rows = table.getByRole('row').filter({ hasText: COUNCIL });
  return (await rows.allInnerTexts()).map((t) => t.split('\t').at(-1)!.trim());
}

describe.skipIf(!e2eEnabled(import.meta.filename))('decisions by wave', () => {
  const e2e = e2eServerPerFile();

  it(`records a council's decisions in a wave in at most ${KEY_BUDGET} key presses, after a confirmation`, async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ACCOUNTS.office);
    await page.getByText('Show the numbers behind “Items planned to be live and live, by wave” as a table').click();
    const waveLink = page.getByRole('table', { name: 'Waves against the baseline' }).getByRole('link', { name: /^W3/ });
    const waveName = (await waveLink.innerText()).trim();
    await waveLink.click();
    await page.getByRole('heading', { level: 1, name: waveName }).waitFor();
    await settled(page);
    await page.getByLabel('Council', { exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(await decisionCells(page, waveName)).toEqual(expect.arrayContaining(['None yet']));
    await expectNoAxeViolations(page, 'wave page, decisions to choose');

    let presses = 0;
    const press = async (key: string) => {
      presses += 1;
      await page.keyboard.press(key);
      expect((await focused(page)).tag, `focus on <body> after ${key}`).not.toBe('body');
    };
    for (let i = 0; i < 10 && (await focused(page)).id !== 'decide-council'; i++) await press('Tab');
    expect((await focused(page)).id).toBe('decide-council');
    await press('E');
    await page.getByRole('group', { name: /Approve leave/ }).waitFor();
    const groups = await page.locator('.wave-decision').count();
    expect(groups).toBeGreaterThan(1);
    // One stop per item's choice (each defaults to its proposal), then the button.
    for (let i = 0; i < groups; i++) await press('Tab');
    await press('Tab');
    expect((await focused(page)).name).toBe(`Check ${groups} decisions`);
    await press('Enter');

    // The confirmation: what will be recorded, nothing recorded yet.
    await page.getByRole('heading', { name: 'These decisions will be recorded' }).waitFor();
    expect((await focused(page)).name).toBe('These decisions will be recorded');
    const summary = await page.locator('.wave-decisions__confirm').innerText();
    expect(summary).toMatch(/Approve leave: (Go|No-go)/);
    expect(await decisionCells(page, waveName)).toEqual(expect.arrayContaining(['None yet']));
    await expectNoAxeViolations(page, 'wave decisions, confirmation');

    await press('Tab');
    expect((await focused(page)).name).toBe(`Record ${groups} decisions`);
    await press('Enter');
    const done = page.getByRole('status').filter({ hasText: `${groups} decisions recorded for ${COUNCIL} in ${waveName}.` });
    await done.waitFor();
    console.log(`office decisions for a council's items in a wave: ${presses} key presses (budget ${KEY_BUDGET})`);
    expect(presses).toBeLessThanOrEqual(KEY_BUDGET);
    expect((await focused(page)).name).toContain('decisions recorded');

    // The wave's table shows each decision in force, in words.
    await expect.poll(async () => (await decisionCells(page, waveName)).every((c) => /^(Go|No-go)/.test(c))).toBe(true);
    await expectNoAxeViolations(page, 'wave page after recording decisions');
  });
});
