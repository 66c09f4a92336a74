import { useRef, useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { Council, Criterion, Wave } from '../../api/types.ts';
import type { VoiceComment, VoiceIdea, VoiceResults, VoiceSurvey } from '../../api/voice-types.ts';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { DateField } from '../DateInput/DateInput.tsx';

/**
 * What the programme office and a council's lead change in staff voice (docs/staff-voice.md, "Who sees what"):
 * open a round, make and close links (with the poster and its QR code), set aside a burst (the office), record a
 * stage's score as a readiness reading, and the ideas log. Every form is the API's own, refusals shown in the
 * GOV.UK error summary linked to their fields.
 */
const STAGES = [['awareness', 'Awareness'], ['desire', 'Desire'], ['knowledge', 'Knowledge'], ['ability', 'Ability'], ['reinforcement', 'Reinforcement']] as const;
const IDEA_STATUSES = [['new', 'New'], ['considering', 'Considering'], ['adopted', 'Adopted'], ['not_now', 'Not now']] as const;
type Link = VoiceSurvey['links'][number];

const value = (e: Event) => (e.target as HTMLInputElement).value;
const surveyName = (s: Pick<VoiceSurvey, 'councilName' | 'groupName' | 'title' | 'opensOn'>) =>
  `${s.councilName}${s.groupName ? `, ${s.groupName}` : ''}: ${s.title} (${day(s.opensOn)})`;
const linkState = (l: Link) => (l.open ? 'Open' : l.closedAt ? `Closed ${day(l.closedAt.slice(0, 10))}` : `Expired ${day(l.expiresOn)}`);

function Result({ text }: { text: string }) {
  return <p role="status" aria-live="polite" class="voice-result">{text}</p>;
}

/** While busy the button says so but stays focusable: a disabled button drops the focus to the page. */
function SubmitButton({ busy, children }: { busy: boolean; children: string }) {
  return <div class="button-group"><button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>{children}</button></div>;
}

/** The prefix makes each form's field ids its own; the labels name the API's fields in the error summary. */
function useForm(prefix: string, labels: Record<string, string>) {
  const { problem, error, onSubmit } = useProblem(prefix);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  // A second press while the first is on its way does nothing (the button stays focusable, so it is not disabled).
  const sending = useRef(false);
  return {
    error,
    done,
    busy,
    summary: problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => labels[f.slice(prefix.length)] ?? f} />,
    submit: (work: () => Promise<string>) => onSubmit(async () => {
      if (sending.current) return;
      sending.current = true;
      setBusy(true);
      setDone('');
      try {
        setDone(await work());
      } finally {
        sending.current = false;
        setBusy(false);
      }
    }),
  };
}

