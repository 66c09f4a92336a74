import { TZDate } from '@date-fns/tz';

/**
 * When the scheduled jobs run, as instants, from a local time of day in a time zone (Europe/London by default):
 * "Monday 08:00" is 08:00 GMT in winter and 08:00 BST (07:00 UTC) in summer. The time-zone rules come from
 * @date-fns/tz (the platform's IANA database); nothing here counts hours by hand.
 */
const parts = (time: string): [number, number] => {
  const [h, m] = time.split(':').map(Number);
  return [h!, m!];
};

/** The local calendar day of an instant in a time zone, YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  const local = new TZDate(at.getTime(), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of an instant, locally. */
export function localWeekday(at: Date, timeZone: string): number {
  const day = new TZDate(at.getTime(), timeZone).getDay();
  return day === 0 ? 7 : day;
}

/** The instant of a local day (its year, month, day, possibly past month end) at a local time. */
function at(year: number, month: number, day: number, time: string, timeZone: string): Date {
  const [h, m] = parts(time);
  return new Date(new TZDate(year, month, day, h, m, 0, 0, timeZone).getTime());
}

/** The first instant strictly after `after` that falls on the ISO weekday at the local time. */
export function nextWeekly(after: Date, isoWeekday: number, time: string, timeZone: string): Date {
  const local = new TZDate(after.getTime(), timeZone);
  const today = local.getDay() === 0 ? 7 : local.getDay();
  const ahead = (isoWeekday - today + 7) % 7;
  for (const extra of [ahead, ahead + 7]) {
    const candidate = at(local.getFullYear(), local.getMonth(), local.getDate() + extra, time, timeZone);
    if (candidate > after) return candidate;
  }
  throw new Error('unreachable');
}

/** The first instant strictly after `after` at the local time of day. */
export function nextDaily(after: Date, time: string, timeZone: string): Date {
  const local = new TZDate(after.getTime(), timeZone);
  const candidate = at(local.getFullYear(), local.getMonth(), local.getDate(), time, timeZone);
  return candidate > after ? candidate : at(local.getFullYear(), local.getMonth(), local.getDate() + 1, time, timeZone);
}

/** The first instant strictly after `after` on the first day of a month at the local time. */
export function nextMonthly(after: Date, time: string, timeZone: string): Date {
  const local = new TZDate(after.getTime(), timeZone);
  const candidate = at(local.getFullYear(), local.getMonth(), 1, time, timeZone);
  return candidate > after ? candidate : at(local.getFullYear(), local.getMonth() + 1, 1, time, timeZone);
}
