import { formatISO } from 'date-fns';
import { useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { Council, Feature, Question } from '../../api/types.ts';
import '../../components/Engagement/engagement.css';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { QUESTION_CHANNEL_WORDS } from '../../components/Engagement/words.ts';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { Field } from '../../components/Field/Field.tsx';
import { useAppState } from '../../state/app-state.ts';
import { DateField } from '../../components/DateInput/DateInput.tsx';

const LABELS: Record<string, string> = {
  councilId: 'Council', featureId: 'Feature', question: 'Question', channel: 'Came in by', category: 'Category', raisedOn: 'Raised on',
  answer: 'Answer', answeredOn: 'Answered on', status: 'Status', published: 'Publish',
};
const label = (field: string) => LABELS[field] ?? field;

export function LogForm({ councils, features, onSaved }: { councils: Council[]; features: Feature[]; onSaved: () => void }) {
  const state = useAppState();
  const today = formatISO(new Date(), { representation: 'date' });
  const blank = { councilId: councils[0] ? String(councils[0].id) : '', featureId: '', question: '', channel: 'briefing' as Question['channel'], category: '', raisedOn: today };
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

export function AnswerForm({ questions, onSaved }: { questions: Question[]; onSaved: () => void }) {
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

export function PublishForm({ questions, onSaved }: { questions: Question[]; onSaved: () => void }) {
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