export function OpenSurveyForm({ councils, waves, today, onSaved }: { councils: Council[]; waves: Wave[]; today: string; onSaved: () => void }) {
  const state = useAppState();
  const mine = councils.filter((c) => state.leads(c.id));
  const [form, setForm] = useState({ councilId: String(mine[0]?.id ?? ''), groupId: '', waveId: String(waves[0]?.id ?? ''), title: '', opensOn: today, askRecommend: true, label: '', expiresOn: '' });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: value(e), ...(key === 'councilId' ? { groupId: '' } : {}) });
  const f = useForm('open-', { councilId: 'Council', groupId: 'Group', waveId: 'Wave', title: 'Title', opensOn: 'Opens on', 'link/expiresOn': 'Last day of the link', 'link/label': 'Where the link is used' });
  const groups = mine.find((c) => String(c.id) === form.councilId)?.groups ?? [];
  const submit = f.submit(async () => {
    const survey = await state.api.voice.openSurvey({
      councilId: Number(form.councilId), waveId: Number(form.waveId), ...(form.groupId ? { groupId: Number(form.groupId) } : {}),
      ...(form.title.trim() ? { title: form.title } : {}), opensOn: form.opensOn, askRecommend: form.askRecommend,
      link: { ...(form.label.trim() ? { label: form.label } : {}), expiresOn: form.expiresOn },
    });
    setForm({ ...form, title: '', label: '' });
    onSaved();
    return `Survey opened: ${surveyName(survey)}. Its link is in the table of links below.`;
  });
  if (mine.length === 0) return <p>You do not lead a council, so you cannot open a survey.</p>;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="open-survey-title">
      <h3 id="open-survey-title">Open a survey</h3>
      {f.summary}
      <Field name="open-councilId" label="Council" error={f.error('councilId')}>
        {(p) => <select {...p} value={form.councilId} onChange={set('councilId')}>{mine.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
      </Field>
      <Field name="open-groupId" label="Group (optional)" hint="A depot or pilot team; leave as the whole council otherwise." error={f.error('groupId')}>
        {(p) => (
          <select {...p} value={form.groupId} onChange={set('groupId')}>
            <option value="">The whole council</option>
            {groups.map((g) => <option key={g.id} value={String(g.id)}>{g.name}</option>)}
          </select>
        )}
      </Field>
      <Field name="open-waveId" label="Wave" error={f.error('waveId')}>
        {(p) => <select {...p} value={form.waveId} onChange={set('waveId')}>{waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name}</option>)}</select>}
      </Field>
      <Field name="open-title" label="Title (optional)" hint="What the round is about, e.g. “Leave and sickness: getting ready”." error={f.error('title')}>
        {(p) => <input {...p} type="text" maxLength={160} value={form.title} onInput={set('title')} />}
      </Field>
      <DateField name="open-opensOn" label="Opens on" error={f.error('opensOn')} value={form.opensOn} onChange={(v) => setForm({ ...form, opensOn: v })} />
      <div class="checkbox">
        <input id="open-askRecommend" type="checkbox" checked={form.askRecommend} onChange={(e) => setForm({ ...form, askRecommend: (e.target as HTMLInputElement).checked })} />
        <label for="open-askRecommend">Ask how likely staff are to recommend the new way to a colleague</label>
      </div>
      <Field name="open-link/label" label="Where the first link is used (optional)" hint="e.g. Depot posters, intranet, team briefing" error={f.error('link/label')}>
        {(p) => <input {...p} type="text" maxLength={120} value={form.label} onInput={set('label')} />}
      </Field>
      <DateField name="open-link/expiresOn" label="Last day the link takes answers" error={f.error('link/expiresOn')} value={form.expiresOn} onChange={(v) => setForm({ ...form, expiresOn: v })} />
      <SubmitButton busy={f.busy}>Open the survey</SubmitButton>
      {f.done && <Result text={f.done} />}
    </form>
  );
}

/** Every link of the rounds you manage: where it is used, its state, its poster and QR code, and closing it. */
export function LinksTable({ surveys, onChanged }: { surveys: VoiceSurvey[]; onChanged: () => void }) {
  const state = useAppState();
  const [message, setMessage] = useState('');
  const rows = surveys.flatMap((s) => s.links.map((l) => ({ survey: s, link: l })));
  async function close(link: Link, survey: VoiceSurvey) {
    try {
      await state.api.voice.closeLink(link.id, link.version);
      setMessage(`Link “${link.label || 'without a label'}” of ${survey.title} closed: it no longer takes answers.`);
      onChanged();
    } catch (error) {
      setMessage(asApiError(error, 'The link could not be closed.').message);
    }
  }
  return (
    <>
      <DataTable caption="Survey links" rowKey={(r) => r.link.id} rows={rows} empty="No links yet: open a survey first." columns={[
        { header: 'Survey', rowHeader: true, cell: (r) => surveyName(r.survey) },
        { header: 'Used for', cell: (r) => r.link.label || 'No label' },
        { header: 'Answers', numeric: true, cell: (r) => r.survey.responses },
        { header: 'Last day', cell: (r) => day(r.link.expiresOn) },
        { header: 'State', cell: (r) => linkState(r.link) },
        { header: 'Poster', cell: (r) => (r.link.open
          ? <a href={`/voice/poster/${r.link.id}`}>Poster and QR code<span class="visually-hidden"> for {r.survey.title}, {r.link.label || 'no label'}</span></a>
          : 'None') },
        { header: 'Close', cell: (r) => (r.link.open
          ? <ConfirmButton label={`Close link: ${r.link.label || 'no label'}, ${r.survey.title}`} danger confirmLabel="Close the link"
            question={`Close the link “${r.link.label || 'without a label'}” of ${r.survey.title}? It stops taking answers at once and cannot be reopened.`}
            onConfirm={() => void close(r.link, r.survey)} />
          : 'Closed') },
      ]} />
      <div role="status" aria-live="polite">{message}</div>
    </>
  );
}

