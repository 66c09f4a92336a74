import { useState } from 'preact/hooks';
import { asApiError, etagOf } from '../../api/client.ts';
import type { Council, Feature, Question } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import '../../components/Engagement/engagement.css';
import { QUESTION_CHANNEL_WORDS, QUESTION_STATUS_WORDS, word } from '../../components/Engagement/words.ts';
import { Field } from '../../components/Field/Field.tsx';
import { usePageTitle } from '../../components/Layout/Layout.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { AnswerForm, LogForm, PublishForm } from './QuestionForms.tsx';

interface Filter { councilId: string; featureId: string; status: string; category: string; late: boolean }

/** The staff questions log: filters, the questions and how late they are, and the forms to log and answer them. */
export function Questions() {
  usePageTitle('Staff questions');
  const state = useAppState();
  const [filter, setFilter] = useState<Filter>({ councilId: '', featureId: '', status: '', category: '', late: false });
  const refs = useResource(async () => {
    const [councils, features] = await Promise.all([state.api.councils.list(), state.api.features.list()]);
    return { councils: councils.data, features: features.data };
  }, []);
  const questions = useResource(() => state.api.engagement.questions({
    councilId: filter.councilId || undefined, featureId: filter.featureId || undefined, status: filter.status || undefined, late: filter.late || undefined,
    category: filter.category.trim() || undefined,
  }), [filter.councilId, filter.featureId, filter.status, filter.category, filter.late]);
  const settings = useResource(() => state.api.settings().then((s) => s.answerTargetWorkingDays), []);
  const [removal, setRemoval] = useState<string | null>(null);
  const removeQuestion = async (question: Question) => {
    try {
      await state.api.engagement.deleteQuestion(question.id, etagOf(question.version));
      setRemoval(null);
      state.announce('Question deleted');
      questions.reload();
    } catch (error) {
      setRemoval(asApiError(error, 'Deleting failed.').message);
    }
  };
  const user = state.user.value;
  const mine = (councils: Council[]) => councils.filter((c) => state.leads(c.id));

  return (
    <>
      <h1>Staff questions</h1>
      <p class="lede">
        Questions staff raise at briefings, with floorwalkers or on the helpline, and their answers.
        {settings.data !== undefined && <> The target is an answer within <strong>{settings.data} working days</strong> (weekends excluded).</>}
      </p>
      <Loaded resource={refs} what="councils and features">
        {(r) => (
          <>
            <QuestionFilters councils={r.councils} features={r.features} filter={filter} onChange={setFilter} />
            <Loaded resource={questions} what="questions">
              {(page) => (
                <>
                  {removal && <div class="notice notice--error" role="alert"><p>{removal}</p></div>}
                  <QuestionTable questions={page.data}
                    onDelete={user && user.role !== 'sponsor' ? { allowed: (q) => state.leads(q.councilId) && (!q.published || state.isOffice.value), remove: (q) => void removeQuestion(q) } : undefined} />
                  {mine(r.councils).length > 0 && (
                    <section aria-labelledby="log-title" class="report">
                      <h2 id="log-title">Log and answer</h2>
                      <h3>Log a question</h3>
                      <LogForm councils={mine(r.councils)} features={r.features} onSaved={questions.reload} />
                      <h3>Answer a question</h3>
                      <AnswerForm questions={page.data.filter((q) => q.status === 'open' && state.leads(q.councilId))} onSaved={questions.reload} />
                      {state.isOffice.value && (
                        <>
                          <h3>Publish an answer as an FAQ</h3>
                          <PublishForm questions={page.data.filter((q) => q.answer !== null && !q.published)} onSaved={questions.reload} />
                        </>
                      )}
                    </section>
                  )}
                </>
              )}
            </Loaded>
          </>
        )}
      </Loaded>
    </>
  );
}

function QuestionTable({ questions, onDelete }: { questions: Question[]; onDelete?: { allowed: (q: Question) => boolean; remove: (q: Question) => void } }) {
  return (
    <DataTable caption="Staff questions, oldest first" rows={questions} rowKey={(q) => q.id} empty="No questions match." columns={[
      { header: 'Raised', cell: (q) => day(q.raisedOn) },
      { header: 'Question', rowHeader: true, cell: (q) => q.question },
      { header: 'Council', cell: (q) => q.councilName },
      { header: 'Feature', cell: (q) => q.featureName ?? 'General' },
      { header: 'Category', cell: (q) => q.category },
      { header: 'Came in by', cell: (q) => word(QUESTION_CHANNEL_WORDS, q.channel) },
      { header: 'Answer due', cell: (q) => day(q.dueOn) },
      {
        header: 'Status', cell: (q) => (
          <>
            {word(QUESTION_STATUS_WORDS, q.status)}
            {q.late && <> <span class="tag tag--warning">{q.status === 'open' ? 'Late' : 'Answered late'}</span></>}
            {q.published && <> <span class="tag">FAQ</span></>}
          </>
        ),
      },
      { header: 'Answer', cell: (q) => (q.answer ? <>{q.answer}<br /><span class="muted">{q.answeredBy}, {day(q.answeredOn)}</span></> : '—') },
      ...(onDelete ? [{
        header: 'Action',
        cell: (q: Question) => (onDelete.allowed(q)
          ? <ConfirmButton label="Delete" danger confirmLabel="Delete question" question={<>Delete the question “{q.question}”{q.published ? ', which is published as an FAQ' : ''}? The audit trail keeps a record.</>} onConfirm={() => onDelete.remove(q)} />
          : '—'),
      }] : []),
    ]} />
  );
}

/** The filters of the log: council, feature, status, category and late only; each change reloads the questions. */
function QuestionFilters({ councils, features, filter, onChange }: { councils: Council[]; features: Feature[]; filter: Filter; onChange: (next: Filter) => void }) {
  const set = (key: 'councilId' | 'featureId' | 'status' | 'category') => (e: Event) => onChange({ ...filter, [key]: (e.target as HTMLSelectElement).value });
  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter questions">
      <Field name="q-filter-council" label="Council">
        {(p) => <select {...p} value={filter.councilId} onChange={set('councilId')}><option value="">All councils</option>{councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
      </Field>
      <Field name="q-filter-feature" label="Feature">
        {(p) => <select {...p} value={filter.featureId} onChange={set('featureId')}><option value="">All features</option>{features.map((f) => <option key={f.id} value={String(f.id)}>{f.name}</option>)}</select>}
      </Field>
      <Field name="q-filter-status" label="Status">
        {(p) => <select {...p} value={filter.status} onChange={set('status')}><option value="">Any status</option>{Object.entries(QUESTION_STATUS_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
      </Field>
      <Field name="q-filter-category" label="Category" hint="Exact, any case">
        {(p) => <input {...p} type="text" value={filter.category} onChange={set('category')} />}
      </Field>
      <label class="checkbox field"><input type="checkbox" checked={filter.late} onChange={(e) => onChange({ ...filter, late: (e.target as HTMLInputElement).checked })} /> Late only</label>
    </form>
  );
}
