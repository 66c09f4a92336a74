/** The words the dashboard uses for engagement values (the API sends codes). */
export { CHANNEL_WORDS } from '../../../server/domain/engagement-words.ts';
export const AUDIENCE_WORDS = { employees: 'Employees', managers: 'Managers', both: 'Employees and managers', group: 'A named group' } as const;
export const ACTIVITY_STATUS_WORDS = { planned: 'Planned', done: 'Done', cancelled: 'Cancelled' } as const;
export const QUESTION_CHANNEL_WORDS = {
  briefing: 'Briefing', floorwalker: 'Floorwalker', helpline: 'Helpline', email: 'E-mail', intranet: 'Intranet', other: 'Other',
} as const;
export const QUESTION_STATUS_WORDS = { open: 'Open', answered: 'Answered', closed: 'Closed' } as const;

export const word = <T extends Record<string, string>>(words: T, code: string): string => (words as Record<string, string>)[code] ?? code;

/** "14 days before go-live", "on go-live day", "3 days after go-live", or the fixed date. */
export function whenWords(a: { dateMode: string; offsetDays: number | null }): string {
  if (a.dateMode === 'fixed' || a.offsetDays === null) return 'fixed date';
  if (a.offsetDays === 0) return 'on go-live day';
  const n = Math.abs(a.offsetDays);
  return `${n} day${n === 1 ? '' : 's'} ${a.offsetDays < 0 ? 'before' : 'after'} go-live`;
}
