import { describe, expect, it } from 'vitest';
import { day, dayOfMonth, instant, month, typedDay } from './format.ts';
import { datesInWords, historySentence } from './plain-words.ts';

/** One date format on every screen: the GOV.UK style, "3 November 2026". */
describe('dates on screen', () => {
  it('writes a day as "3 November 2026": the month in full, no leading zero, no day name', () => {
    expect(day('2026-11-03')).toBe('3 November 2026');
    expect(day('2026-09-30')).toBe('30 September 2026');
    expect(day('2027-02-28')).toBe('28 February 2027');
    expect(day(null)).toBe('—');
    expect(day(undefined)).toBe('—');
    expect(day('')).toBe('—');
  });

  it('takes an ISO day as written, in any time zone, and an instant as the day where the reader is', () => {
    expect(day('2027-03-31')).toBe('31 March 2027');
    expect(day(new Date(2026, 11, 1, 23, 59).toISOString())).toBe('1 December 2026');
    expect(day(new Date(2026, 11, 2, 0, 1).toISOString())).toBe('2 December 2026');
  });

  it('writes a day still being typed as typed, never as a day the reader did not mean, and never throws', () => {
    expect(typedDay('2027-01-29')).toBe('29 January 2027');
    // What the day, month and year boxes hand on while they do not make a date (year-month-day, unpadded).
    const unfinished = ['2026-2-30', '2026-02-30', '20-2-30', '2026-12-', '--5'];
    expect(unfinished.map(typedDay)).toEqual(unfinished.map((typed) => `${typed} (not a real date)`));
  });

  it('writes an instant as "3 November 2026 at 2:05pm"', () => {
    // The instant is shown in the reader's own zone; built from local parts so the test holds in any zone.
    const local = new Date(2026, 10, 3, 14, 5).toISOString();
    expect(instant(local)).toBe('3 November 2026 at 2:05pm');
    expect(instant(new Date(2026, 0, 9, 9, 30).toISOString())).toBe('9 January 2026 at 9:30am');
  });

  it('writes a month as "November 2026", and a day inside a named month as "3 November"', () => {
    expect(month('2026-11')).toBe('November 2026');
    expect(month('2026-04-15')).toBe('April 2026');
    expect(dayOfMonth('2026-11-03')).toBe('3 November');
  });

  it('is the same format the plain words use in sentences', () => {
    expect(datesInWords('since 2026-11-02')).toBe(`since ${day('2026-11-02')}`);
    expect(historySentence({ at: '2026-11-03T12:00:00.000Z', userName: 'Alex Rowan', action: 'create', entity: 'item', before: null, after: {} }, () => 'W1'))
      .toBe(`Alex Rowan added this item on ${day('2026-11-03')}.`);
  });
});
