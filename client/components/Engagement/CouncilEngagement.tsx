import type { CouncilEngagement as Data } from '../../api/types.ts';
import { day, number } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { DataTable } from '../DataTable/DataTable.tsx';
import { Empty, Loaded } from '../Status/Status.tsx';
import { ActivityList } from './ActivityList.tsx';
import './engagement.css';

/** A council's communications and staff questions: its figures, what is overdue, late answers, and silence. */
export function CouncilEngagement({ councilId }: { councilId: number }) {
  const state = useAppState();
  const data = useResource(() => state.api.engagement.council(councilId), [councilId]);
  return (
    <section aria-labelledby="council-engagement-title">
      <h2 id="council-engagement-title">Communications and staff questions</h2>
      <Loaded resource={data} what="engagement">
        {(d) => <Body data={d} />}
      </Loaded>
    </section>
  );
}

const share = (value: number | null) => (value === null ? '—' : `${number(value, 1)}%`);

function Body({ data }: { data: Data }) {
  const q = data.questions;
  const pending = data.activities.filter((a) => a.overdue || a.dueThisWeek);
  return (
    <>
      {data.silence.flagged && <p class="notice notice--warning"><strong>Silent:</strong> {data.silence.reason}</p>}
      <ul class="headlines">
        <li class="headline"><span class="headline__value">{data.overdueActivities}</span><span class="headline__label">communications overdue; {data.dueThisWeek} due this week</span></li>
        {q && (
          <>
            <li class="headline"><span class="headline__value">{q.late}</span><span class="headline__label">questions open past the {data.answerTargetWorkingDays}-working-day target</span></li>
            <li class="headline"><span class="headline__value">{share(q.withinTargetShare)}</span><span class="headline__label">answered within target; median {number(q.medianWorkingDaysToAnswer, 1)} working days</span></li>
            <li class="headline"><span class="headline__value">{number(q.per100Staff, 1)}</span><span class="headline__label">questions per 100 staff ({q.raised} raised)</span></li>
          </>
        )}
      </ul>
      <ActivityList caption={`Communications overdue or due this week, ${data.council.name}`} activities={pending} showCouncils={false} empty="Nothing overdue or due this week." />
      {q === null ? <p><a href="/communications">Communications plan</a> · <a href="/faq">Frequently asked questions</a></p> : <QuestionFigures data={data} />}
    </>
  );
}

function QuestionFigures({ data }: { data: Data }) {
  return (
    <>
      <DataTable caption={`Staff questions by feature, ${data.council.name}`} rows={data.byFeature} rowKey={(f) => f.featureId ?? 0} empty="No questions logged yet." columns={[
        { header: 'Feature', rowHeader: true, cell: (f) => f.featureName },
        { header: 'Raised', numeric: true, cell: (f) => String(f.raised) },
        { header: 'Per 100 staff', numeric: true, cell: (f) => number(f.per100Staff, 1) },
        { header: 'Within target', numeric: true, cell: (f) => share(f.withinTargetShare) },
        { header: 'Median working days', numeric: true, cell: (f) => number(f.medianWorkingDaysToAnswer, 1) },
        { header: 'Top categories', cell: (f) => f.topCategories.map((c) => `${c.category} (${c.count})`).join(', ') || '—' },
      ]} />
      <h3>Questions past the target</h3>
      {data.lateQuestions.length === 0 ? <Empty>No open question is past the target.</Empty> : (
        <ul class="card-list">
          {data.lateQuestions.map((x) => (
            <li key={x.id}><strong>{x.question}</strong><br /><span class="muted">{x.featureName ?? 'General'}; raised {day(x.raisedOn)}, due {day(x.dueOn)}</span> <span class="tag tag--warning">Late</span></li>
          ))}
        </ul>
      )}
      <p><a href="/communications">Communications plan</a> · <a href="/questions">Staff questions</a></p>
    </>
  );
}
