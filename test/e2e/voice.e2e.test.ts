/**
 * Staff voice in the browser (docs/staff-voice.md): a member of staff answers the pulse survey on a 390 px phone by
 * keyboard and by touch, with no account, every key press and tap counted; the public "you said, we did" page. axe on every state.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, e2eEnabled, e2eServerPerFile, expectNoAxeViolations, focused, settled, signIn } from './harness.ts';

const KEY_BUDGET = 14;
/** The bar: under 15 interactions, by keyboard and by touch. */
const TAP_BUDGET = 14;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(!e2eEnabled(import.meta.filename))('staff voice', () => {
  const e2e = e2eServerPerFile();

  it(`answers the survey on a 390 px phone by keyboard in at most ${KEY_BUDGET} key presses, without signing in`, async () => {
    // The office reads the open link of Westvale's round (the demo's only link still open).
    const office = await e2e().newPage();
    await signIn(office, ACCOUNTS.office);
    const path = await office.evaluate(async () => {
      const surveys = await (await fetch('/api/voice/surveys')).json() as Array<{ links: Array<{ path: string; open: boolean }> }>;
      return surveys.flatMap((s) => s.links).find((l) => l.open)!.path;
    });

    const page = await e2e().newPage(PHONE);
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Leave and sickness: getting ready' }).waitFor();
    await settled(page);
    await expectNoAxeViolations(page, 'the survey form on a phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect.poll(async () => (await page.getByRole('heading', { name: 'How we use your answers' }).count())).toBe(1);

    let presses = 0;
    const press = async (key: string) => {
      presses += 1;
      await page.keyboard.press(key);
    };
    // Focus starts on the heading: each statement is a Tab into its radios and an arrow to choose.
    for (let statement = 0; statement < 5; statement++) {
      await press('Tab');
      await press('ArrowDown');
    }
    await press('Tab');
    await press('ArrowRight');
    expect((await focused(page)).tag).toBe('input');
    // Enter on a radio sends the form; the three boxes are optional.
    await press('Enter');
    const thanks = page.getByRole('heading', { level: 1, name: 'Thank you' });
    await thanks.waitFor();
    console.log(`staff answering the pulse survey on a phone: ${presses} key presses (budget ${KEY_BUDGET})`);
    expect(presses).toBeLessThanOrEqual(KEY_BUDGET);
    await expectNoAxeViolations(page, 'survey sent');

    // Back again from the same browser: not counted twice, and told so.
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Leave and sickness: getting ready' }).waitFor();
    await page.getByRole('radio', { name: 'Agree' }).first().click();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByText('already answered this survey').waitFor();
  });

  it(`answers the survey on a 390 px phone by touch in at most ${TAP_BUDGET} taps`, async () => {
    const office = await e2e().newPage();
    await signIn(office, ACCOUNTS.office);
    const path = await office.evaluate(async () => {
      const surveys = await (await fetch('/api/voice/surveys')).json() as Array<{ links: Array<{ path: string; open: boolean }> }>;
      return surveys.flatMap((s) => s.links).find((l) => l.open)!.path;
    });
    const before = await office.evaluate(async () => (await (await fetch('/api/voice/surveys')).json() as Array<{ responses: number; links: Array<{ open: boolean }> }>)
      .find((s) => s.links.some((l) => l.open))!.responses);

    // A phone of its own (touch, no mouse, a fresh browser): every interaction is a tap on the control itself.
    const page = await e2e().newPage(PHONE);
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Leave and sickness: getting ready' }).waitFor();
    await settled(page);
    let taps = 0;
    const tap = async (target: ReturnType<typeof page.getByRole>) => {
      taps += 1;
      await target.tap();
    };
    const statements = page.getByRole('group').filter({ has: page.getByRole('radio', { name: 'Strongly agree' }) });
    expect(await statements.count()).toBe(5);
    for (let i = 0; i < 5; i++) await tap(statements.nth(i).getByRole('radio', { name: i % 2 === 0 ? 'Agree' : 'Strongly agree', exact: true }));
    await tap(page.getByRole('group', { name: /recommend/ }).getByRole('radio', { name: '8', exact: true }));
    for (let i = 0; i < 5; i++) expect(await statements.nth(i).getByRole('radio', { checked: true }).count()).toBe(1);
    await tap(page.getByRole('button', { name: 'Send my answers' }));
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    console.log(`staff answering the pulse survey on a phone: ${taps} taps (budget ${TAP_BUDGET})`);
    expect(taps).toBeLessThanOrEqual(TAP_BUDGET);
    await expectNoAxeViolations(page, 'survey sent by touch');
    // Counted once, on the server.
    await expect.poll(async () => office.evaluate(async () => (await (await fetch('/api/voice/surveys')).json() as Array<{ responses: number; links: Array<{ open: boolean }> }>)
      .find((s) => s.links.some((l) => l.open))!.responses)).toBe(before + 1);
  });

  it('shows a closed link plainly, and "you said, we did" to anyone', async () => {
    const page = await e2e().newPage(PHONE);
    await page.goto('/say/NoSuchLink0123456789abcdef');
    await page.getByRole('heading', { level: 1, name: 'Survey not found' }).waitFor();
    await expectNoAxeViolations(page, 'an unknown survey link');

    await page.goto('/you-said-we-did/NMC');
    await page.getByRole('heading', { level: 1, name: 'You said, we did' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'QR code to the payslip page' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(2);
    await expectNoAxeViolations(page, 'you said, we did');
  });

  it('shows the office the results as tables with small rounds held back, and publishes a comment from the queue; sponsors get aggregates only', async () => {
    const page = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, ACCOUNTS.office);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff voice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff voice' }).waitFor();
    const rounds = page.getByRole('table', { name: 'Score per stage over time (mean, 1 to 5)' });
    await rounds.waitFor();
    const depot = rounds.getByRole('row').filter({ hasText: 'Waste and street cleansing' });
    expect(await depot.innerText()).toContain('Held back');
    const councils = page.getByRole('table', { name: 'Councils: latest round and silence' });
    expect(await councils.getByRole('row').filter({ hasText: 'Westvale District Council' }).innerText()).toContain('Yes: The latest round drew');
    await expectNoAxeViolations(page, 'staff voice results and queue');
    const queue = page.getByRole('table', { name: 'Review queue' });
    const before = await queue.getByRole('row').count();
    await queue.getByRole('button', { name: /^Publish/ }).first().click();
    await page.getByRole('status').filter({ hasText: 'Comment published.' }).waitFor();
    await expect.poll(async () => queue.getByRole('row').count()).toBe(before - 1);

    const sponsor = await e2e().newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(sponsor, ACCOUNTS.sponsor);
    await sponsor.goto('/voice');
    await sponsor.getByRole('table', { name: 'Score per stage over time (mean, 1 to 5)' }).waitFor();
    expect(await sponsor.getByRole('heading', { name: 'Comments to review' }).count()).toBe(0);
    await expectNoAxeViolations(sponsor, 'staff voice for a sponsor');
  });
});
