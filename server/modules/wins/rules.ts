import type { ErrorDetail } from '../../http/errors.ts';
import { dayWords } from '../../domain/date-words.ts';

/** The parts of an early win its rules look at. */
export interface WinShape {
  wonOn: string;
  evidenceValue: number | null;
  evidenceNote: string;
  evidenceLink: string | null;
}

/** Whether a link is one a reader can safely follow: http or https, with a host. */
export function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The rules of an early win, in one place:
 * - it has happened: its date is not in the future;
 * - it is backed by at least one piece of evidence (a figure, a note or a link);
 * - a link is a web link (http or https), so the dashboard never renders another scheme.
 */
export function winProblems(win: WinShape, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (win.wonOn > today) problems.push({ field: 'wonOn', message: `cannot be in the future (today is ${dayWords(today)})` });
  if (win.evidenceValue === null && win.evidenceNote.trim() === '' && win.evidenceLink === null) {
    problems.push({ field: 'evidence', message: 'give at least one piece of evidence: evidenceValue, evidenceNote or evidenceLink' });
  }
  if (win.evidenceLink !== null && !isWebLink(win.evidenceLink)) {
    problems.push({ field: 'evidenceLink', message: 'must be an http or https link' });
  }
  return problems;
}
