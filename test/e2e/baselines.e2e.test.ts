/**
 * Re-baselining in the browser: the office previews what approving the current plan would change, item by item,
 * approves it with a reason, and every screen keeps the slippage against the original beside the new baseline;
 * the screens can be judged against any baseline, and any two can be compared.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, settled, signIn } from './harness.ts';

describe.skipIf(!e2eEnabled(import.meta.filename))('baselines in the browser', () => {
  const e2e = e2eServerPerFile();

  it('previews a re-baseline, approves it, keeps the original beside it, and compares the two', async () => {
    const page = await e2e().newPage();
    await signIn(page, ACCOUNTS.office);
    // The demo has two baselines (v1, and v2 from the October board): the screens offer a choice.
    expect(await page.getByLabel('Judge against').count()).toBe(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Planning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor();
    await settled(page);
    await page.getByRole('button', { name: 'Preview what would change' }).click();
    const preview = page.getByRole('region', { name: /^Items that differ/ });
    await preview.waitFor();
    // Against v2, the current plan only adds Fernleigh's 8 items (it joined after v2): nothing late to absorb.
    const row = preview.getByRole('row').filter({ hasText: 'Claim expenses' }).filter({ hasText: 'Fernleigh District Council' });
    expect(await row.innerText()).toContain('Not in the earlier plan');
    expect(await page.getByRole('region', { name: /^Items that differ \(8\)/ }).count()).toBe(1);
    expect(await page.getByText(/days of lateness would no longer show against the new baseline/).count()).toBe(0);
    await expectNoAxeViolations(page, 'planning with a re-baseline preview');

    await page.getByLabel('Name of the baseline').fill('Programme plan v3');
    await page.locator('#field-baseline-reasonCategory').selectOption({ label: 'Business decision' });
    await page.locator('#field-baseline-reason').fill('Fernleigh District Council joins the programme in W4');
    await page.getByRole('button', { name: 'Approve the current plan as a baseline' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Approve baseline' }).click();
    await page.getByRole('status').filter({ hasText: 'Baseline “Programme plan v3” approved:' }).waitFor();

    // The overview: judged against v3, with v1's slippage beside it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Programme overview' }).waitFor();
    await settled(page);
    expect(await page.getByRole('main').getByText(/^As of .*, judged against/).innerText()).toMatch(/Programme plan v3\.$/);
    const original = page.getByRole('list', { name: 'Headline figures' }).getByText(/Against the original baseline Programme plan v1: \d+ items late, [\d,]+ days in all/);
    expect(await original.isVisible()).toBe(true);
    expect(await page.getByText(/staff switched on, [\d.]+% using \(target \d+%\)/).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'overview after a re-baseline');

    // Judged against v1 chosen in the selector: the slippage is back in the headline.
    const picker = page.getByLabel('Judge against');
    const v1 = picker.locator('option', { hasText: 'Programme plan v1 (original)' });
    expect(await v1.innerText()).toMatch(/^Programme plan v1 \(original\), approved \d+ \w+ 2026$/);
    await picker.selectOption((await v1.getAttribute('value'))!);
    await expect.poll(async () => page.getByRole('main').getByText(/^As of .*, judged against/).innerText()).toMatch(/Programme plan v1\.$/);
    await settled(page);
    // Against v1 chosen, Eastbridge's items are late again in the list of late items.
    const late = page.getByRole('table', { name: 'Items later than the baseline, latest first' });
    expect(await late.getByRole('row').filter({ hasText: 'Eastbridge Borough Council' }).count()).toBeGreaterThanOrEqual(3);
    await expectNoAxeViolations(page, 'overview judged against the original');

    // Any two baselines side by side.
    await page.getByRole('link', { name: 'Compare baselines' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compare baselines' }).waitFor();
    await settled(page);
    const items = page.getByRole('region', { name: /^Items that differ/ });
    await items.waitFor();
    expect(await items.getByRole('row').filter({ hasText: 'Eastbridge Borough Council' }).count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText('Why: Business decision: Fernleigh District Council joins the programme in W4').isVisible()).toBe(true);
    // The demo's own re-baseline keeps its reason too.
    expect(await page.getByText(/^Why: Readiness: Eastbridge's leave and sickness moved to W3/).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'compare baselines');
  }, 150_000);
});
