import { addDays, differenceInCalendarDays, formatISO, isWeekend, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityDate, activityDueThisWeek, activityOverdue, answerDueOn, median, onWorkingDay, questionLate, reachPercent, workingDaysToAnswer,
} from '../server/domain/engagement.ts';
import { silenceOf } from '../server/modules/engagement/views.ts';
import { workingCalendar } from '../server/domain/working-days.ts';

const ew = workingCalendar('england-wales');

const relative = (offsetDays: number) => ({ dateMode: 'relative' as const, offsetDays, fixedDate: null });

describe('activity dates relative to the go-live', () => {
  it('counts calendar days before and after the go-live, across month and year ends', () => {
    expect(activityDate(relative(-14), '2026-03-02', ew)).toBe('2026-02-16');
    expect(activityDate(relative(-3), '2026-03-04', ew)).toBe('2026-02-27'); // Sunday 1 March -> Friday 27 February
    expect(activityDate(relative(0), '2026-03-02', ew)).toBe('2026-03-02');
    expect(activityDate(relative(7), '2026-12-28', ew)).toBe('2027-01-04');
    expect(activityDate(relative(-1), '2028-03-01', ew)).toBe('2028-02-29');
  });

  it('moves a day that falls on a weekend or bank holiday back to the working day before', () => {
    expect(onWorkingDay('2026-12-28', ew)).toBe('2026-12-24'); // Boxing Day substitute -> Christmas Eve
    expect(activityDate(relative(-14), '2026-04-20', ew)).toBe('2026-04-02'); // Easter Monday -> Maundy Thursday
    expect(onWorkingDay('2026-11-30', workingCalendar('scotland'))).toBe('2026-11-27'); // St Andrew's Day in Scotland only
    expect(onWorkingDay('2026-11-28', ew)).toBe('2026-11-27'); // Saturday
    expect(onWorkingDay('2026-11-29', ew)).toBe('2026-11-27'); // Sunday
    expect(onWorkingDay('2026-11-30', ew)).toBe('2026-11-30'); // Monday stays
    // A week after a Saturday go-live is a Saturday again: the Friday before, across the month end.
    expect(activityDate(relative(7), '2026-10-24', ew)).toBe('2026-10-30');
    expect(activityDate(relative(1), '2026-05-30', ew)).toBe('2026-05-29'); // Sunday 31 May -> Friday 29 May
  });

  it('keeps a fixed date whatever the wave does, even on a weekend', () => {
    expect(activityDate({ dateMode: 'fixed', offsetDays: null, fixedDate: '2026-11-28' }, '2027-01-01', ew)).toBe('2026-11-28');
  });

  it('is overdue only while planned and past, and due this week within Monday to Sunday', () => {
    expect(activityOverdue('planned', '2026-11-20', '2026-11-23')).toBe(true);
    expect(activityOverdue('planned', '2026-11-23', '2026-11-23')).toBe(false);
    expect(activityOverdue('done', '2026-11-20', '2026-11-23')).toBe(false);
    expect(activityOverdue('cancelled', '2026-11-20', '2026-11-23')).toBe(false);
    expect(activityDueThisWeek('planned', '2026-11-29', '2026-11-25')).toBe(true);
    expect(activityDueThisWeek('planned', '2026-11-23', '2026-11-29')).toBe(true);
    expect(activityDueThisWeek('planned', '2026-11-30', '2026-11-29')).toBe(false);
    expect(activityDueThisWeek('done', '2026-11-25', '2026-11-25')).toBe(false);
  });
});

