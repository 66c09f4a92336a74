import { useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { Activity, Council, Wave } from '../../api/types.ts';
import '../../components/Engagement/engagement.css';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { AUDIENCE_WORDS, CHANNEL_WORDS } from '../../components/Engagement/words.ts';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { Field } from '../../components/Field/Field.tsx';
import { useAppState } from '../../state/app-state.ts';
import { DateField } from '../../components/DateInput/DateInput.tsx';

const LABELS: Record<string, string> = {
  waveId: 'Wave', councilIds: 'Councils', title: 'Title', channel: 'Channel', audience: 'Audience', audienceGroup: 'Group', dateMode: 'Date',
  offsetDays: 'Days from go-live', fixedDate: 'Fixed date', owner: 'Owner', peopleReached: 'People reached', attendance: 'Attendance',
  openRate: 'Open rate', doneOn: 'Done on', note: 'Note', activity: 'Activity',
};
const label = (field: string) => LABELS[field] ?? field;
/** Empty is null; anything else that is not a number goes to the server as typed, so its refusal names the field. */
export const numberOrNull = (text: string): number | string | null => (text.trim() === '' ? null : Number.isFinite(Number(text)) ? Number(text) : text);

export function ActivityForm({ waves, councils, onSaved }: { waves: Wave[]; councils: Council[]; onSaved: () => void }) {
  const state = useAppState();
  const blank = { waveId: waves[0] ? String(waves[0].id) : '', title: '', channel: 'briefing', audience: 'employees', audienceGroup: '', dateMode: 'relative', offsetDays: '-14', fixedDate: '', owner: '' };
  const [form, setForm] = useState(blank);
  const [chosen, setChosen] = useState<number[]>(councils.length === 1 ? [councils[0]!.id] : []);
  const [feedsReadiness, setFeedsReadiness] = useState(false);
  const { problem, error, onSubmit } = useProblem();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const submit = onSubmit(async () => {
    const relative = form.dateMode === 'relative';
    await state.api.engagement.createActivity({
      waveId: Number(form.waveId), councilIds: chosen, title: form.title, channel: form.channel, audience: form.audience,
      ...(form.audience === 'group' ? { audienceGroup: form.audienceGroup } : {}), dateMode: form.dateMode,
      offsetDays: relative ? numberOrNull(form.offsetDays) : null,
      fixedDate: relative ? null : form.fixedDate || null, owner: form.owner, ...(feedsReadiness ? { feedsReadiness } : {}),
    });
    setForm({ ...blank, waveId: form.waveId });
    state.announce('Activity added');
    onSaved();
  });
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={label} />}
      <Field name="waveId" label="Wave" error={error('waveId')}>
        {(p) => <select {...p} value={form.waveId} onChange={set('waveId')}>{waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name} (go-live {w.plannedGoLive})</option>)}</select>}
      </Field>
      <fieldset class={error('councilIds') ? 'field field--error' : 'field'} id="field-councilIds" tabIndex={-1}>
        <legend class="label">Councils</legend>
        {error('councilIds') && <p class="field-error"><span class="visually-hidden">Error:</span> {error('councilIds')}</p>}
        {councils.map((c) => (
          <label class="checkbox" key={c.id}>
            <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, c.id] : chosen.filter((id) => id !== c.id))} />
            {c.name}
          </label>
        ))}
      </fieldset>
      <Field name="title" label="Title" error={error('title')}>{(p) => <input {...p} type="text" value={form.title} onInput={set('title')} />}</Field>
      <Field name="channel" label="Channel" error={error('channel')}>
        {(p) => <select {...p} value={form.channel} onChange={set('channel')}>{Object.entries(CHANNEL_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
      </Field>
      <Field name="audience" label="Audience" error={error('audience')}>
        {(p) => <select {...p} value={form.audience} onChange={set('audience')}>{Object.entries(AUDIENCE_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
      </Field>
      {form.audience === 'group' && <Field name="audienceGroup" label="Group" hint="For example: Highways depots" error={error('audienceGroup')}>{(p) => <input {...p} type="text" value={form.audienceGroup} onInput={set('audienceGroup')} />}</Field>}
      <Field name="dateMode" label="Date" error={error('dateMode')}>
        {(p) => <select {...p} value={form.dateMode} onChange={set('dateMode')}><option value="relative">Relative to the wave go-live</option><option value="fixed">A fixed date</option></select>}
      </Field>
      {form.dateMode === 'relative'
        ? <Field name="offsetDays" label="Days from go-live" hint="Calendar days: negative before the go-live, positive after. A weekend moves to the Friday before." error={error('offsetDays')}>
            {(p) => <input {...p} type="text" inputMode="numeric" class="narrow-input" value={form.offsetDays} onInput={set('offsetDays')} />}
          </Field>
        : <DateField name="fixedDate" label="Fixed date" error={error('fixedDate')} value={form.fixedDate} onChange={(v) => setForm({ ...form, fixedDate: v })} />}
      <Field name="owner" label="Owner" error={error('owner')}>{(p) => <input {...p} type="text" value={form.owner} onInput={set('owner')} />}</Field>
      {state.isOffice.value && (
        <label class="checkbox field" id="field-feedsReadiness">
          <input type="checkbox" checked={feedsReadiness} onChange={(e) => setFeedsReadiness((e.target as HTMLInputElement).checked)} />
          When done, record its reach as the councils' communications reach reading
        </label>
      )}
      <div class="button-group"><button type="submit" class="button">Add activity</button></div>
    </form>
  );
}

export function DoneForm({ activities, onSaved }: { activities: Activity[]; onSaved: () => void }) {
  const state = useAppState();
  const blank = { activity: activities[0] ? String(activities[0].id) : '', outcome: 'done', peopleReached: '', attendance: '', openRate: '', note: '' };
  const [form, setForm] = useState(blank);
  const { problem, error, onSubmit } = useProblem();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  if (activities.length === 0) return <p class="empty">No planned activity of yours to record.</p>;
  const selected = form.activity && activities.some((a) => String(a.id) === form.activity) ? form.activity : String(activities[0]!.id);
  const submit = onSubmit(async () => {
    const activity = activities.find((a) => String(a.id) === selected)!;
    const done = form.outcome === 'done';
    await state.api.engagement.updateActivity(activity.id, {
      status: form.outcome,
      ...(done ? { peopleReached: numberOrNull(form.peopleReached), attendance: numberOrNull(form.attendance), openRate: numberOrNull(form.openRate) } : {}),
      ...(form.note.trim() ? { note: form.note } : {}),
    }, etagOf(activity.version));
    setForm({ ...blank, activity: '' });
    state.announce(done ? 'Activity recorded as done' : 'Activity cancelled');
    onSaved();
  });
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={label} />}
      <Field name="activity" label="Activity">
        {(p) => <select {...p} value={selected} onChange={set('activity')}>{activities.map((a) => <option key={a.id} value={String(a.id)}>{a.date}: {a.title} ({a.councils.map((c) => c.name).join(', ')})</option>)}</select>}
      </Field>
      <Field name="outcome" label="Outcome">
        {(p) => <select {...p} value={form.outcome} onChange={set('outcome')}><option value="done">Done</option><option value="cancelled">Cancelled</option></select>}
      </Field>
      {form.outcome === 'done' && (
        <>
          <Field name="peopleReached" label="People reached (optional)" error={error('peopleReached')}>{(p) => <input {...p} type="text" inputMode="numeric" class="narrow-input" value={form.peopleReached} onInput={set('peopleReached')} />}</Field>
          <Field name="attendance" label="Attendance (optional)" error={error('attendance')}>{(p) => <input {...p} type="text" inputMode="numeric" class="narrow-input" value={form.attendance} onInput={set('attendance')} />}</Field>
          <Field name="openRate" label="Open rate, % (optional)" error={error('openRate')}>{(p) => <input {...p} type="text" inputMode="decimal" class="narrow-input" value={form.openRate} onInput={set('openRate')} />}</Field>
        </>
      )}
      <Field name="note" label="Note (optional)" error={error('note')}>{(p) => <textarea {...p} value={form.note} onInput={set('note')} />}</Field>
      <div class="button-group"><button type="submit" class="button button--secondary">Record outcome</button></div>
    </form>
  );
}

export function TemplateForm({ waves, councils, onSaved }: { waves: Wave[]; councils: Council[]; onSaved: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState({ councilId: councils[0] ? String(councils[0].id) : '', waveId: waves[0] ? String(waves[0].id) : '' });
  const [result, setResult] = useState<string | null>(null);
  const { problem, error, onSubmit } = useProblem('template-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLSelectElement).value });
  const submit = onSubmit(async () => {
    const applied = await state.api.engagement.applyTemplate(Number(form.councilId), Number(form.waveId));
    const message = `${applied.created.length} activities added; ${applied.skipped.length} already planned and skipped.`;
    setResult(message);
    state.announce(message);
    onSaved();
  });
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ 'template-councilId': 'Council', 'template-waveId': 'Wave' })[f] ?? f} />}
      <Field name="template-councilId" label="Council" error={error('councilId')}>
        {(p) => <select {...p} value={form.councilId} onChange={set('councilId')}>{councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
      </Field>
      <Field name="template-waveId" label="Wave" error={error('waveId')}>
        {(p) => <select {...p} value={form.waveId} onChange={set('waveId')}>{waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name}</option>)}</select>}
      </Field>
      <div class="button-group"><button type="submit" class="button button--secondary">Apply template</button></div>
      {result && <p class="notice notice--success">{result}</p>}
    </form>
  );
}
