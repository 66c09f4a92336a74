import type { ItemStatus } from '../../db/schema.ts';
import type { ErrorDetail } from '../../http/errors.ts';
import { dayWords } from '../../domain/date-words.ts';

/** The parts of an item its consistency rules look at. */
export interface ItemShape {
  waveId: number | null;
  plannedDateOverride: string | null;
  actualGoLive: string | null;
  status: ItemStatus;
}

const NEEDS_WAVE: ItemStatus[] = ['planned', 'ready', 'live'];

/**
 * The status rules of a rollout item, in one place:
 * - planned, ready and live items belong to a wave; a not-scheduled item belongs to none;
 * - an item has an actual go-live date exactly when it is live, and that date is not in the future;
 * - an item's own planned date only makes sense inside a wave.
 */
export function itemProblems(item: ItemShape, today: string, prefix = ''): ErrorDetail[] {
  const field = (name: string): string => (prefix ? `${prefix}/${name}` : name);
  const problems: ErrorDetail[] = [];
  if (NEEDS_WAVE.includes(item.status) && item.waveId === null) {
    problems.push({ field: field('waveId'), message: `is needed for an item that is ${item.status.replace('_', ' ')}` });
  }
  if (item.status === 'not_scheduled' && item.waveId !== null) {
    problems.push({ field: field('status'), message: 'cannot be not_scheduled while the item is in a wave; use planned' });
  }
  if (item.status === 'live' && item.actualGoLive === null) {
    problems.push({ field: field('actualGoLive'), message: 'is needed to mark an item live' });
  }
  if (item.status !== 'live' && item.actualGoLive !== null) {
    problems.push({ field: field('actualGoLive'), message: 'can only be set on a live item' });
  }
  if (item.actualGoLive !== null && item.actualGoLive > today) {
    problems.push({ field: field('actualGoLive'), message: `cannot be in the future (today is ${dayWords(today)})` });
  }
  if (item.plannedDateOverride !== null && item.waveId === null) {
    problems.push({ field: field('plannedDateOverride'), message: 'needs a wave: put the item in a wave first' });
  }
  return problems;
}

/** The status an item takes when it is (re)assigned and nothing else is said. */
export function defaultStatus(waveId: number | null, current?: ItemStatus): ItemStatus {
  if (waveId === null) return current === 'deferred' || current === 'cancelled' ? current : 'not_scheduled';
  return current === undefined || current === 'not_scheduled' ? 'planned' : current;
}

/** What a council lead may change on an item: its note, and its status between planned and ready. */
const LEAD_FIELDS = new Set(['status', 'note']);
const LEAD_STATUSES: ItemStatus[] = ['planned', 'ready'];

/**
 * Field-level refusals for a council lead's change to an item of their own council
 * (whose council it is is checked before this). Empty when the lead may make the change.
 */
export function leadRefusals(current: ItemStatus, input: Record<string, unknown>): ErrorDetail[] {
  const refusals: ErrorDetail[] = [];
  for (const field of Object.keys(input)) {
    if (!LEAD_FIELDS.has(field)) refusals.push({ field, message: 'only the programme office can change this' });
  }
  const status = input.status as ItemStatus | undefined;
  if (status !== undefined && status !== current) {
    if (!LEAD_STATUSES.includes(status)) refusals.push({ field: 'status', message: `a council lead can set planned or ready; ${status.replace('_', ' ')} is for the programme office` });
    else if (!LEAD_STATUSES.includes(current)) refusals.push({ field: 'status', message: `the item is ${current.replace('_', ' ')}; only the programme office can change that` });
  }
  return refusals;
}
