import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

/** The staff voice story of the demo (server/fixtures/demo-voice.ts), as the office, a sponsor and staff see it. */
let db: Db;
let app: Awaited<ReturnType<typeof buildApp>>;
const cookies: Record<string, string> = {};
const get = async (url: string, who = 'office') => JSON.parse((await app.inject({ method: 'GET', url, headers: cookies[who] ? { cookie: cookies[who] } : {} })).body);

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  app = await buildApp({ db, clock: () => new Date('2026-11-23T09:00:00Z') });
  for (const [who, email, password] of [['office', 'office@example.org', 'office-demo-2026'], ['sponsor', 'sponsor@example.org', 'sponsor-demo-2026']]) {
    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
    cookies[who!] = `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
  }
}, 120_000);
afterAll(async () => {
  await app.close();
  closeDatabase(db);
});

describe('the demo staff voice', () => {
  it('holds two whole-council rounds per council, Westvale going quiet, and a depot round under the threshold', async () => {
    const results = await get('/api/voice/results');
    const rounds = (code: string) => results.rounds.filter((r: any) => r.councilName.startsWith(code) && r.groupId === null).map((r: any) => r.figures.responses);
    expect(rounds('Northmoor')).toEqual([412, 455]);
    expect(rounds('Eastbridge')).toEqual([198, 236]);
    expect(rounds('Westvale')).toEqual([164, 19]);
    const westvale = results.councils.find((c: any) => c.councilCode === 'WDC');
    expect(westvale).toMatchObject({ quiet: true, quietReason: 'The latest round drew 1% of staff, under half the 8.6% of the round before.' });
    expect(results.councils.filter((c: any) => c.quiet).map((c: any) => c.councilCode)).toEqual(['WDC']);
    const depot = results.rounds.find((r: any) => r.groupName === 'Waste and street cleansing');
    expect(depot.figures).toMatchObject({ responses: 7, suppressed: true, recommendNet: null });
    const awareness = results.rounds[0].figures.stages[0];
    expect(awareness.mean).toBeGreaterThan(3.8);
    expect(awareness.mean).toBeLessThan(4.6);
  });

  it('has reviewed comments published, one withheld and some still in the queue', async () => {
    const published = await get('/api/voice/comments?status=published');
    expect(published.map((c: any) => c.text)).toContain('A supervisor told our team not to bother with it.');
    expect(JSON.stringify(published)).not.toContain('Dave Hurst');
    expect((await get('/api/voice/comments?status=withheld')).map((c: any) => c.text)).toEqual(['']);
    expect((await get('/api/voice/comments')).length).toBe(3);
  });

  it('publishes adopted ideas on "you said, we did", one of them an early win, and feeds a readiness reading', async () => {
    const page = await get('/api/voice/said-did/NMC', 'nobody');
    expect(page.ideas.map((i: any) => i.title)).toEqual(['Depot drop-ins after the late shift', 'QR code to the payslip page']);
    const ideas = await get('/api/voice/ideas');
    expect(ideas.filter((i: any) => i.status === 'adopted')).toHaveLength(3);
    expect(ideas.find((i: any) => i.status === 'not_now').reason).toContain('contract renewal');
    expect(ideas.filter((i: any) => i.winId !== null)).toHaveLength(1);
    expect((await get('/api/voice/ideas', 'sponsor')).every((i: any) => i.status === 'adopted')).toBe(true);
    const reading = db.$client.prepare("select note from readings where note like 'Source: pulse survey%'").all();
    expect(reading).toHaveLength(1);
  });
});
