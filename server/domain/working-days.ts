import { tz } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, getDate, getDay, getDaysInMonth, parseISO } from 'date-fns';
import Holidays from 'date-holidays';
import { REGIONS, type Region } from '../db/schema.ts';

/**
 * Working days, one module for the whole product (docs/timeline.md, ADR 0012):
 * a working day is Monday to Friday and not a public or bank holiday of the region(s) asked about.
 * Holidays come from the maintained `date-holidays` package (England and Wales, Scotland, Northern Ireland,
 * substitute days included). Every day is a `YYYY-MM-DD` string and every step is taken in UTC, so
 * nothing depends on the server's time zone or on British Summer Time.
 */

const UTC = tz('UTC');
const day = (iso: string) => parseISO(iso, { in: UTC });
const iso = (date: Date) => format(date, 'yyyy-MM-dd', { in: UTC });

/** The nation's code in date-holidays: Wales shares England's bank holidays. */
const STATE: Record<Region, string> = { 'england-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };

export const REGION_NAMES: Record<Region, string> = {
  'england-wales': 'England and Wales', scotland: 'Scotland', 'northern-ireland': 'Northern Ireland',
};

/** The holidays of one region and year never change once computed: each is built once per process. */
const holidaysByRegionYear = new Map<string, ReadonlyMap<string, string>>();

/** The public and bank holidays of a region in a year, day → name (weekend dates of the calendar included). */
export function bankHolidays(region: Region, year: number): ReadonlyMap<string, string> {
  const key = `${region}|${year}`;
  let found = holidaysByRegionYear.get(key);
  if (!found) {
    const source = new Holidays('GB', STATE[region]);
    found = new Map(source.getHolidays(year)
      .filter((h) => h.type === 'public' || h.type === 'bank')
      .map((h) => [h.date.slice(0, 10), h.name] as const));
    holidaysByRegionYear.set(key, found);
  }
  return found;
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

export interface WorkingCalendar {
  readonly regions: readonly Region[];
  /** The holiday's name when the day is a holiday in any of the regions, else null. */
  holidayOn(day: string): string | null;
  isWeekend(day: string): boolean;
  isWorkingDay(day: string): boolean;
  /** `n` working days after `from` (before it when negative); `from` itself never counts. */
  addWorkingDays(from: string, n: number): string;
  /** Working days after `from` up to and including `to` (0 on the same day; negative when `to` is earlier). */
  workingDaysBetween(from: string, to: string): number;
  /** The day itself when it is a working day, else the working day before it. */
  onOrBefore(day: string): string;
  /** Calendar days from `from` to `to` (positive when `to` is later). */
  calendarDaysBetween(from: string, to: string): number;
  /** `n` calendar days after `from`. */
  addCalendarDays(from: string, n: number): string;
}

const calendars = new Map<string, WorkingCalendar>();

/** The calendar of one or more regions: a day is a working day only if it is one in every region named. */
export function workingCalendar(regions: readonly Region[] | Region = 'england-wales'): WorkingCalendar {
  const list = [...new Set(typeof regions === 'string' ? [regions] : regions.length ? regions : ['england-wales' as Region])].sort();
  const key = list.join('+');
  const known = calendars.get(key);
  if (known) return known;

  const holidayOn = (d: string): string | null => {
    const year = Number(d.slice(0, 4));
    for (const region of list) {
      const name = bankHolidays(region, year).get(d);
      if (name) return name;
    }
    return null;
  };
  const isWeekend = (d: string) => {
    const weekday = getDay(day(d), { in: UTC });
    return weekday === 0 || weekday === 6;
  };
  const isWorkingDay = (d: string) => !isWeekend(d) && holidayOn(d) === null;
  const step = (d: string, by: number) => iso(addDays(day(d), by, { in: UTC }));

  const calendar: WorkingCalendar = {
    regions: list,
    holidayOn,
    isWeekend,
    isWorkingDay,
    addWorkingDays(from, n) {
      let at = from;
      let left = Math.abs(n);
      const by = n < 0 ? -1 : 1;
      while (left > 0) {
        at = step(at, by);
        if (isWorkingDay(at)) left -= 1;
      }
      return at;
    },
    workingDaysBetween(from, to) {
      if (to < from) return -calendar.workingDaysBetween(to, from);
      let count = 0;
      for (let at = step(from, 1); at <= to; at = step(at, 1)) if (isWorkingDay(at)) count += 1;
      return count;
    },
    onOrBefore(d) {
      let at = d;
      while (!isWorkingDay(at)) at = step(at, -1);
      return at;
    },
    calendarDaysBetween(from, to) {
      return differenceInCalendarDays(day(to), day(from), { in: UTC });
    },
    addCalendarDays: step,
  };
  calendars.set(key, calendar);
  return calendar;
}

/** Day of month and days in that month, in UTC (for blackouts that repeat monthly). */
export function dayOfMonth(d: string): { date: number; daysInMonth: number } {
  const at = day(d);
  return { date: getDate(at, { in: UTC }), daysInMonth: getDaysInMonth(at, { in: UTC }) };
}

/** A wave's go/no-go review falls this many working days before its planned go-live. */
export const GATE_REVIEW_WORKING_DAYS = 5;

/** The day of a wave's go/no-go review, on the programme office's working days. */
export function gateReviewOn(goLive: string, office: WorkingCalendar): string {
  return office.addWorkingDays(goLive, -GATE_REVIEW_WORKING_DAYS);
}
