import type { CommsAudience } from '../../db/schema.ts';
import type { ErrorDetail } from '../../http/errors.ts';
import { dayWords } from '../../domain/date-words.ts';

/** The readiness criterion that communications reach feeds (its code in the catalogue, as in the demo). */
export const COMMS_REACH_CRITERION = 'COMMS';

/** An activity as it would be stored, for checking before it is. */
export interface ActivityShape {
  audience: CommsAudience;
  audienceGroup: string;
  dateMode: 'relative' | 'fixed';
  offsetDays: number | null;
  fixedDate: string | null;
  status: 'planned' | 'done' | 'cancelled';
  doneOn: string | null;
  peopleReached: number | null;
  attendance: number | null;
  openRate: number | null;
}

/**
 * The rules of an activity, in one place:
 * - a relative date has an offset and no fixed date; a fixed date has a date and no offset;
 * - a named group is named (and only then);
 * - it is done on a day that has come; reach figures (people, attendance, open rate) only once done.
 */
export function activityProblems(a: ActivityShape, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (a.dateMode === 'relative') {
    if (a.offsetDays === null) problems.push({ field: 'offsetDays', message: 'is needed for a date relative to the go-live' });
    if (a.fixedDate !== null) problems.push({ field: 'fixedDate', message: 'must be empty for a date relative to the go-live' });
  } else {
    if (a.fixedDate === null) problems.push({ field: 'fixedDate', message: 'is needed for a fixed date' });
    if (a.offsetDays !== null) problems.push({ field: 'offsetDays', message: 'must be empty for a fixed date' });
  }
  problems.push(...audienceGroupProblems(a.audience, a.audienceGroup));
  if (a.status === 'done') {
    if (a.doneOn !== null && a.doneOn > today) problems.push({ field: 'doneOn', message: `cannot be in the future (today is ${dayWords(today)})` });
  } else {
    const onlyOnceDone = (field: keyof ActivityShape) => {
      if (a[field] !== null) problems.push({ field, message: 'can only be given once the activity is done' });
    };
    onlyOnceDone('doneOn');
    onlyOnceDone('peopleReached');
    onlyOnceDone('attendance');
    onlyOnceDone('openRate');
  }
  return problems;
}

/** A named group is named, and only for the audience "group" (activities and template rows alike). */
/** The audience group after a change: as given (trimmed), else the old one while the audience stays a group, else none. */
export function nextAudienceGroup(given: string | undefined, audience: CommsAudience, before: string): string {
  if (given !== undefined) return given.trim();
  return audience === 'group' ? before : '';
}

export function audienceGroupProblems(audience: CommsAudience, audienceGroup: string): ErrorDetail[] {
  if (audience === 'group' && audienceGroup.trim() === '') return [{ field: 'audienceGroup', message: 'name the group the activity is for' }];
  if (audience !== 'group' && audienceGroup.trim() !== '') return [{ field: 'audienceGroup', message: 'is only for the audience "group"' }];
  return [];
}

/** A question as it would be stored, for checking before it is. */
export interface QuestionShape {
  raisedOn: string;
  status: 'open' | 'answered' | 'closed';
  answer: string | null;
  answeredOn: string | null;
  published: boolean;
}

/**
 * The rules of a staff question:
 * - raised on a day that has come; answered on or after that day and not in the future;
 * - answered means it has an answer; open means it has none; closed may have one or not (a duplicate, withdrawn);
 * - only an answered question can be published as an FAQ.
 */
export function questionProblems(q: QuestionShape, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (q.raisedOn > today) problems.push({ field: 'raisedOn', message: `cannot be in the future (today is ${dayWords(today)})` });
  if (q.answeredOn !== null) {
    if (q.answeredOn > today) problems.push({ field: 'answeredOn', message: `cannot be in the future (today is ${dayWords(today)})` });
    if (q.answeredOn < q.raisedOn) problems.push({ field: 'answeredOn', message: `cannot be before the question was raised (${dayWords(q.raisedOn)})` });
  }
  if (q.status === 'answered' && q.answer === null) problems.push({ field: 'answer', message: 'is needed to mark the question answered' });
  if (q.status === 'open' && q.answer !== null) problems.push({ field: 'status', message: 'cannot be open with an answer: mark it answered' });
  if (q.published && q.answer === null) problems.push({ field: 'published', message: 'only an answered question can be published as an FAQ' });
  return problems;
}
