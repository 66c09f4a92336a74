import type { EngagementSummary } from '../../api/types.ts';
import { day, number } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { DataTable } from '../DataTable/DataTable.tsx';
import { Loaded } from '../Status/Status.tsx';
import { ActivityList } from './ActivityList.tsx';
import './engagement.css';

/** The overview's engagement section: overdue comms, late answers and silent councils, from one request. */
export function EngagementFlags() {
  const state = useAppState();
  const summary = useResource(() => state.api.engagement.summary(), []);
  return (
    <section aria-labelledby="engagement-title">
      <h2 id="engagement-title">Communications and staff questions</h2>
      <Loaded resource={summary} what="engagement">
        {(data) => <Flags data={data} />}
      </Loaded>
    </section>
  );
}

function Flags({ data }: { data: EngagementSummary }) {
  return (
    <>
      <DataTable caption={`Engagement by council (answers due within ${data.answerTargetWorkingDays} working days)`} rows={data.councils} rowKey={(c) => c.councilId} columns={[
        { header: 'Council', rowHeader: true, cell: (c) => <a href={`/councils/${c.councilId}`}>{c.name}</a> },
        { header: 'Overdue comms', numeric: true, cell: (c) => String(c.overdueActivities) },
        { header: 'Comms due this week', numeric: true, cell: (c) => String(c.dueThisWeek) },
        { header: 'Questions raised', numeric: true, cell: (c) => number(c.questionsRaised) },
        { header: 'Late answers', numeric: true, cell: (c) => (c.lateQuestions === null ? '—' : `${c.lateQuestions} open, ${c.answeredLate} answered late`) },
        { header: 'Silence', cell: (c) => (c.silence.flagged ? <><span class="tag tag--warning">Silent</span> {c.silence.reason}</> : <span class="muted">{c.silence.reason}</span>) },
      ]} />
      <h3>Overdue communications</h3>
      <ActivityList caption="Overdue communications activities, oldest first" activities={data.overdueActivities} empty="No communications are overdue." />
      {data.lateQuestions.length > 0 && (
        <>
          <h3>Questions past the answer target</h3>
          <ul class="card-list">
            {data.lateQuestions.map((q) => (
              <li key={q.id}><strong>{q.question}</strong><br /><span class="muted">{q.councilName}, {q.featureName ?? 'General'}; raised {day(q.raisedOn)}, due {day(q.dueOn)}</span></li>
            ))}
          </ul>
        </>
      )}
      <p><a href="/communications">Communications plan</a> · <a href="/questions">Staff questions</a> · <a href="/faq">Frequently asked questions</a></p>
    </>
  );
}
