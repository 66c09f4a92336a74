import { format, isValid, parseISO } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';

/*
 * Dates inside what the server writes for people (notification e-mails and digests, the board report, reasons,
 * descriptions, calendar entries), in the one style the dashboard uses (client/format.ts, the GOV.UK style
 * guide): "3 November 2026", months in full, no leading zero, no day name. The API's own fields stay ISO.
 */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const en = { locale: enGB };

/** An ISO calendar day (or the day of a UTC instant) in words: "3 November 2026". Text that is no date comes back as it was. */
export function dayWords(iso: string): string {
  // Readiness reasons name a day for every criterion of every item, and the same few days recur: remember them.
  const known = written.get(iso);
  if (known !== undefined) return known;
  const date = ISO_DAY.test(iso) ? parseISO(iso) : ISO_DAY.test(iso.slice(0, 10)) ? parseISO(iso.slice(0, 10)) : undefined;
  const words = date && isValid(date) ? format(date, 'd MMMM yyyy', en) : iso;
  if (written.size >= WRITTEN_LIMIT) written.clear();
  written.set(iso, words);
  return words;
}
const written = new Map<string, string>();
const WRITTEN_LIMIT = 5000;

/** A month in words, from "2026-11" or any ISO day in it: "November 2026". */
export function monthWords(isoMonth: string): string {
  const date = parseISO(`${isoMonth.slice(0, 7)}-01`);
  return isValid(date) ? format(date, 'MMMM yyyy', en) : isoMonth;
}
