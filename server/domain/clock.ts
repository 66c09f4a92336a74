import { formatISO } from 'date-fns';

/** The source of "now". Tests pass a fixed clock; production uses the system clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A UTC instant for created/updated/approved stamps. */
export function instant(clock: Clock): string {
  return clock().toISOString();
}

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * A date as its calendar day, YYYY-MM-DD, in the server's time zone: what date-fns' formatISO writes. Written here
 * for years of four digits, since every read model asks which day today is (a cache lookup per council on a pass of
 * the programme), and formatISO took 2 µs a time; other years, and an invalid date (a RangeError), are left to it.
 */
export const isoDay = (date: Date): string => {
  const year = date.getFullYear();
  if (!(year >= 1000 && year <= 9999)) return formatISO(date, { representation: 'date' });
  return `${year}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
};

/** Today's calendar day, YYYY-MM-DD, in the server's time zone. */
export function today(clock: Clock): string {
  return isoDay(clock());
}
