import { format } from 'date-fns';
import { useState } from 'preact/hooks';
import { asApiError, etagOf } from '../api/client.ts';
import type { Activity, Council, Wave } from '../api/types.ts';
import { ActivityList } from '../components/Engagement/ActivityList.tsx';
import '../components/Engagement/engagement.css';
import { MonthCalendar } from '../components/Engagement/MonthCalendar.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { AUDIENCE_WORDS, CHANNEL_WORDS, whenWords, word } from '../components/Engagement/words.ts';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import { DateField } from '../components/DateInput/DateInput.tsx';

/** The communications calendar: every wave's activities, as a list or a month, with the forms to plan and record them. */
export function Communications() {
  usePageTitle('Communications plan');
  const state = useAppState();
  const [filter, setFilter] = useState({ waveId: '', councilId: '' });
  const [view, setView] = useState<'list' | 'month'>('list');
  const [month, setMonth] = useState(format(new Date(), 'yyyy-MM'));
  const refs = useResource(async () => {
    const [waves, councils] = await Promise.all([state.api.waves.list(), state.api.councils.list()]);
    return { waves: waves.data, councils: councils.data };
  }, []);
  const activities = useResource(() => state.api.engagement.activities({ waveId: filter.waveId || undefined, councilId: filter.councilId || undefined }).then((p) => p.data),
    [filter.waveId, filter.councilId]);
  const user = state.user.value;
  const mine = (councils: Council[]) => councils.filter((c) => state.leads(c.id));
  /** The user may change an activity only when they lead every council it is for. */
  const leadsAll = (a: Activity) => a.councils.every((c) => state.leads(c.councilId));
  const set = (key: keyof typeof filter) => (e: Event) => setFilter({ ...filter, [key]: (e.target as HTMLSelectElement).value });
  const [removal, setRemoval] = useState<string | null>(null);
  const removeActivity = async (activity: Activity) => {
    try {
      await state.api.engagement.deleteActivity(activity.id, etagOf(activity.version));
      setRemoval(null);
      state.announce(`Deleted ${activity.title}`);
      activities.reload();
    } catch (error) {
      setRemoval(asApiError(error, 'Deleting failed.').message);
    }
  };

  return (
    <>
      <h1>Communications plan</h1>
      {removal && <div class="notice notice--error" role="alert"><p>{removal}</p></div>}
      <p class="lede">Messages drip-fed across channels before and after each go-live. Dates relative to a go-live move when the wave moves.</p>
      <Loaded resource={refs} what="waves and councils">
        {(r) => (
          <>
            <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter activities">
              <Field name="filter-wave" label="Wave">
                {(p) => <select {...p} value={filter.waveId} onChange={set('waveId')}><option value="">All waves</option>{r.waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name}</option>)}</select>}
              </Field>
              <Field name="filter-council" label="Council">
                {(p) => <select {...p} value={filter.councilId} onChange={set('councilId')}><option value="">All councils</option>{r.councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
              </Field>
              <fieldset>
                <legend class="label">Show as</legend>
                <div class="radios">
                  <label><input type="radio" name="view" value="list" checked={view === 'list'} onChange={() => setView('list')} /> List</label>
                  <label><input type="radio" name="view" value="month" checked={view === 'month'} onChange={() => setView('month')} /> Month</label>
                </div>
              </fieldset>
            </form>
            <Loaded resource={activities} what="activities">
              {(list) => (
                <>
                  <p>{list.filter((a) => a.overdue).length} overdue, {list.filter((a) => a.dueThisWeek).length} due this week, {list.length} in all.</p>
                  {view === 'list'
                    ? <ActivityList caption="Communications activities, in date order" activities={list} empty="No activities match."
                      onDelete={user && user.role !== 'sponsor' ? { allowed: leadsAll, remove: (a) => void removeActivity(a) } : undefined} />
                    : <MonthCalendar month={month} activities={list} onMonth={setMonth} />}
                  {mine(r.councils).length > 0 && (
                    <Plan waves={r.waves} councils={mine(r.councils)} activities={list.filter((a) => a.status === 'planned' && leadsAll(a))} onSaved={activities.reload} />
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

function Plan({ waves, councils, activities, onSaved }: { waves: Wave[]; councils: Council[]; activities: Activity[]; onSaved: () => void }) {
  const state = useAppState();
  return (
    <section aria-labelledby="plan-title" class="report">
      <h2 id="plan-title">Plan and record</h2>
      <h3>Record an activity as done or cancelled</h3>
      <DoneForm activities={activities} onSaved={onSaved} />
      <h3>Add an activity</h3>
      <ActivityForm waves={waves} councils={councils} onSaved={onSaved} />
      <h3>Apply the standard template</h3>
      <TemplateForm waves={waves} councils={councils} onSaved={onSaved} />
      {state.isOffice.value && <StandardTemplate />}
    </section>
  );
}

const LABELS: Record<string, string> = {
  waveId: 'Wave', councilIds: 'Councils', title: 'Title', channel: 'Channel', audience: 'Audience', audienceGroup: 'Group', dateMode: 'Date',
  offsetDays: 'Days from go-live', fixedDate: 'Fixed date', owner: 'Owner', peopleReached: 'People reached', attendance: 'Attendance',
  openRate: 'Open rate', doneOn: 'Done on', note: 'Note', activity: 'Activity',
};
const label = (field: string) => LABELS[field] ?? field;
/** Empty is null; anything else that is not a number goes to the server as typed, so its refusal names the field. */
const numberOrNull = (text: string): number | string | null => (text.trim() === '' ? null : Number.isFinite(Number(text)) ? Number(text) : text);

function ActivityForm({ waves, councils, onSaved }: { waves: Wave[]; councils: Council[]; onSaved: () => void }) {
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

function DoneForm({ activities, onSaved }: { activities: Activity[]; onSaved: () => void }) {
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

function TemplateForm({ waves, councils, onSaved }: { waves: Wave[]; councils: Council[]; onSaved: () => void }) {
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

/** The programme office's standard drip-feed: its rows, and a form to add one. */
function StandardTemplate() {
  const state = useAppState();
  const rows = useResource(() => state.api.engagement.templates().then((p) => p.data), []);
  const blank = { title: '', channel: 'briefing', audience: 'both', offsetDays: '-14' };
  const [form, setForm] = useState(blank);
  const { problem, error, onSubmit } = useProblem('template-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const submit = onSubmit(async () => {
    await state.api.engagement.createTemplate({ title: form.title, channel: form.channel, audience: form.audience, offsetDays: numberOrNull(form.offsetDays) });
    setForm(blank);
    state.announce('Template activity added');
    rows.reload();
  });
  return (
    <>
      <h3>The standard template</h3>
      <Loaded resource={rows} what="the template">
        {(list) => (
          <DataTable caption="The standard drip-feed, by days from go-live" rows={list} rowKey={(t) => t.id} empty="The template is empty." columns={[
            { header: 'When', cell: (t) => whenWords({ dateMode: 'relative', offsetDays: t.offsetDays }) },
            { header: 'Activity', rowHeader: true, cell: (t) => t.title },
            { header: 'Channel', cell: (t) => word(CHANNEL_WORDS, t.channel) },
            { header: 'Audience', cell: (t) => (t.audience === 'group' ? t.audienceGroup : word(AUDIENCE_WORDS, t.audience)) },
          ]} />
        )}
      </Loaded>
      <form onSubmit={submit} noValidate>
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ 'template-title': 'Template title', 'template-offsetDays': 'Template days from go-live', 'template-channel': 'Template channel', 'template-audience': 'Template audience' })[f] ?? f} />}
        <Field name="template-title" label="Template activity title" error={error('title')}>{(p) => <input {...p} type="text" value={form.title} onInput={set('title')} />}</Field>
        <Field name="template-channel" label="Template channel" error={error('channel')}>
          {(p) => <select {...p} value={form.channel} onChange={set('channel')}>{Object.entries(CHANNEL_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
        </Field>
        <Field name="template-audience" label="Template audience" error={error('audience')}>
          {(p) => <select {...p} value={form.audience} onChange={set('audience')}>{Object.entries(AUDIENCE_WORDS).filter(([k]) => k !== 'group').map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
        </Field>
        <Field name="template-offsetDays" label="Template days from go-live" hint="Negative before the go-live, positive after" error={error('offsetDays')}>
          {(p) => <input {...p} type="text" inputMode="numeric" class="narrow-input" value={form.offsetDays} onInput={set('offsetDays')} />}
        </Field>
        <div class="button-group"><button type="submit" class="button button--secondary">Add to template</button></div>
      </form>
    </>
  );
}
