import type { RaidScope, RaidType } from '../../db/schema.ts';
import type { ErrorDetail } from '../../http/errors.ts';

/** A risk at or above this score (likelihood × impact) is escalated: on the overview and to its owner. */
export const ESCALATION_SCORE = 15;

/** The parts of an entry its rules look at, after an update is applied. */
export interface EntryShape {
  type: RaidType;
  scope: RaidScope;
  councilId: number | null;
  waveId: number | null;
  featureId: number | null;
  itemId: number | null;
  ownerUserId: number | null;
  ownerName: string;
  likelihood: number | null;
  impact: number | null;
  proximity: string | null;
  response: string | null;
  validateBy: string | null;
}

/** Which link each scope needs; every other link must be absent. */
const SCOPE_LINK: Record<RaidScope, 'councilId' | 'waveId' | 'featureId' | 'itemId' | null> = {
  programme: null, council: 'councilId', wave: 'waveId', feature: 'featureId', item: 'itemId',
};

/** Exactly one owner: a user of the product, or a named external contact. */
export function ownerProblems(owner: { ownerUserId: number | null; ownerName: string }): ErrorDetail[] {
  const hasUser = owner.ownerUserId !== null;
  const hasName = owner.ownerName.trim() !== '';
  if (hasUser && hasName) return [{ field: 'ownerName', message: 'give either ownerUserId (a user) or ownerName (an external contact), not both' }];
  if (!hasUser && !hasName) return [{ field: 'ownerUserId', message: 'every entry and action has an owner: give ownerUserId (a user) or ownerName (an external contact)' }];
  return [];
}

/**
 * The rules of a RAID entry, in one place:
 * - the scope names exactly the link it needs (council, wave, feature or item) and no other;
 * - a risk has likelihood and impact (1–5), a proximity and a response; other types have none of these;
 * - an assumption has a validate-by date; other types have none;
 * - exactly one owner.
 */
export function entryProblems(entry: EntryShape, given: { councilId?: number; waveId?: number; featureId?: number; itemId?: number }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const needed = SCOPE_LINK[entry.scope];
  for (const link of ['councilId', 'waveId', 'featureId', 'itemId'] as const) {
    if (link === needed && given[link] === undefined) problems.push({ field: link, message: `a ${entry.scope} entry names its ${link.replace('Id', '')}` });
    if (link !== needed && given[link] !== undefined) problems.push({ field: link, message: `a ${entry.scope} entry names no ${link.replace('Id', '')}` });
  }
  if (entry.type === 'risk') {
    for (const field of ['likelihood', 'impact', 'proximity', 'response'] as const) {
      if (entry[field] === null) problems.push({ field, message: 'a risk needs likelihood and impact (1–5), proximity and response' });
    }
  } else {
    for (const field of ['likelihood', 'impact', 'proximity', 'response'] as const) {
      if (entry[field] !== null) problems.push({ field, message: `only risks have ${field}` });
    }
  }
  if (entry.type === 'assumption' && entry.validateBy === null) problems.push({ field: 'validateBy', message: 'an assumption names the day by which it is validated' });
  if (entry.type !== 'assumption' && entry.validateBy !== null) problems.push({ field: 'validateBy', message: 'only assumptions have a validate-by date' });
  return [...problems, ...ownerProblems(entry)];
}

export const riskScore = (e: { likelihood: number | null; impact: number | null }): number | null =>
  e.likelihood !== null && e.impact !== null ? e.likelihood * e.impact : null;

/** Open and past its due or review date, or (assumptions) past the day it should have been validated. */
export function entryOverdue(e: { status: string; dueDate: string; validateBy: string | null }, asOf: string): boolean {
  return e.status === 'open' && (e.dueDate < asOf || (e.validateBy !== null && e.validateBy < asOf));
}

/** An action's state on a day: open if raised by then and not closed by then. */
export function actionStateOn(a: { status: string; raisedOn: string; closedOn: string | null }, day: string): 'open' | 'done' | 'cancelled' | 'not_raised' {
  if (a.raisedOn > day) return 'not_raised';
  if (a.closedOn === null || a.closedOn > day) return 'open';
  return a.status === 'cancelled' ? 'cancelled' : 'done';
}

export const actionOverdue = (a: { status: string; raisedOn: string; closedOn: string | null; dueDate: string }, day: string): boolean =>
  actionStateOn(a, day) === 'open' && a.dueDate < day;

/** "No action recorded", or how many actions are open and who owns them. */
export function actionSummary(open: Array<{ owner: string }>): string {
  if (open.length === 0) return 'No action recorded';
  const owners = [...new Set(open.map((a) => a.owner))];
  return `${open.length} open action${open.length === 1 ? '' : 's'}: ${owners.join(', ')}`;
}

/** A 5×5 grid of counts: cells[likelihood - 1][impact - 1]. */
export function heatMap(risks: Array<{ likelihood: number | null; impact: number | null }>): { cells: number[][]; total: number } {
  const cells = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  let total = 0;
  for (const r of risks) {
    if (r.likelihood === null || r.impact === null) continue;
    cells[r.likelihood - 1]![r.impact - 1]! += 1;
    total += 1;
  }
  return { cells, total };
}
