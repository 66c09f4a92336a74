// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Activity } from '../../api/types.ts';
import { ActivityFlags } from './ActivityList.tsx';
import { MonthCalendar } from './MonthCalendar.tsx';
import { whenWords } from './words.ts';

afterEach(cleanup);

const activity = (over: Partial<Activity>): Activity => ({
  id: 1, waveId: 1, waveName: 'W3', waveGoLive: '2027-01-18', councils: [{ councilId: 1, name: 'Eastbridge Borough Council' }], title: 'Floorwalkers',
  channel: 'floorwalkers', audience: 'both', audienceGroup: '', dateMode: 'relative', offsetDays: 0, fixedDate: null, date: '2027-01-18', owner: 'HR',
  status: 'planned', doneOn: null, peopleReached: null, attendance: null, openRate: null, note: '', feedsReadiness: false, templateActivityId: null,
  overdue: false, dueThisWeek: false, version: 1, createdAt: '', updatedAt: '', ...over,
});

describe('the month calendar', () => {
  it('is a table of whole weeks, Monday first, with each activity as text in its day', () => {
    render(<MonthCalendar month="2027-01" onMonth={() => undefined} activities={[
      activity({ id: 1 }), activity({ id: 2, title: 'Posters', channel: 'poster', date: '2027-01-04', status: 'done' }), activity({ id: 3, title: 'Not this month', date: '2027-02-01' }),
    ]} />);
    const table = screen.getByRole('table', { name: 'Communications activities in January 2027' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    // 1 January 2027 is a Friday: five rows, from Monday 28 December to Sunday 31 January.
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    expect(rows[0]!.textContent).toMatch(/^28 Dec/);
    const goLive = within(table).getAllByRole('cell').find((c) => c.textContent?.startsWith('18 Jan'))!;
    expect(goLive.textContent).toContain('Floorwalkers (Floorwalkers; Eastbridge Borough Council; Planned)');
    expect(within(table).getAllByRole('cell').find((c) => c.textContent?.startsWith('4 Jan'))!.textContent).toContain('Posters (Poster; Eastbridge Borough Council; Done)');
    expect(screen.getByRole('status').textContent).toBe('2 activities in January 2027');
  });

  it('moves a month either way with its buttons', () => {
    const onMonth = vi.fn();
    render(<MonthCalendar month="2026-12" onMonth={onMonth} activities={[]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Next month' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous month' }));
    expect(onMonth.mock.calls).toEqual([['2027-01'], ['2026-11']]);
  });
});

describe('activity words', () => {
  it('says when, relative to the go-live, and flags in words', () => {
    expect(whenWords({ dateMode: 'relative', offsetDays: -14 })).toBe('14 days before go-live');
    expect(whenWords({ dateMode: 'relative', offsetDays: 1 })).toBe('1 day after go-live');
    expect(whenWords({ dateMode: 'relative', offsetDays: 0 })).toBe('on go-live day');
    expect(whenWords({ dateMode: 'fixed', offsetDays: null })).toBe('fixed date');
    render(<p><ActivityFlags activity={activity({ overdue: true })} /></p>);
    expect(screen.getByText(/Planned/).textContent).toBe('Planned Overdue');
  });
});