describe('answer targets in working days', () => {
  it('skips weekends', () => {
    expect(answerDueOn('2026-11-18', 2, ew)).toBe('2026-11-20'); // Wednesday -> Friday
    expect(answerDueOn('2026-11-19', 2, ew)).toBe('2026-11-23'); // Thursday -> Monday
    expect(answerDueOn('2026-11-20', 2, ew)).toBe('2026-11-24'); // Friday -> Tuesday
    expect(answerDueOn('2026-11-21', 1, ew)).toBe('2026-11-23'); // raised on a Saturday: the next working day
    expect(answerDueOn('2026-12-30', 3, ew)).toBe('2027-01-05'); // across the year end, New Year's Day skipped
    expect(answerDueOn('2026-12-24', 1, ew)).toBe('2026-12-29'); // Christmas and the Boxing Day substitute skipped
    expect(answerDueOn('2026-07-10', 2, workingCalendar('northern-ireland'))).toBe('2026-07-15'); // the Twelfth's substitute in Northern Ireland
    expect(answerDueOn('2026-07-10', 2, ew)).toBe('2026-07-14');
  });

  it('is late when open past the due day or answered after it; closed without an answer is not', () => {
    expect(questionLate({ status: 'open', raisedOn: '2026-11-18', answeredOn: null }, '2026-11-20', '2026-11-20')).toBe(false);
    expect(questionLate({ status: 'open', raisedOn: '2026-11-18', answeredOn: null }, '2026-11-20', '2026-11-21')).toBe(true);
    expect(questionLate({ status: 'answered', raisedOn: '2026-11-18', answeredOn: '2026-11-20' }, '2026-11-20', '2026-12-01')).toBe(false);
    expect(questionLate({ status: 'answered', raisedOn: '2026-11-18', answeredOn: '2026-11-23' }, '2026-11-20', '2026-11-23')).toBe(true);
    expect(questionLate({ status: 'closed', raisedOn: '2026-11-18', answeredOn: null }, '2026-11-20', '2026-12-01')).toBe(false);
  });

  it('counts working days to answer and takes the median', () => {
    expect(workingDaysToAnswer('2026-11-20', '2026-11-23', ew)).toBe(1);
    expect(workingDaysToAnswer('2026-11-23', '2026-11-23', ew)).toBe(0);
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('reach and silence', () => {
  it('turns people reached into a capped percentage of the audience', () => {
    expect(reachPercent(5440, 6800)).toBe(80);
    expect(reachPercent(1, 3)).toBe(33.3);
    expect(reachPercent(9000, 6800)).toBe(100);
    expect(reachPercent(10, 0)).toBeNull();
  });

  it('flags a council that is silent with low reach, and says why', () => {
    expect(silenceOf(null, 60, 80, 28, '2026-11-23')).toMatchObject({ flagged: true, reason: 'No staff question has been logged, and communications reach is 60%, under the target of 80%.' });
    expect(silenceOf('2026-10-26', null, 80, 28, '2026-11-23')).toMatchObject({ flagged: true });
    expect(silenceOf('2026-10-27', 60, 80, 28, '2026-11-23')).toMatchObject({ flagged: false });
    expect(silenceOf(null, 85, 80, 28, '2026-11-23')).toMatchObject({ flagged: false });
    expect(silenceOf(null, null, null, 28, '2026-11-23')).toMatchObject({ flagged: false });
  });
});

describe('properties of the date rules', () => {
  const days = fc.integer({ min: 0, max: 3650 }).map((n) => formatISO(addDays(parseISO('2025-01-01'), n), { representation: 'date' }));
  const weekday = days.filter((d) => !isWeekend(parseISO(d)));

  it('a relative activity never falls on a weekend or bank holiday, and moves back at most four days from the raw offset (Easter, Christmas)', () => {
    fc.assert(fc.property(days, fc.integer({ min: -365, max: 365 }), (goLive, offset) => {
      const raw = addDays(parseISO(goLive), offset);
      const date = parseISO(activityDate(relative(offset), goLive, ew));
      expect(isWeekend(date)).toBe(false);
      expect(ew.isWorkingDay(formatISO(date, { representation: 'date' }))).toBe(true);
      expect(differenceInCalendarDays(raw, date)).toBeGreaterThanOrEqual(0);
      expect(differenceInCalendarDays(raw, date)).toBeLessThanOrEqual(4);
    }));
  });

  it('moving the wave by whole weeks moves a relative activity by exactly those weeks when neither day is a bank holiday', () => {
    fc.assert(fc.property(days, fc.integer({ min: -365, max: 365 }), fc.integer({ min: -52, max: 52 }), (goLive, offset, weeks) => {
      const moved = formatISO(addDays(parseISO(goLive), weeks * 7), { representation: 'date' });
      const free = (start: string) => [0, 1, 2, 3].every((back) => ew.holidayOn(ew.addCalendarDays(start, offset - back)) === null);
      if (!free(goLive) || !free(moved)) return;
      expect(differenceInCalendarDays(parseISO(activityDate(relative(offset), moved, ew)), parseISO(activityDate(relative(offset), goLive, ew)))).toBe(weeks * 7);
    }));
  });

  it('an answer raised on a working day is due exactly the target in working days later, never on a weekend', () => {
    fc.assert(fc.property(weekday, fc.integer({ min: 1, max: 20 }), (raised, target) => {
      const due = answerDueOn(raised, target, ew);
      expect(isWeekend(parseISO(due))).toBe(false);
      expect(workingDaysToAnswer(raised, due, ew)).toBe(target);
      expect(questionLate({ status: 'answered', raisedOn: raised, answeredOn: due }, due, due)).toBe(false);
    }));
  });
});