export function NewLinkForm({ surveys, onSaved }: { surveys: VoiceSurvey[]; onSaved: () => void }) {
  const state = useAppState();
  const open = surveys.filter((s) => s.answersDeletedOn === null);
  const [form, setForm] = useState({ surveyId: String(open.at(-1)?.id ?? ''), label: '', expiresOn: '' });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: value(e) });
  const f = useForm('link-', { expiresOn: 'Last day', label: 'Where the link is used' });
  const submit = f.submit(async () => {
    const link = await state.api.voice.addLink(Number(form.surveyId), { ...(form.label.trim() ? { label: form.label } : {}), expiresOn: form.expiresOn });
    setForm({ ...form, label: '' });
    onSaved();
    return `Link made: ${link.label || 'without a label'}, open until ${day(link.expiresOn)}.`;
  });
  if (open.length === 0) return null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-link-title">
      <h3 id="new-link-title">Make another link</h3>
      <p>One link per place it is used (posters, intranet, a briefing), so a burst through one can be set aside without the rest.</p>
      {f.summary}
      <Field name="link-surveyId" label="Survey">{(p) => <select {...p} value={form.surveyId} onChange={set('surveyId')}>{open.map((s) => <option key={s.id} value={String(s.id)}>{surveyName(s)}</option>)}</select>}</Field>
      <Field name="link-label" label="Where it is used (optional)" error={f.error('label')}>{(p) => <input {...p} type="text" maxLength={120} value={form.label} onInput={set('label')} />}</Field>
      <DateField name="link-expiresOn" label="Last day it takes answers" error={f.error('expiresOn')} value={form.expiresOn} onChange={(v) => setForm({ ...form, expiresOn: v })} />
      <SubmitButton busy={f.busy}>Make the link</SubmitButton>
      {f.done && <Result text={f.done} />}
    </form>
  );
}

/** The office sets aside a burst: every answer and comment through one link on one day, with the reason. */
export function DiscardForm({ surveys, today, onSaved }: { surveys: VoiceSurvey[]; today: string; onSaved: () => void }) {
  const state = useAppState();
  const links = surveys.flatMap((s) => s.links.map((l) => ({ survey: s, link: l })));
  const [form, setForm] = useState({ link: links[0] ? `${links[0].survey.id}:${links[0].link.id}` : '', day: today, reason: '' });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: value(e) });
  const f = useForm('discard-', { linkId: 'Link', day: 'Day', reason: 'Reason' });
  const submit = f.submit(async () => {
    const [surveyId, linkId] = form.link.split(':').map(Number);
    const done = await state.api.voice.discard(surveyId!, { linkId: linkId!, day: form.day, reason: form.reason });
    setForm({ ...form, reason: '' });
    onSaved();
    return `Set aside ${done.responses} answer(s) and ${done.comments} comment(s) that came through that link on ${day(done.day)}. They are kept, and counted nowhere.`;
  });
  if (links.length === 0) return null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="discard-title">
      <h3 id="discard-title">Set aside a burst of answers</h3>
      <p>When answers through one link on one day look wrong (a link shared on social media, a hundred answers in minutes). The reason is recorded.</p>
      {f.summary}
      <Field name="discard-linkId" label="Link" error={f.error('linkId')}>
        {(p) => <select {...p} value={form.link} onChange={set('link')}>{links.map(({ survey, link }) => <option key={link.id} value={`${survey.id}:${link.id}`}>{`${surveyName(survey)}, ${link.label || 'no label'}`}</option>)}</select>}
      </Field>
      <DateField name="discard-day" label="Day the answers came in" error={f.error('day')} value={form.day} onChange={(v) => setForm({ ...form, day: v })} />
      <Field name="discard-reason" label="Reason" error={f.error('reason')}>{(p) => <textarea {...p} maxLength={1000} value={form.reason} onInput={set('reason')} />}</Field>
      <SubmitButton busy={f.busy}>Set the answers aside</SubmitButton>
      {f.done && <Result text={f.done} />}
    </form>
  );
}

