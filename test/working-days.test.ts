import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { bankHolidays, loadHolidayCalendars, workingCalendar } from '../server/domain/working-days.ts';

/** Bank holidays on working days as published on gov.uk/bank-holidays for each nation. */
const PUBLISHED: Record<string, Record<number, string[]>> = {
  'england-wales': {
    2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
    2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
    2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  },
  scotland: {
    2020: ['2020-01-01', '2020-01-02', '2020-04-10', '2020-05-08', '2020-05-25', '2020-08-03', '2020-11-30', '2020-12-25', '2020-12-28'],
    2022: ['2022-01-03', '2022-01-04', '2022-04-15', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-01', '2022-09-19', '2022-11-30', '2022-12-26', '2022-12-27'],
    2026: ['2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28'],
  },
  'northern-ireland': {
    2020: ['2020-01-01', '2020-03-17', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-07-13', '2020-08-31', '2020-12-25', '2020-12-28'],
    2023: ['2023-01-02', '2023-03-17', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-07-12', '2023-08-28', '2023-12-25', '2023-12-26'],
    2026: ['2026-01-01', '2026-03-17', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-07-13', '2026-08-31', '2026-12-25', '2026-12-28'],
  },
};

describe('bank holidays per nation', () => {
  for (const [region, years] of Object.entries(PUBLISHED)) {
    for (const [year, days] of Object.entries(years)) {
      it(`${region} ${year}: the published weekday holidays, and no other weekday`, () => {
        const calendar = workingCalendar(region as never);
        const weekdayHolidays = [...bankHolidays(region as never, Number(year)).keys()].filter((d) => !calendar.isWeekend(d)).sort();
        expect(weekdayHolidays).toEqual(days);
        for (const d of days) expect(calendar.isWorkingDay(d)).toBe(false);
      });
    }
  }

  it('names the holiday, substitute days included', () => {
    expect(workingCalendar('england-wales').holidayOn('2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(workingCalendar('scotland').holidayOn('2026-11-30')).toBe('St Andrew’s Day');
    expect(workingCalendar('england-wales').holidayOn('2026-11-30')).toBeNull();
  });

  it('the server reads each nation’s holidays of the years around today before it listens', () => {
    expect(loadHolidayCalendars(2026, 1)).toEqual([
      'england-wales 2025', 'england-wales 2026', 'england-wales 2027', 'scotland 2025', 'scotland 2026', 'scotland 2027',
      'northern-ireland 2025', 'northern-ireland 2026', 'northern-ireland 2027',
    ]);
    expect(bankHolidays('northern-ireland', 2027).get('2027-03-17')).toBe('St Patrick’s Day');
  });

  it('a calendar of several regions avoids the holidays of each', () => {
    const both = workingCalendar(['england-wales', 'northern-ireland']);
    expect(both.isWorkingDay('2026-03-17')).toBe(false);
    expect(both.isWorkingDay('2026-08-31')).toBe(false);
    expect(workingCalendar('scotland').isWorkingDay('2026-08-31')).toBe(true);
  });
});

describe('working-day arithmetic', () => {
  const ew = workingCalendar('england-wales');

  it('steps over weekends and bank holidays, forwards and backwards', () => {
    expect(ew.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29'); // Christmas Friday, weekend, Boxing Day substitute
    expect(ew.addWorkingDays('2026-12-29', -1)).toBe('2026-12-24');
    expect(ew.addWorkingDays('2026-04-02', 2)).toBe('2026-04-08'); // Good Friday and Easter Monday skipped
    expect(ew.addWorkingDays('2026-04-08', -5)).toBe('2026-03-30');
    expect(ew.addWorkingDays('2026-05-01', 0)).toBe('2026-05-01');
  });

  it('counts working days between two days', () => {
    expect(ew.workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1);
    expect(ew.workingDaysBetween('2026-12-29', '2026-12-24')).toBe(-1);
    expect(ew.workingDaysBetween('2026-06-01', '2026-06-01')).toBe(0);
    expect(ew.workingDaysBetween('2026-05-29', '2026-06-01')).toBe(1);
  });

  it('counts the same as walking day by day, for any two days and any set of regions, and over centuries', () => {
    const walked = (calendar: ReturnType<typeof workingCalendar>, from: string, to: string) => {
      let count = 0;
      for (let at = calendar.addCalendarDays(from, 1); at <= to; at = calendar.addCalendarDays(at, 1)) if (calendar.isWorkingDay(at)) count += 1;
      return count;
    };
    const dayOf = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    const regions = fc.subarray(['england-wales', 'scotland', 'northern-ireland'] as const);
    fc.assert(fc.property(dayOf, fc.integer({ min: 0, max: 800 }), regions, (from, span, list) => {
      const calendar = workingCalendar([...list]);
      const to = calendar.addCalendarDays(from, span);
      expect(calendar.workingDaysBetween(from, to)).toBe(walked(calendar, from, to));
      expect(calendar.workingDaysBetween(to, from)).toBe(0 - walked(calendar, from, to) || 0); // never -0
    }), { numRuns: 300 });
    // Three centuries in one count (the widest dates the API accepts) are the sum of their years.
    let years = 0;
    for (let year = 1900; year <= 2199; year += 1) years += ew.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`);
    expect(ew.workingDaysBetween('1899-12-31', '2199-12-31')).toBe(years);
    expect(years).toBeGreaterThan(300 * 250);
  });

  it('moves a day off a weekend or holiday to the working day before', () => {
    expect(ew.onOrBefore('2026-12-28')).toBe('2026-12-24');
    expect(ew.onOrBefore('2026-05-25')).toBe('2026-05-22');
    expect(ew.onOrBefore('2026-05-26')).toBe('2026-05-26');
    expect(workingCalendar('scotland').onOrBefore('2026-08-03')).toBe('2026-07-31');
  });

  describe('whatever the server’s time zone, across the clock changes', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });
    const answers = () => [
      ew.addWorkingDays('2026-03-27', 1), ew.addWorkingDays('2026-10-23', 1), ew.addWorkingDays('2026-03-30', -1),
      ew.workingDaysBetween('2026-03-20', '2026-04-10'), ew.calendarDaysBetween('2026-03-28', '2026-03-30'),
      ew.calendarDaysBetween('2026-10-24', '2026-10-26'), ew.addCalendarDays('2026-03-29', 1), ew.onOrBefore('2026-10-25'),
      ew.isWeekend('2026-03-29'), ew.isWeekend('2026-10-26'),
    ];
    const expected = ['2026-03-30', '2026-10-26', '2026-03-27', 13, 2, 2, '2026-03-30', '2026-10-23', true, false];
    for (const zone of ['Europe/London', 'UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
      it(zone, () => {
        process.env.TZ = zone;
        expect(answers()).toEqual(expected);
      });
    }
  });
});
