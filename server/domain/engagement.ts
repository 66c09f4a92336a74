import { endOfISOWeek, parseISO, startOfISOWeek } from 'date-fns';
import { isoDay } from './clock.ts';
import type { WorkingCalendar } from './working-days.ts';

/**
 * The rules of engagement, pure and in one place (see docs/engagement.md):
 * - a relative activity falls `offsetDays` calendar days from its wave's planned go-live; a day that lands on a
 *   weekend or a bank holiday of its councils moves back to the working day before, so messages go out on a working day;
 * - a staff question is due `target` working days after it was raised (weekends and its council's bank holidays
 *   excluded: domain/working-days.ts);
 * - it is late when still open after its due day, or answered after it.
 */

/** A weekend or bank holiday becomes the working day before; a working day is kept. */
export function onWorkingDay(day: string, calendar: WorkingCalendar): string {
  return calendar.onOrBefore(day);
}

export interface ActivityTiming {
  dateMode: 'relative' | 'fixed';
  offsetDays: number | null;
  fixedDate: string | null;
}

/** The day an activity is planned for, given its wave's planned go-live now. */
export function activityDate(activity: ActivityTiming, waveGoLive: string, calendar: WorkingCalendar): string {
  if (activity.dateMode === 'fixed') return activity.fixedDate!;
  return onWorkingDay(calendar.addCalendarDays(waveGoLive, activity.offsetDays ?? 0), calendar);
}

/** Still planned and its day has passed. Done and cancelled activities are never overdue. */
export function activityOverdue(status: string, date: string, today: string): boolean {
  return status === 'planned' && date < today;
}

/** Still planned and falling in the ISO week (Monday to Sunday) of today. */
export function activityDueThisWeek(status: string, date: string, today: string): boolean {
  if (status !== 'planned') return false;
  const now = parseISO(today);
  return date >= isoDay(startOfISOWeek(now)) && date <= isoDay(endOfISOWeek(now));
}

/** The last day a question raised on `raisedOn` can be answered within the target. */
export function answerDueOn(raisedOn: string, targetWorkingDays: number, calendar: WorkingCalendar): string {
  return calendar.addWorkingDays(raisedOn, targetWorkingDays);
}

export interface QuestionTiming {
  status: 'open' | 'answered' | 'closed';
  raisedOn: string;
  answeredOn: string | null;
}

/** Open past its due day, or answered after it. A question closed without an answer is not late. */
export function questionLate(question: QuestionTiming, dueOn: string, today: string): boolean {
  if (question.answeredOn !== null) return question.answeredOn > dueOn;
  return question.status === 'open' && today > dueOn;
}

/** Working days from raising to answering (0 when answered the day it was raised). */
export function workingDaysToAnswer(raisedOn: string, answeredOn: string, calendar: WorkingCalendar): number {
  return calendar.workingDaysBetween(raisedOn, answeredOn);
}

/** The median of a list of numbers, or null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Reach as a percentage of an audience, one decimal, never above 100. Null without an audience. */
export function reachPercent(peopleReached: number, audience: number): number | null {
  if (audience <= 0) return null;
  return Math.min(100, Math.round((peopleReached / audience) * 1000) / 10);
}
