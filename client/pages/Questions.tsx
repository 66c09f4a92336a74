import { formatISO } from 'date-fns';
import { useState } from 'preact/hooks';
import { asApiError, etagOf } from '../api/client.ts';
import type { Council, Feature, Question } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import '../components/Engagement/engagement.css';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { QUESTION_CHANNEL_WORDS, QUESTION_STATUS_WORDS, word } from '../components/Engagement/words.ts';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import { DateField } from '../components/DateInput/DateInput.tsx';

const LABELS: Record<string, string> = {
  councilId: 'Council', featureId: 'Feature', question: 'Question', channel: 'Came in by', category: 'Category', raisedOn: 'Raised on',
  answer: 'Answer', answeredOn: 'Answered on', status: 'Status', published: 'Publish',
};
const label = (field: string) => LABELS[field] ?? field;

/** The staff questions log: filters, the questions and how late they are, and the forms to log and answer them. */
export function Questions() {
  usePageTitle('Staff questions');
  const state = useAppState();
  const [filter, setFilter] = useState({ councilId: '', featureId: '', status: '', category: '', late: false });
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
  const set = (key: 'councilId' | 'featureId' | 'status' | 'category') => (e: Event) => setFilter({ ...filter, [key]: (e.target as HTMLSelectElement).value });
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
            <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter questions">
              <Field name="q-filter-council" label="Council">
                {(p) => <select {...p} value={filter.councilId} onChange={set('councilId')}><option value="">All councils</option>{r.councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
              </Field>
              <Field name="q-filter-feature" label="Feature">
                {(p) => <select {...p} value={filter.featureId} onChange={set('featureId')}><option value="">All features</option>{r.features.map((f) => <option key={f.id} value={String(f.id)}>{f.name}</option>)}</select>}
              </Field>
              <Field name="q-filter-status" label="Status">
                {(p) => <select {...p} value={filter.status} onChange={set('status')}><option value="">Any status</option>{Object.entries(QUESTION_STATUS_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
              </Field>
              <Field name="q-filter-category" label="Category" hint="Exact, any case">
                {(p) => <input {...p} type="text" value={filter.category} onChange={set('category')} />}
              </Field>
              <label class="checkbox field"><input type="checkbox" checked={filter.late} onChange={(e) => setFilter({ ...filter, late: (e.target as HTMLInputElement).checked })} /> Late only</label>
            </form>
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

function LogForm({ councils, features, onSaved }: { councils: Council[]; features: Feature[]; onSaved: () => void }) {
  const state = useAppState();
  const today = formatISO(new Date(), { representation: 'date' });
  const blank = { councilId: councils[0] ? String(councils[0].id) : '', featureId: '', question: '', channel: 'briefing', category: '', raisedOn: today };
  const [form, setForm] = useState(blank);
  const { problem, error, onSubmit } = useProblem();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const submit = onSubmit(async () => {
    await state.api.engagement.logQuestion({
      councilId: Number(form.councilId), featureId: form.featureId ? Number(form.featureId) : null, question: form.question,
      channel: form.channel, category: form.category, raisedOn: form.raisedOn,
    });
    setForm({ ...blank, councilId: form.councilId });
    state.announce('Question logged');
    onSaved();
  });
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={label} />}
      <Field name="councilId" label="Council" error={error('councilId')}>
        {(p) => <select {...p} value={form.councilId} onChange={set('councilId')}>{councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
      </Field>
      <Field name="featureId" label="Feature" error={error('featureId')}>
        {(p) => <select {...p} value={form.featureId} onChange={set('featureId')}><option value="">General (no one feature)</option>{features.map((f) => <option key={f.id} value={String(f.id)}>{f.name}</option>)}</select>}
      </Field>
      <Field name="question" label="Question" hint="As staff asked it; no names." error={error('question')}>{(p) => <textarea {...p} value={form.question} onInput={set('question')} />}</Field>
      <Field name="channel" label="Came in by" error={error('channel')}>
        {(p) => <select {...p} value={form.channel} onChange={set('channel')}>{Object.entries(QUESTION_CHANNEL_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
      </Field>
      <Field name="category" label="Category" hint="For example: Access, Pay, Leave balance" error={error('category')}>{(p) => <input {...p} type="text" value={form.category} onInput={set('category')} />}</Field>
      <DateField name="raisedOn" label="Raised on" error={error('raisedOn')} value={form.raisedOn} onChange={(v) => setForm({ ...form, raisedOn: v })} />
      <div class="button-group"><button type="submit" class="button">Log question</button></div>
    </form>
  );
}

function AnswerForm({ questions, onSaved }: { questions: Question[]; onSaved: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState({ questionId: '', answer: '' });
  const { problem, error, onSubmit } = useProblem();
  if (questions.length === 0) return <p class="empty">No open question of yours to answer.</p>;
  const selected = form.questionId && questions.some((q) => String(q.id) === form.questionId) ? form.questionId : String(questions[0]!.id);
  const submit = onSubmit(async () => {
    const question = questions.find((q) => String(q.id) === selected)!;
    await state.api.engagement.updateQuestion(question.id, { answer: form.answer }, etagOf(question.version));
    setForm({ questionId: '', answer: '' });
    state.announce('Answer saved');
    onSaved();
  });
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={label} />}
      <Field name="answer-question" label="Question to answer">
        {(p) => (
          <select {...p} value={selected} onChange={(e) => setForm({ ...form, questionId: (e.target as HTMLSelectElement).value })}>
            {questions.map((q) => <option key={q.id} value={String(q.id)}>{q.question} ({q.councilName}, due {q.dueOn}{q.late ? ', late' : ''})</option>)}
          </select>
        )}
      </Field>
      <Field name="answer" label="Answer" error={error('answer')}>{(p) => <textarea {...p} value={form.answer} onInput={(e) => setForm({ ...form, questionId: selected, answer: (e.target as HTMLTextAreaElement).value })} />}</Field>
      <div class="button-group"><button type="submit" class="button">Save answer</button></div>
    </form>
  );
}

function PublishForm({ questions, onSaved }: { questions: Question[]; onSaved: () => void }) {
  const state = useAppState();
  const [choice, setChoice] = useState('');
  const { problem, onSubmit } = useProblem();
  if (questions.length === 0) return <p class="empty">No answered question waits to be published.</p>;
  const selected = choice && questions.some((q) => String(q.id) === choice) ? choice : String(questions[0]!.id);
  const submit = onSubmit(async () => {
    const question = questions.find((q) => String(q.id) === selected)!;
    await state.api.engagement.updateQuestion(question.id, { published: true }, etagOf(question.version));
    state.announce('Published as an FAQ');
    onSaved();
  });
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={label} />}
      <Field name="publish-question" label="Answered question">
        {(p) => <select {...p} value={selected} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>{questions.map((q) => <option key={q.id} value={String(q.id)}>{q.question}</option>)}</select>}
      </Field>
      <div class="button-group"><button type="submit" class="button button--secondary">Publish as FAQ</button></div>
    </form>
  );
}