/** A stage's score as a reading of a council-wide readiness criterion (source: pulse survey). */
export function FeedForm({ rounds, criteria, onSaved }: { rounds: VoiceResults['rounds']; criteria: Criterion[]; onSaved: () => void }) {
  const state = useAppState();
  const shown = rounds.filter((r) => !r.figures.suppressed && state.leads(r.councilId));
  const fits = criteria.filter((c) => c.scope === 'council' && (c.unit === 'score' || c.unit === 'percent'));
  const [form, setForm] = useState({ surveyId: String(shown.at(-1)?.surveyId ?? ''), stage: 'awareness', criterionId: String(fits[0]?.id ?? '') });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: value(e) });
  const f = useForm('feed-', { stage: 'Stage', criterionId: 'Criterion' });
  const submit = f.submit(async () => {
    const fed = await state.api.voice.feed(Number(form.surveyId), { stage: form.stage as 'awareness', criterionId: Number(form.criterionId) });
    onSaved();
    return `Reading recorded: ${fed.value}, dated ${day(fed.readingDate)}. ${fed.note}.`;
  });
  if (shown.length === 0 || fits.length === 0) {
    return <p>{shown.length === 0 ? 'No round you manage has enough answers to be used yet.' : 'No council-wide readiness criterion is measured as a score or a percent.'}</p>;
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="feed-title">
      <h3 id="feed-title">Record a stage’s score as a readiness reading</h3>
      <p>The mean (1 to 5) for a score criterion, the percent agreeing for a percent one; dated today, noted as from the survey.</p>
      {f.summary}
      <Field name="feed-surveyId" label="Round">{(p) => <select {...p} value={form.surveyId} onChange={set('surveyId')}>{shown.map((r) => <option key={r.surveyId} value={String(r.surveyId)}>{surveyName(r)}</option>)}</select>}</Field>
      <Field name="feed-stage" label="Stage" error={f.error('stage')}>{(p) => <select {...p} value={form.stage} onChange={set('stage')}>{STAGES.map(([k, name]) => <option key={k} value={k}>{name}</option>)}</select>}</Field>
      <Field name="feed-criterionId" label="Readiness criterion" error={f.error('criterionId')}>
        {(p) => <select {...p} value={form.criterionId} onChange={set('criterionId')}>{fits.map((c) => <option key={c.id} value={String(c.id)}>{`${c.name} (${c.unit})`}</option>)}</select>}
      </Field>
      <SubmitButton busy={f.busy}>Record the reading</SubmitButton>
      {f.done && <Result text={f.done} />}
    </form>
  );
}

