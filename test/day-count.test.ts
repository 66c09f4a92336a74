/** Calendar days between ISO days, counted without Dates in local time, agree with date-fns on any pair of days. */
import { differenceInCalendarDays, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, epochDay } from '../server/domain/day-count.ts';

const isoDay = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('counting calendar days', () => {
  it('agrees with differenceInCalendarDays(parseISO(a), parseISO(b)) for any two days, across leap years and clock changes', () => {
    fc.assert(fc.property(isoDay, isoDay, (a, b) => {
      expect(calendarDaysBetween(a, b)).toBe(differenceInCalendarDays(parseISO(a), parseISO(b)));
    }), { numRuns: 2000 });
  });

  it('counts the days the UK clocks change and leap days as one day each', () => {
    expect(calendarDaysBetween('2026-03-30', '2026-03-28')).toBe(2);
    expect(calendarDaysBetween('2026-10-26', '2026-10-24')).toBe(2);
    expect(calendarDaysBetween('2028-03-01', '2028-02-28')).toBe(2);
    expect(calendarDaysBetween('2026-01-01', '2027-01-01')).toBe(-365);
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2026-12-02')).toBe(20_789);
  });
});
