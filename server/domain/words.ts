/**
 * The words people see for the codes the API sends: one list for the dashboard, the board report and the
 * exports' headers. Codes stay in the API and the database; these are only how they read.
 */
export const ITEM_STATUS_WORDS = {
  not_scheduled: 'Not scheduled', planned: 'Planned', ready: 'Ready', live: 'Live', deferred: 'Deferred', cancelled: 'Cancelled',
} as const;
export const WAVE_STATUS_WORDS = { planned: 'Planned', in_progress: 'In progress', closed: 'Closed' } as const;
export const RAG_WORDS = { red: 'Red', amber: 'Amber', green: 'Green' } as const;
export const DECISION_WORDS = { go: 'Go', no_go: 'No-go', go_override: 'Go, overriding the proposal' } as const;
export const CRITERION_STATUS_WORDS = { met: 'Met', at_risk: 'At risk', not_met: 'Not met', missing: 'No reading yet', not_due: 'Not yet due' } as const;
/** What a number in each unit is, said after the number ("45 days"). */
export const UNIT_WORDS = {
  percent: '%', score: 'out of 5', count: '', ratio: 'per 100 staff', days: 'days', people: 'people',
} as const;
/** How a criterion's target reads, by unit: "people" targets are shares of the eligible staff. */
export const UNIT_TARGET_SUFFIX = {
  percent: '%', score: ' out of 5', count: '', ratio: ' per 100 staff', days: ' days', people: '% of eligible staff',
} as const;

/** The word for a code, or the code itself with underscores as spaces when the list does not know it. */
export function wordFor(words: Record<string, string>, code: string): string {
  return words[code] ?? code.replace(/_/g, ' ');
}

/** "at least 85%", "at most 0", "at least 60% of eligible staff". */
export function targetWords(c: { direction: string; target: number; unit: string }): string {
  const suffix = (UNIT_TARGET_SUFFIX as Record<string, string>)[c.unit] ?? ` ${c.unit}`;
  return `${c.direction === 'higher' ? 'at least' : 'at most'} ${c.target}${suffix}`;
}

/** A value as entered with its unit: "45%", "3 out of 5", "120 people". */
export function valueWords(value: number, unit: string): string {
  const text = value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  const u = (UNIT_WORDS as Record<string, string>)[unit] ?? unit;
  if (u === '') return text;
  return u === '%' ? `${text}%` : `${text} ${u}`;
}