/** Log an idea: from a published "what would you change?" comment, or typed in for a council. */
export function LogIdeaForm({ councils, published, onSaved }: { councils: Council[]; published: VoiceComment[]; onSaved: () => void }) {
  const state = useAppState();
  const mine = councils.filter((c) => state.leads(c.id));
  const [form, setForm] = useState({ source: '', councilId: String(mine[0]?.id ?? ''), title: '', youSaid: '' });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: value(e) });
  const f = useForm('idea-', { commentId: 'Comment', councilId: 'Council', title: 'Title', youSaid: 'You said' });
  const typed = form.source === '';
  const submit = f.submit(async () => {
    const idea = await state.api.voice.createIdea(typed
      ? { councilId: Number(form.councilId), title: form.title, youSaid: form.youSaid }
      : { commentId: Number(form.source), title: form.title });
    setForm({ ...form, title: '', youSaid: '', source: '' });
    onSaved();
    return `Idea logged: ${idea.title}.`;
  });
  if (mine.length === 0) return null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="log-idea-title">
      <h3 id="log-idea-title">Log an idea</h3>
      {f.summary}
      <Field name="idea-commentId" label="Where it came from" error={f.error('commentId')}>
        {(p) => (
          <select {...p} value={form.source} onChange={set('source')}>
            <option value="">Typed in (not from a published comment)</option>
            {published.map((c) => <option key={c.id} value={String(c.id)}>{`${c.councilName}: ${c.text.slice(0, 80)}`}</option>)}
          </select>
        )}
      </Field>
      {typed && (
        <>
          <Field name="idea-councilId" label="Council" error={f.error('councilId')}>
            {(p) => <select {...p} value={form.councilId} onChange={set('councilId')}>{mine.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
          </Field>
          <Field name="idea-youSaid" label="You said" hint="The idea in staff’s words, with nothing that identifies anyone." error={f.error('youSaid')}>
            {(p) => <textarea {...p} maxLength={1000} value={form.youSaid} onInput={set('youSaid')} />}
          </Field>
        </>
      )}
      <Field name="idea-title" label="Title" error={f.error('title')}>{(p) => <input {...p} type="text" maxLength={160} value={form.title} onInput={set('title')} />}</Field>
      <SubmitButton busy={f.busy}>Log the idea</SubmitButton>
      {f.done && <Result text={f.done} />}
    </form>
  );
}

/** Move an idea on: considering, adopted (with what was done, published at once) or not now (with the reason). */
export function IdeaStatusForm({ ideas, onSaved }: { ideas: VoiceIdea[]; onSaved: () => void }) {
  const state = useAppState();
  const mine = ideas.filter((i) => state.leads(i.councilId));
  const [form, setForm] = useState({ ideaId: String(mine[0]?.id ?? ''), status: 'considering', weDid: '', reason: '' });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: value(e) });
  const f = useForm('status-', { status: 'Status', weDid: 'What was done', reason: 'Why not now', decidedOn: 'Decided on' });
  const submit = f.submit(async () => {
    const idea = mine.find((i) => String(i.id) === form.ideaId)!;
    const saved = await state.api.voice.updateIdea(idea.id, idea.version, {
      status: form.status as VoiceIdea['status'],
      ...(form.status === 'adopted' ? { weDid: form.weDid } : {}),
      ...(form.status === 'not_now' ? { reason: form.reason } : {}),
    });
    setForm({ ...form, weDid: '', reason: '' });
    onSaved();
    return saved.status === 'adopted' ? `${saved.title}: adopted, and shown on the council’s “you said, we did” page.` : `${saved.title}: ${IDEA_STATUSES.find(([k]) => k === saved.status)![1].toLowerCase()}.`;
  });
  if (mine.length === 0) return null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="idea-status-title">
      <h3 id="idea-status-title">Move an idea on</h3>
      {f.summary}
      <Field name="status-ideaId" label="Idea">{(p) => <select {...p} value={form.ideaId} onChange={set('ideaId')}>{mine.map((i) => <option key={i.id} value={String(i.id)}>{`${i.councilName}: ${i.title}`}</option>)}</select>}</Field>
      <Field name="status-status" label="Status" error={f.error('status')}>{(p) => <select {...p} value={form.status} onChange={set('status')}>{IDEA_STATUSES.map(([k, name]) => <option key={k} value={k}>{name}</option>)}</select>}</Field>
      {form.status === 'adopted' && (
        <Field name="status-weDid" label="What was done" hint="Staff read this on the “you said, we did” page." error={f.error('weDid')}>
          {(p) => <textarea {...p} maxLength={1000} value={form.weDid} onInput={set('weDid')} />}
        </Field>
      )}
      {form.status === 'not_now' && (
        <Field name="status-reason" label="Why not now" hint="Staff deserve to hear the reason." error={f.error('reason')}>
          {(p) => <textarea {...p} maxLength={1000} value={form.reason} onInput={set('reason')} />}
        </Field>
      )}
      <SubmitButton busy={f.busy}>Save the idea</SubmitButton>
      {f.done && <Result text={f.done} />}
    </form>
  );
}
