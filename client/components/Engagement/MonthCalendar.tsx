import { addMonths, eachDayOfInterval, endOfISOWeek, endOfMonth, format, formatISO, isSameMonth, isWeekend, parseISO, startOfISOWeek, startOfMonth } from 'date-fns';
import { dayOfMonth, month as monthWords } from '../../format.ts';
import type { Activity } from '../../api/types.ts';
import { ACTIVITY_STATUS_WORDS, CHANNEL_WORDS, word } from './words.ts';

const WEEKDAYS = [['Mon', 'Monday'], ['Tue', 'Tuesday'], ['Wed', 'Wednesday'], ['Thu', 'Thursday'], ['Fri', 'Friday'], ['Sat', 'Saturday'], ['Sun', 'Sunday']] as const;

/**
 * One month of activities as a real table (a row per week, a column per weekday), with buttons to move a month
 * either way: every activity is text in its day's cell, so keyboards and screen readers get the same calendar.
 */
export function MonthCalendar({ month, activities, onMonth }: { month: string; activities: Activity[]; onMonth: (month: string) => void }) {
  const first = startOfMonth(parseISO(`${month}-01`));
  const days = eachDayOfInterval({ start: startOfISOWeek(first), end: endOfISOWeek(endOfMonth(first)) });
  const weeks: Date[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  const byDay = new Map<string, Activity[]>();
  for (const a of activities) byDay.set(a.date, [...(byDay.get(a.date) ?? []), a]);
  const title = monthWords(formatISO(first, { representation: 'date' }));
  const shift = (n: number) => onMonth(format(addMonths(first, n), 'yyyy-MM'));
  const inMonth = activities.filter((a) => a.date.startsWith(month)).length;
  return (
    <section aria-labelledby="month-title">
      <h2 id="month-title">{title}</h2>
      <div class="button-group">
        <button type="button" class="button button--secondary" onClick={() => shift(-1)}>Previous month</button>
        <button type="button" class="button button--secondary" onClick={() => shift(1)}>Next month</button>
        <span role="status">{inMonth} activit{inMonth === 1 ? 'y' : 'ies'} in {title}</span>
      </div>
      <div class="table-wrap" role="region" aria-label={`Calendar for ${title}`} tabIndex={0}>
        <table class="month">
          <caption>Communications activities in {title}</caption>
          <thead><tr>{WEEKDAYS.map(([short, long]) => <th scope="col" key={short}><abbr title={long}>{short}</abbr></th>)}</tr></thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={formatISO(week[0]!, { representation: 'date' })}>
                {week.map((d) => {
                  const iso = formatISO(d, { representation: 'date' });
                  const here = byDay.get(iso) ?? [];
                  const outside = !isSameMonth(d, first);
                  return (
                    <td key={iso} class={`month__day${outside ? ' month__day--outside' : ''}${isWeekend(d) ? ' month__day--weekend' : ''}`}>
                      <span class="month__date">{dayOfMonth(formatISO(d, { representation: 'date' }))}</span>
                      {here.length > 0 && (
                        <ul class="month__list">
                          {here.map((a) => (
                            <li key={a.id}>
                              {a.title} <span class="muted">({word(CHANNEL_WORDS, a.channel)}; {a.councils.map((c) => c.name).join(', ')}; {word(ACTIVITY_STATUS_WORDS, a.status)}{a.overdue ? ', overdue' : ''})</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
