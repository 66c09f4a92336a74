import { tz } from '@date-fns/tz';
import { differenceInCalendarDays, getDate, getDaysInMonth, parseISO } from 'date-fns';
import Holidays from 'date-holidays';
import { REGIONS, type Region } from '../db/schema.ts';
import { epochDay } from './day-count.ts';

/**
 * Working days, one module for the whole product (docs/timeline.md, ADR 0012):
 * a working day is Monday to Friday and not a public or bank holiday of the region(s) asked about.
 * Holidays come from the maintained `date-holidays` package (England and Wales, Scotland, Northern Ireland,
 * substitute days included). Every day is a `YYYY-MM-DD` string and every step is taken in UTC, so
 * nothing depends on the server's time zone or on British Summer Time.
 */

const UTC = tz('UTC');
const day = (iso: string) => parseISO(iso, { in: UTC });

/** The nation's code in date-holidays: Wales shares England's bank holidays. */
const STATE: Record<Region, string> = { 'england-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };

export const REGION_NAMES: Record<Region, string> = {
  'england-wales': 'England and Wales', scotland: 'Scotland', 'northern-ireland': 'Northern Ireland',
};

/** The holidays of one region and year never change once computed: each is built once per process. */
const holidaysByRegionYear = new Map<string, ReadonlyMap<string, string>>();
/** date-holidays reads its rules when a calendar is made: one per region. */
const sources = new Map<Region, Holidays>();

/** The public and bank holidays of a region in a year, day → name (weekend dates of the calendar included). */
export function bankHolidays(region: Region, year: number): ReadonlyMap<string, string> {
  const key = `${region}|${year}`;
  let found = holidaysByRegionYear.get(key);
  if (!found) {
    let source = sources.get(region);
    if (!source) sources.set(region, source = new Holidays('GB', STATE[region]));
    found = new Map(source.getHolidays(year)
      .filter((h) => h.type === 'public' || h.type === 'bank')
      .map((h) => [h.date.slice(0, 10), h.name] as const));
    holidaysByRegionYear.set(key, found);
  }
  return found;
}

/**
 * Reads every region's holidays for `around` years either side of `year`, once. The server calls it before it
 * listens: date-holidays' first reading in a process takes about 100 ms in one piece, which would otherwise block
 * the event loop in the first request that needs a holiday (docs/performance.md, "Event-loop stalls").
 */
export function loadHolidayCalendars(year: number, around = 2): string[] {
  const loaded: string[] = [];
  for (const region of REGIONS) {
    for (let y = year - around; y <= year + around; y += 1) {
      bankHolidays(region, y);
      loaded.push(`${region} ${y}`);
    }
  }
  return loaded;
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

/** Monday 1970-01-05, as an epoch day. */
const A_MONDAY = 4;
/**
 * Weekdays up to and including an epoch day, counted from a fixed Monday (negative before it): the weekdays in
 * (a, b] are weekdaysThrough(b) − weekdaysThrough(a).
 */
export function weekdaysThrough(n: number): number {
  const weeks = Math.floor((n - A_MONDAY) / 7);
  const intoWeek = n - A_MONDAY - weeks * 7; // 0 = Monday … 6 = Sunday
  return weeks * 5 + Math.min(intoWeek + 1, 5);
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
    const weekday = (((epochDay(d) + 4) % 7) + 7) % 7; // 0 = Sunday, as 1970-01-01 was a Thursday
    return weekday === 0 || weekday === 6;
  };
  const isWorkingDay = (d: string) => !isWeekend(d) && holidayOn(d) === null;
  // By arithmetic on UTC days: date-fns with a time zone costs a fraction of a millisecond a step.
  const step = (d: string, by: number) => new Date((epochDay(d) + by) * 86_400_000).toISOString().slice(0, 10);

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
      if (to === from) return 0;
      if (to < from) return -calendar.workingDaysBetween(to, from) || 0; // || 0: never -0
      // Counted, not walked: weekdays by arithmetic, less the holidays on weekdays in the range (each day once,
      // however many regions keep it). A range of centuries costs its holidays, not its days.
      const holidays = new Set<string>();
      for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) {
        for (const region of list) {
          for (const d of bankHolidays(region, year).keys()) if (d > from && d <= to && !isWeekend(d)) holidays.add(d);
        }
      }
      return weekdaysThrough(epochDay(to)) - weekdaysThrough(epochDay(from)) - holidays.size;
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
