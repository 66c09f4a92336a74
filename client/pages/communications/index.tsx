import { format } from 'date-fns';
import { useState } from 'preact/hooks';
import { asApiError, etagOf } from '../../api/client.ts';
import type { Activity, Council, Wave } from '../../api/types.ts';
import { ActivityList } from '../../components/Engagement/ActivityList.tsx';
import '../../components/Engagement/engagement.css';
import { MonthCalendar } from '../../components/Engagement/MonthCalendar.tsx';
import { Field } from '../../components/Field/Field.tsx';
import { usePageTitle } from '../../components/Layout/Layout.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { ActivityForm, DoneForm, TemplateForm } from './ActivityForms.tsx';
import { StandardTemplate } from './StandardTemplate.tsx';

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
