/**
 * The benefits page in the browser: the headline, the channel mix stacked month by month, cost per transaction
 * before and now, savings against the target, each chart's table opened from the keyboard, a council's figures,
 * and the council page's section for its lead. Axe on every state.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, settled, signIn, tabTo } from './harness.ts';

const HEADLINE = /^£[\d,]+ saved to date of £60,000 target; \d+\.\d% online\.?$/;

describe.skipIf(!e2eEnabled(import.meta.filename))('benefits in the browser', () => {
  const e2e = e2eServerPerFile();

  it('shows a sponsor the saving, the channel shift and the tables behind every chart, from the keyboard', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.sponsor);
    const main = page.getByRole('main');
    // The overview's headline, defined in docs/metrics.md, links to the page.
    const overviewHeadline = main.locator('.benefits-headline .headline__value');
    await overviewHeadline.waitFor();
    expect(await overviewHeadline.innerText()).toMatch(HEADLINE);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Benefits', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Benefits' }).waitFor();
    await settled(page);
    await page.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
    await expectNoAxeViolations(page, 'benefits page, programme');
    expect(await main.locator('.benefits-note').innerText()).toMatch(HEADLINE);

    for (const [chart, table, firstColumn] of [
      ['Transactions by channel, Programme', 'Transactions by channel, Programme', 'Month'],
      ['Cost per transaction before and now, Programme', 'Cost per transaction before and now, Programme', 'Month'],
      ['Saving against target, Programme', 'Saving against target, Programme', 'Month'],
    ] as const) {
      const disclosure = page.getByText(`Show the numbers behind “${chart}” as a table`, { exact: true });
      const numbers = page.getByRole('table', { name: table });
      expect(await numbers.isVisible()).toBe(false);
      await disclosure.focus();
      await page.keyboard.press('Enter');
      await numbers.waitFor({ state: 'visible' });
      expect((await numbers.getByRole('columnheader').first().innerText()).trim()).toBe(firstColumn);
      const months = (await numbers.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
      expect(months[0]).toBe('April 2026');
      expect(months).toContain('October 2026');
    }
    const mix = page.getByRole('table', { name: 'Transactions by channel, Programme' });
    const columns = (await mix.getByRole('columnheader').allInnerTexts()).map((t) => t.trim());
    expect(columns).toEqual(['Month', 'Paper form', 'E-mail', 'Phone', 'Face to face', 'Self-service online', 'Assisted digital', 'All', 'Online', 'Missing reports']);
    await expectNoAxeViolations(page, 'benefits page with every table open');

    // The breakdown says which council is behind: Westvale is live but its staff still phone.
    const byCouncil = page.getByRole('table', { name: 'Benefits by council' });
    const westvale = byCouncil.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Westvale District Council' }) });
    expect(await westvale.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Measured', '10.0%']));

    // A council's figures, chosen with the keyboard.
    await tabTo(page, /^Council/);
    await page.getByLabel('Council', { exact: true }).selectOption({ label: 'Westvale District Council' });
    await page.getByRole('heading', { level: 2, name: 'Westvale District Council' }).waitFor();
    await settled(page);
    expect(await page.getByText(/Monthly volumes due and not sent: Westvale District Council/).count()).toBe(1);
    await expectNoAxeViolations(page, 'benefits page, Westvale');
  });

  it("gives a council's lead the figures and the volumes upload on the council page", async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.eastbridgeLead);
    // "My council" opens the lead's home (what needs doing first); the whole council page is one link from it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My council' }).click();
    await page.getByRole('link', { name: /^Everything about / }).click();
    await page.getByRole('heading', { level: 2, name: 'Benefits and channel shift' }).waitFor();
    await settled(page);
    await page.getByLabel('CSV file of monthly volumes').waitFor();
    await expectNoAxeViolations(page, 'council page with its benefits section');
  });
});
