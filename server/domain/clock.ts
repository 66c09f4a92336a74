import { formatISO } from 'date-fns';

/** The source of "now". Tests pass a fixed clock; production uses the system clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A UTC instant for created/updated/approved stamps. */
export function instant(clock: Clock): string {
  return clock().toISOString();
}

/** A date as its calendar day, YYYY-MM-DD, in the server's time zone. */
export const isoDay = (date: Date): string => formatISO(date, { representation: 'date' });

/** Today's calendar day, YYYY-MM-DD, in the server's time zone. */
export function today(clock: Clock): string {
  return isoDay(clock());
}
