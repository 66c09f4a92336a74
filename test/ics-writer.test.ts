import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, weakTagOf } from '../server/http/conditional.ts';
import { escapeText, foldLine, writeCalendar, writeCalendarBytesSteps, writeCalendarSteps } from '../server/modules/calendar/rfc5545.ts';
import { runNow } from '../server/http/steps.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');
/** Any text people write, astral characters (emoji, some CJK) included. */
const anyText = fc.string({ unit: 'grapheme', maxLength: 300 });
/**
 * Category names with commas and semicolons. Not backslashes: ical.js splits a list value on a comma unless a
 * backslash comes before it, even an escaped one (`\\,`), although RFC 5545 reads that as a backslash and a
 * separator. The feed's categories are fixed words anyway.
 */
const categoryNames = fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((c) => !c.includes('\\')), { maxLength: 3 });

describe('the iCalendar writer', () => {
  it('folds every line to at most 75 octets, never inside a character, and unfolds to the same line', () => {
    fc.assert(fc.property(anyText, (value) => {
      const line = `DESCRIPTION:${value}`;
      const folded = foldLine(line);
      for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
      // A split surrogate pair would show as U+FFFD once encoded.
      for (const physical of folded.split('\r\n')) expect(Buffer.from(physical).toString()).toBe(physical);
      expect(unfold(folded)).toBe(line);
    }), { numRuns: 300 });
  });

  it('leaves a short line as it is', () => {
    expect(foldLine('SUMMARY:W1: planned go-live')).toBe('SUMMARY:W1: planned go-live');
    expect(foldLine(`X:${'a'.repeat(72)}`)).toBe(`X:${'a'.repeat(72)}`);
    expect(foldLine(`X:${'a'.repeat(73)}`)).toBe(`X:${'a'.repeat(72)}\r\n a`);
  });

  it('escapes text so that a strict parser reads back exactly what was written', () => {
    fc.assert(fc.property(anyText, anyText, categoryNames, (summary, description, categories) => {
      // Lone carriage returns become line breaks, as RFC 5545 has only one kind.
      const normal = (text: string) => text.replace(/\r\n|\r/g, '\n');
      const text = writeCalendar(
        { name: 'Rollout go-lives: EBC, WDC; all', description: 'Dates, gates; and\nmore', prodId: { company: 'Rollout Planner', product: 'Go-live calendar', language: 'EN' }, refreshSeconds: 3600 },
        [{ uid: 'item-1@rollout-planner', date: '2026-11-03', summary, description: description || undefined, categories, status: 'CONFIRMED' }],
        new Date('2026-12-01T09:30:00Z'),
      );
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      const calendar = new ICAL.Component(ICAL.parse(text));
      // ical.js does not know the X-WR- properties are TEXT, so it hands back what was written: escaped as TEXT.
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Rollout go-lives: EBC\\, WDC\\; all');
      expect(calendar.getFirstPropertyValue('x-wr-caldesc')).toBe('Dates\\, gates\\; and\\nmore');
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      expect(event.uid).toBe('item-1@rollout-planner');
      expect(event.summary).toBe(normal(summary));
      expect(event.description ?? '').toBe(normal(description));
      expect(event.startDate.toString()).toBe('2026-11-03');
      expect(event.startDate.isDate).toBe(true);
      const written = event.component.getFirstProperty('categories')?.getValues() ?? [];
      expect(written).toEqual(categories.map(normal));
    }), { numRuns: 200 });
  });

  it('writes a comma, a semicolon and a backslash escaped, and a line break as \\n', () => {
    expect(escapeText('a, b; c\\d\r\ne\nf')).toBe('a\\, b\\; c\\\\d\\ne\\nf');
  });

  it('stamps every event with the time the feed was written, in UTC', () => {
    const text = writeCalendar({ name: 'x', description: 'y', prodId: { company: 'c', product: 'p', language: 'EN' }, refreshSeconds: 3600 },
      [{ uid: 'a@b', date: '2027-01-18', summary: 's', status: 'CANCELLED' }], new Date('2026-12-01T09:30:05.123Z'));
    expect(text).toContain('\r\nDTSTAMP:20261201T093005Z\r\nDTSTART;VALUE=DATE:20270118\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n');
  });

  it('writes a long feed as steps that pause every few hundred events, to the same text', () => {
    const header = { name: 'x', description: 'y', prodId: { company: 'c', product: 'p', language: 'EN' }, refreshSeconds: 3600 };
    const events = Array.from({ length: 2000 }, (_, n) => ({ uid: `item-${n}@b`, date: '2027-01-18', summary: `Item ${n}, planned` }));
    const stamp = new Date('2026-12-01T09:30:05Z');
    const steps = writeCalendarSteps(header, events, stamp);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses += 1;
      step = steps.next();
    }
    expect(pauses).toBe(5);
    expect(step.value).toBe(writeCalendar(header, events, stamp));
    expect(step.value.match(/BEGIN:VEVENT/g)).toHaveLength(2000);
  });

  it('writes the same feed as bytes a piece at a time, with the digest of their weak entity tag', () => {
    const header = { name: 'Rollout go-lives: NMC', description: 'Dates, with commas; and “quotes”', prodId: { company: 'c', product: 'p', language: 'EN' }, refreshSeconds: 3600 };
    const events = Array.from({ length: 1234 }, (_, n) => ({ uid: `item-${n}@b`, date: '2027-01-18', summary: `Item ${n}: Northmoor — payslips 🎉`, description: 'Council: Northmoor\nWave: W2' }));
    const stamp = new Date('2026-12-01T09:30:05Z');
    const text = writeCalendar(header, events, stamp);
    const steps = writeCalendarBytesSteps(header, events, stamp);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses += 1;
      step = steps.next();
    }
    expect(pauses).toBe(3);
    expect(Buffer.concat(step.value.pieces).equals(Buffer.from(text))).toBe(true);
    expect(step.value.pieces).toHaveLength(4);
    expect(step.value.length).toBe(Buffer.byteLength(text));
    expect(step.value.digest).toBe(digestOf(text));
    expect(Buffer.concat(runNow(writeCalendarBytesSteps(header, [], stamp)).pieces).toString()).toBe(writeCalendar(header, [], stamp));
  });
});

describe('the calendar route', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
    await seedSmallPlan(ctx);
  });
  afterAll(async () => closeTestApp(ctx));

  it('sends the feed with the weak tag of its bytes, and 304 for that tag', async () => {
    const { status, res } = await ctx.call('GET', '/api/calendar.ics');
    expect(status).toBe(200);
    expect(res.body).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*BEGIN:VEVENT[\s\S]*END:VCALENDAR\r\n$/);
    expect(res.headers.etag).toBe(weakTagOf(res.rawPayload));
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const again = await ctx.call('GET', '/api/calendar.ics', undefined, { headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.status).toBe(304);
  });
});
