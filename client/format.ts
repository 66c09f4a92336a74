import { format, parseISO } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';

/** A calendar day for people: 15 Jun 2026. */
export function day(iso: string | null | undefined): string {
  return iso ? format(parseISO(iso), 'd MMM yyyy', { locale: enGB }) : '—';
}

/** An instant for people, in their time zone: 15 Jun 2026, 09:30. */
export function instant(iso: string): string {
  return format(new Date(iso), 'd MMM yyyy, HH:mm', { locale: enGB });
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
