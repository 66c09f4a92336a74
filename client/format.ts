import { format, isValid, parseISO } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';

/*
 * Dates on screen, in one style (the GOV.UK style guide): "3 November 2026", months written in full, no
 * leading zero, no day name; times as "2:05pm". Every page formats dates through these helpers, never by hand.
 */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const en = { locale: enGB };

/** A calendar day for people: 3 November 2026 (an ISO day; for an instant, its day where the reader is). '—' for none. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  return format(ISO_DAY.test(iso) ? parseISO(iso) : new Date(iso), 'd MMMM yyyy', en);
}

/**
 * A day as typed into a form, for people: in words when it is a real day, else as typed and said so. A half-typed
 * date (the day, month and year boxes pass on what they hold) never throws.
 */
export function typedDay(value: unknown): string {
  const text = String(value);
  return ISO_DAY.test(text) && isValid(parseISO(text)) ? day(text) : `${text} (not a real date)`;
}

/** An instant for people, in their own time zone: 3 November 2026 at 2:05pm. */
export function instant(iso: string): string {
  return format(new Date(iso), "d MMMM yyyy 'at' h:mmaaa", en);
}

/** A month for people: November 2026 (from 2026-11 or any ISO day in it). */
export function month(isoMonth: string): string {
  return format(parseISO(`${isoMonth.slice(0, 7)}-01`), 'MMMM yyyy', en);
}

/** A month on a chart's axis, where space is short: Nov 2026. Everywhere else, `month`. */
export function monthOnAxis(isoMonth: string): string {
  return format(parseISO(`${isoMonth.slice(0, 7)}-01`), 'MMM yyyy', en);
}

/** A day within a month already named nearby (a calendar's cell): 3 November. */
export function dayOfMonth(iso: string): string {
  return format(parseISO(iso), 'd MMMM', en);
}

/** Today as an ISO day in the person's own time zone (for comparing with ISO days from the API). */
export function todayIso(): string {
  return format(new Date(), 'yyyy-MM-dd');
}

export const number = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-GB', { maximumFractionDigits: digits });

export const percent = (part: number, whole: number): string => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');

/** "12 days late", "3 days early", "on plan". */
export function slippage(days: number | null): string {
  if (days === null) return '—';
  if (days === 0) return 'on plan';
  return `${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'} ${days > 0 ? 'late' : 'early'}`;
}

const STATUS_WORDS: Record<string, string> = {
  not_scheduled: 'Not scheduled', planned: 'Planned', ready: 'Ready', live: 'Live', deferred: 'Deferred', cancelled: 'Cancelled',
  in_progress: 'In progress', closed: 'Closed',
};
export const statusWord = (status: string): string => STATUS_WORDS[status] ?? status;

/** Where a colour sorts: red first when a colour column sorts ascending, because it needs attention first. */
export const ragRank = (rag: string): number | null => ({ red: 0, amber: 1, green: 2 } as Record<string, number>)[rag] ?? null;
