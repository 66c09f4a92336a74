import { useState } from 'preact/hooks';
import { asApiError, etagOf } from '../api/client.ts';
import type { Council, Criterion, ErrorDetail, Feature, RolloutItem, User, Wave } from '../api/types.ts';
import type { BaselineComparison } from '../api/baseline-types.ts';
import { BaselineDiff } from '../components/BaselineDiff/BaselineDiff.tsx';
import { ConfirmButton } from '../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { DateField, DateInput } from '../components/DateInput/DateInput.tsx';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day, instant, statusWord } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';


/** The programme office's workbench: assign items to waves, move wave dates, approve baselines, see the catalogue and users. */
export function Planning() {
  usePageTitle('Planning');
  const state = useAppState();
  if (!state.isOffice.value) {
    return (
      <>
        <h1>Planning</h1>
        <p>Only the programme office can plan waves and approve baselines. <a href="/">Go to the programme overview</a>.</p>
      </>
    );
  }
  return (
    <>
      <h1>Planning</h1>
      <nav aria-label="Planning sections">
        <ul class="inline-links">
          <li><a href="#plan-grid">Plan</a></li>
          <li><a href="#wave-dates">Wave dates</a></li>
          <li><a href="#baselines">Baselines</a></li>
          <li><a href="#councils">Councils</a></li>
          <li><a href="#features">Features</a></li>
          <li><a href="#criteria">Criteria</a></li>
          <li><a href="#users">Users</a></li>
        </ul>
      </nav>
      <PlanGrid />
      <WaveDates />
      <Baselines />
      <Councils />
      <Features />
      <CriteriaTable />
      <Users />
    </>
  );
}

function problemOf(e: unknown): { message: string; details: ErrorDetail[] } {
  const err = asApiError(e, 'Saving failed.');
  return { message: err.message, details: err.details };
}

/** A council × feature grid of wave choices; every change is saved together, or none. */
function PlanGrid() {
  const state = useAppState();
  const data = useResource(async () => {
    const [councils, features, waves, items] = await Promise.all([state.api.councils.list(), state.api.features.list(), state.api.waves.list(), state.api.items.list()]);
    return { councils: councils.data, features: features.data, waves: waves.data, items: items.data };
  }, []);
  const [changes, setChanges] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [why, setWhy] = useState({ reasonCategory: '', reason: '' });

  const save = async (event: Event) => {
    event.preventDefault();
    const entries = Object.entries(changes);
    if (entries.length === 0) return setProblem({ message: 'Nothing has changed.', details: [] });
    try {
      const result = await state.api.items.assign(entries.map(([key, wave]) => {
        const [councilId, featureId] = key.split(':').map(Number) as [number, number];
        return { councilId, featureId, waveId: wave ? Number(wave) : null };
      }), why);
      setProblem(null);
      setChanges({});
      setWhy({ reasonCategory: '', reason: '' });
      setSaved(`Saved: ${result.updated} item(s) moved, ${result.created} added.`);
      state.announce('Plan saved');
      data.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };

  return (
    <section id="plan-grid" aria-labelledby="plan-grid-title">
      <h2 id="plan-grid-title">Plan: which wave each council takes each feature in</h2>
      <Loaded resource={data} what="the plan">
        {({ councils, features, waves, items }: { councils: Council[]; features: Feature[]; waves: Wave[]; items: RolloutItem[] }) => {
          const itemOf = new Map(items.map((i) => [`${i.councilId}:${i.featureId}`, i]));
          return (
            <form onSubmit={save} noValidate>
              {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ reasonCategory: 'Why: category', reason: 'Why, in a sentence' })[f] ?? ''} />}
              {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
              <div class="table-wrap" role="region" aria-label="Plan grid" tabIndex={0}>
                <table>
                  <caption>Wave of each council and feature</caption>
                  <thead><tr><th scope="col">Feature</th>{councils.map((c) => <th scope="col" key={c.id}>{c.code}<span class="visually-hidden"> {c.name}</span></th>)}</tr></thead>
                  <tbody>
                    {features.map((f) => (
                      <tr key={f.id}>
                        <th scope="row">{f.name}</th>
                        {councils.map((c) => {
                          const key = `${c.id}:${f.id}`;
                          const item = itemOf.get(key);
                          const value = changes[key] ?? (item?.waveId ? String(item.waveId) : '');
                          const live = item?.status === 'live';
                          return (
                            <td key={c.id}>
                              <label class="visually-hidden" for={`wave-${key}`}>Wave for {f.name} at {c.name}</label>
                              <select id={`wave-${key}`} value={value} disabled={live} onChange={(e) => setChanges({ ...changes, [key]: (e.target as HTMLSelectElement).value })}>
                                <option value="">Not scheduled</option>
                                {waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name}</option>)}
                              </select>
                              {live && <span class="tag">Live</span>}
                              {changes[key] !== undefined && <span class="tag">Changed</span>}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p>Moving an item that already has a wave needs a reason: it is kept with the move and shown wherever the slippage is.</p>
              <ReasonFields prefix="plan" value={why} onChange={setWhy} problem={problem} />
              <div class="button-group">
                <button type="submit" class="button">Save plan changes{Object.keys(changes).length ? ` (${Object.keys(changes).length})` : ''}</button>
                {Object.keys(changes).length > 0 && <button type="button" class="button button--secondary" onClick={() => setChanges({})}>Undo changes</button>}
              </div>
            </form>
          );
        }}
      </Loaded>
    </section>
  );
}

/** Move a wave's go-live: every item without a date of its own moves with it. */
/** Why a date of the plan moves: the categories the API takes (docs/metrics.md, "Plan moves and reasons"). */
const REASON_CATEGORIES = [
  ['supplier_delay', 'Supplier delay'], ['readiness', 'Readiness'], ['business_decision', 'Business decision'], ['dependency', 'Dependency'], ['other', 'Other'],
] as const;

/** The reason fields of a move or a re-baseline: a category and a sentence, both needed by the server. */
function ReasonFields({ prefix, value, onChange, problem }: {
  prefix: string; value: { reasonCategory: string; reason: string }; onChange: (v: { reasonCategory: string; reason: string }) => void;
  problem: { details: ErrorDetail[] } | null;
}) {
  const error = (f: string) => problem?.details.find((d) => d.field === f)?.message;
  return (
    <>
      <Field name={`${prefix}-reasonCategory`} label="Why: category" error={error('reasonCategory')}>
        {(p) => (
          <select {...p} value={value.reasonCategory} onChange={(e) => onChange({ ...value, reasonCategory: (e.target as HTMLSelectElement).value })}>
            <option value="">Choose a category</option>
            {REASON_CATEGORIES.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        )}
      </Field>
      <Field name={`${prefix}-reason`} label="Why, in a sentence" hint="Shown on the items, in late against the baseline and in the board report" error={error('reason')}>
        {(p) => <input {...p} type="text" value={value.reason} onInput={(e) => onChange({ ...value, reason: (e.target as HTMLInputElement).value })} />}
      </Field>
    </>
  );
}

function WaveDates() {
  const state = useAppState();
  const [why, setWhy] = useState({ reasonCategory: '', reason: '' });
  const waves = useResource(() => state.api.waves.list().then((p) => p.data), []);
  const [dates, setDates] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const [form, setForm] = useState({ name: '', sequence: '', plannedGoLive: '' });
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (f: string) => problem?.details.find((d) => d.field === `wave-${f}`)?.message;
  const add = async (event: Event) => {
    event.preventDefault();
    try {
      await state.api.waves.create({ name: form.name, sequence: form.sequence.trim() === '' ? Number.NaN : Number(form.sequence), plannedGoLive: form.plannedGoLive });
      setProblem(null);
      setForm({ name: '', sequence: '', plannedGoLive: '' });
      state.announce('Wave added');
      waves.reload();
    } catch (e) {
      const p = problemOf(e);
      setProblem({ ...p, details: p.details.map((d) => ({ ...d, field: `wave-${d.field}` })) });
    }
  };
  const save = async (wave: Wave) => {
    try {
      const move = { plannedGoLive: dates[wave.id], ...(why.reasonCategory ? { reasonCategory: why.reasonCategory } : {}), ...(why.reason ? { reason: why.reason } : {}) };
      await state.api.waves.update(wave.id, move as Partial<Wave>, etagOf(wave.version));
      setProblem(null);
      setWhy({ reasonCategory: '', reason: '' });
      state.announce(`${wave.name} moved`);
      waves.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  return (
    <section id="wave-dates" aria-labelledby="wave-dates-title">
      <h2 id="wave-dates-title">Wave dates</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ 'wave-name': 'Name', 'wave-sequence': 'Order', 'wave-plannedGoLive': 'Planned go-live', reasonCategory: 'Why: category', reason: 'Why, in a sentence' })[f] ?? ''} />}
      <p>Moving a wave needs a reason: it is kept with the move and shown wherever the slippage is.</p>
      <ReasonFields prefix="wave-move" value={why} onChange={setWhy} problem={problem} />
      <Loaded resource={waves} what="the waves">
        {(list) => (
          <DataTable caption="Planned go-live of each wave" rows={list} rowKey={(w) => w.id} columns={[
            { header: 'Wave', rowHeader: true, cell: (w) => <a href={`/waves/${w.id}`}>{w.name}</a> },
            { header: 'Status', cell: (w) => statusWord(w.status) },
            { header: 'Planned go-live', cell: (w) => day(w.plannedGoLive) },
            {
              header: 'Move to',
              cell: (w) => (
                <span class="inline-form">
                  <DateInput id={`wave-date-${w.id}`} legend={`New go-live date for ${w.name}`} value={dates[w.id] ?? w.plannedGoLive} onChange={(iso) => setDates({ ...dates, [w.id]: iso })} />
                  <ConfirmButton label="Move" disabled={!dates[w.id] || dates[w.id] === w.plannedGoLive}
                    question={`Move ${w.name} to ${day(dates[w.id] ?? w.plannedGoLive)}? Items without a date of their own move with it.`}
                    confirmLabel="Move the wave" onConfirm={() => void save(w)} />
                </span>
              ),
            },
          ]} />
        )}
      </Loaded>
      <h3>Add a wave</h3>
      <form onSubmit={add} noValidate>
        <Field name="wave-name" label="Name" hint="For example: W4 Manager approvals" error={error('name')}>{(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}</Field>
        <Field name="wave-sequence" label="Order" hint="A whole number; waves are listed in this order" error={error('sequence')}>{(p) => <input {...p} type="text" inputMode="numeric" value={form.sequence} onInput={set('sequence')} />}</Field>
        <DateField name="wave-plannedGoLive" label="Planned go-live" error={error('plannedGoLive')} value={form.plannedGoLive} onChange={(v) => setForm({ ...form, plannedGoLive: v })} />
        <div class="button-group"><button type="submit" class="button">Add wave</button></div>
      </form>
    </section>
  );
}

function Baselines() {
  const state = useAppState();
  const list = useResource(() => state.api.baselines.list().then((p) => p.data), []);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [approvedBy, setApprovedBy] = useState('');
  const [why, setWhy] = useState({ reasonCategory: '', reason: '' });
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** The preview: what approving now would change against the baseline in force, item by item. */
  const [preview, setPreview] = useState<BaselineComparison | null>(null);
  const [previewProblem, setPreviewProblem] = useState<string | null>(null);
  const showPreview = async () => {
    try {
      setPreview(await state.api.baselines.compare());
      setPreviewProblem(null);
    } catch (e) {
      setPreview(null);
      setPreviewProblem(problemOf(e).message);
    }
  };
  const approve = async () => {
    try {
      const baseline = await state.api.baselines.approve(name, note, approvedBy.trim() || undefined, why);
      setWhy({ reasonCategory: '', reason: '' });
      setProblem(null);
      setSaved(`Baseline “${baseline.name}” approved: ${baseline.itemCount} items frozen. Slippage is now measured against it.`);
      setName('');
      setNote('');
      setPreview(null);
      list.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  return (
    <section id="baselines" aria-labelledby="baselines-title">
      <h2 id="baselines-title">Baselines</h2>
      <p>Approving a baseline freezes every item's wave and date. Progress and slippage are judged against the latest one, and
        against the original beside it: a re-baseline never hides slippage. A re-baseline needs a named approver and a reason.</p>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ name: 'Name', reasonCategory: 'Why: category', reason: 'Why, in a sentence' })[f] ?? f} />}
      {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        <Field name="name" label="Name of the baseline" hint="For example: Plan v2, after the March board" error={problem?.details.find((d) => d.field === 'name')?.message}>
          {(p) => <input {...p} type="text" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field name="note" label="Note (optional)">{(p) => <input {...p} type="text" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />}</Field>
        <Field name="approvedBy" label="Approved by" hint="For example: the programme board; you if left empty">{(p) => <input {...p} type="text" value={approvedBy} onInput={(e) => setApprovedBy((e.target as HTMLInputElement).value)} />}</Field>
        <ReasonFields prefix="baseline" value={why} onChange={setWhy} problem={problem} />
        <div class="button-group">
          <button type="button" class="button button--secondary" onClick={() => void showPreview()}>Preview what would change</button>
          <ConfirmButton label="Approve the current plan as a baseline" question="Freeze the current plan as a new baseline? Slippage will be measured against it from now on."
            confirmLabel="Approve baseline" onConfirm={() => void approve()} />
        </div>
      </form>
      {previewProblem && <p class="hint" role="status">{previewProblem}</p>}
      {preview && (
        <section aria-labelledby="baseline-preview-title" class="baseline-preview">
          <h3 id="baseline-preview-title" tabIndex={-1}>If the current plan were approved now</h3>
          <BaselineDiff diff={preview} laterName="the new baseline" />
        </section>
      )}
      <p><a href="/baselines">Compare any two baselines</a></p>
      <Loaded resource={list} what="the baselines">
        {(rows) => (
          <DataTable caption="Approved baselines, newest first" rows={rows} rowKey={(b) => b.id} columns={[
            { header: 'Name', rowHeader: true, cell: (b) => b.name },
            { header: 'Approved by', cell: (b) => b.approvedBy },
            { header: 'Why', cell: (b) => b.reason || '—' },
            { header: 'When', cell: (b) => instant(b.approvedAt) },
            { header: 'Items', numeric: true, cell: (b) => String(b.itemCount) },
          ]} />
        )}
      </Loaded>
    </section>
  );
}

/** Councils: list, add, delete (refused with the reason while items or history depend on them), archive and unarchive. */
function Councils() {
  const state = useAppState();
  const list = useResource(() => state.api.councils.list().then((p) => p.data), []);
  const archivedList = useResource(() => state.api.councils.archived().then((p) => p.data), []);
  const [form, setForm] = useState({ name: '', code: '', staffHeadcount: '', managerHeadcount: '' });
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  // Field ids are prefixed: the baseline form on this page has a "name" too.
  const error = (f: string) => problem?.details.find((d) => d.field === `council-${f}`)?.message;
  const fail = (e: unknown) => {
    const p = problemOf(e);
    setProblem({ ...p, details: p.details.map((d) => ({ ...d, field: `council-${d.field}` })) });
  };
  const whole = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const add = async (event: Event) => {
    event.preventDefault();
    try {
      await state.api.councils.create({ name: form.name, code: form.code, staffHeadcount: whole(form.staffHeadcount), managerHeadcount: whole(form.managerHeadcount) });
      setProblem(null);
      setForm({ name: '', code: '', staffHeadcount: '', managerHeadcount: '' });
      state.announce('Council added');
      list.reload();
    } catch (e) {
      fail(e);
    }
  };
  const remove = async (council: Council) => {
    try {
      await state.api.councils.remove(council.id, etagOf(council.version));
      setProblem(null);
      state.announce(`${council.name} deleted`);
      list.reload();
    } catch (e) {
      fail(e);
    }
  };
  const archive = async (council: Council, archived: boolean) => {
    try {
      await state.api.councils[archived ? 'archive' : 'unarchive'](council.id, etagOf(council.version));
      setProblem(null);
      state.announce(archived ? `${council.name} archived` : `${council.name} is back in the plan`);
      list.reload();
      archivedList.reload();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <section id="councils" aria-labelledby="councils-title">
      <h2 id="councils-title">Councils</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ 'council-name': 'Name', 'council-code': 'Code', 'council-staffHeadcount': 'Staff', 'council-managerHeadcount': 'Managers' })[f] ?? ''} />}
      <Loaded resource={list} what="the councils">
        {(rows) => (
          <DataTable caption="Councils in the programme" rows={rows} rowKey={(c) => c.id} columns={[
            { header: 'Council', rowHeader: true, cell: (c) => <a href={`/councils/${c.id}`}>{c.name}</a> },
            { header: 'Code', cell: (c) => c.code },
            { header: 'Staff', numeric: true, cell: (c) => c.staffHeadcount.toLocaleString('en-GB') },
            { header: 'Managers', numeric: true, cell: (c) => c.managerHeadcount.toLocaleString('en-GB') },
            { header: 'Groups', cell: (c) => c.groups.map((g) => g.name).join(', ') || '—' },
            { header: 'Delete', cell: (c) => <ConfirmButton label={`Delete ${c.code}`} danger question={`Delete ${c.name}? This cannot be undone.`} confirmLabel="Delete the council" onConfirm={() => void remove(c)} /> },
            {
              header: 'Archive',
              cell: (c) => <ConfirmButton label={`Archive ${c.code}`} question={`Archive ${c.name}? It leaves the plan's lists; its history, exports and reports keep it, and it can be brought back.`} confirmLabel="Archive the council" onConfirm={() => void archive(c, true)} />,
            },
          ]} />
        )}
      </Loaded>
      <Loaded resource={archivedList} what="the archived councils">
        {(rows) => rows.length === 0 ? null : (
          <DataTable caption="Archived councils" rows={rows} rowKey={(c) => c.id} columns={[
            { header: 'Council', rowHeader: true, cell: (c) => <a href={`/councils/${c.id}`}>{c.name}</a> },
            { header: 'Archived', cell: (c) => (c.archivedAt ? instant(c.archivedAt) : '—') },
            { header: 'Bring back', cell: (c) => <button type="button" class="button button--secondary" onClick={() => void archive(c, false)}>{`Unarchive ${c.code}`}</button> },
          ]} />
        )}
      </Loaded>
      <h3>Add a council</h3>
      <form onSubmit={add} noValidate>
        <Field name="council-name" label="Name" error={error('name')}>{(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}</Field>
        <Field name="council-code" label="Short code" hint="Letters and digits, e.g. NMC" error={error('code')}>{(p) => <input {...p} type="text" value={form.code} onInput={set('code')} />}</Field>
        <Field name="council-staffHeadcount" label="Staff headcount" error={error('staffHeadcount')}>{(p) => <input {...p} type="text" inputMode="numeric" value={form.staffHeadcount} onInput={set('staffHeadcount')} />}</Field>
        <Field name="council-managerHeadcount" label="Manager headcount" error={error('managerHeadcount')}>{(p) => <input {...p} type="text" inputMode="numeric" value={form.managerHeadcount} onInput={set('managerHeadcount')} />}</Field>
        <div class="button-group"><button type="submit" class="button">Add council</button></div>
      </form>
    </section>
  );
}

/** Features: list and add. */
function Features() {
  const state = useAppState();
  const list = useResource(() => state.api.features.list().then((p) => p.data), []);
  const [form, setForm] = useState({ name: '', code: '', audience: 'employees', benefit: '' });
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (f: string) => problem?.details.find((d) => d.field === `feature-${f}`)?.message;
  const add = async (event: Event) => {
    event.preventDefault();
    try {
      await state.api.features.create({ name: form.name, code: form.code, audience: form.audience as Feature['audience'], benefit: form.benefit });
      setProblem(null);
      setForm({ name: '', code: '', audience: 'employees', benefit: '' });
      state.announce('Feature added');
      list.reload();
    } catch (e) {
      const p = problemOf(e);
      setProblem({ ...p, details: p.details.map((d) => ({ ...d, field: `feature-${d.field}` })) });
    }
  };
  return (
    <section id="features" aria-labelledby="features-title">
      <h2 id="features-title">Features</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ 'feature-name': 'Name', 'feature-code': 'Code', 'feature-benefit': 'Benefit', 'feature-audience': 'Who uses it' })[f] ?? ''} />}
      <Loaded resource={list} what="the features">
        {(rows) => (
          <DataTable caption="Self-service features" rows={rows} rowKey={(f) => f.id} columns={[
            { header: 'Feature', rowHeader: true, cell: (f) => f.name },
            { header: 'Code', cell: (f) => f.code },
            { header: 'For', cell: (f) => f.audience },
            { header: "What's in it for me", cell: (f) => f.benefit || '—' },
          ]} />
        )}
      </Loaded>
      <h3>Add a feature</h3>
      <form onSubmit={add} noValidate>
        <Field name="feature-name" label="Name" error={error('name')}>{(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}</Field>
        <Field name="feature-code" label="Short code" error={error('code')}>{(p) => <input {...p} type="text" value={form.code} onInput={set('code')} />}</Field>
        <Field name="feature-audience" label="Who uses it">
          {(p) => <select {...p} value={form.audience} onChange={set('audience')}><option value="employees">Employees</option><option value="managers">Managers</option><option value="both">Both</option></select>}
        </Field>
        <Field name="feature-benefit" label="What's in it for me, in one line" error={error('benefit')}>{(p) => <input {...p} type="text" value={form.benefit} onInput={set('benefit')} />}</Field>
        <div class="button-group"><button type="submit" class="button">Add feature</button></div>
      </form>
    </section>
  );
}

/** The criteria catalogue, with each criterion's target and amber threshold editable in place. */
function CriteriaTable() {
  const state = useAppState();
  const criteria = useResource(() => state.api.criteria.list().then((p) => p.data), []);
  const [edits, setEdits] = useState<Record<number, { target?: string; amberThreshold?: string }>>({});
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const edit = (id: number, key: 'target' | 'amberThreshold') => (e: Event) => setEdits({ ...edits, [id]: { ...edits[id], [key]: (e.target as HTMLInputElement).value } });
  const save = async (c: Criterion) => {
    const change = edits[c.id] ?? {};
    const number = (text: string | undefined, fallback: number) => (text === undefined || text.trim() === '' ? fallback : Number(text));
    try {
      await state.api.criteria.update(c.id, { target: number(change.target, c.target), amberThreshold: number(change.amberThreshold, c.amberThreshold) }, etagOf(c.version));
      setProblem(null);
      // The typed value stays in the field until the saved one has been read back, never the old one in between.
      await criteria.reload();
      setEdits(({ [c.id]: _saved, ...rest }) => rest);
      state.announce(`${c.name} saved`);
    } catch (e) {
      const p = problemOf(e);
      setProblem({ ...p, details: p.details.map((d) => ({ ...d, field: `criterion-${c.id}-${d.field}` })) });
    }
  };
  return (
    <section id="criteria" aria-labelledby="criteria-title">
      <h2 id="criteria-title">Criteria</h2>
      <p>Targets apply to every council unless overridden; changing one re-colours every item at once. The rules are in the readiness document.</p>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
      <Loaded resource={criteria} what="the criteria">
        {(rows) => (
          <DataTable caption="Readiness and adoption criteria" rows={rows} rowKey={(c) => c.id} columns={[
            { header: 'Criterion', rowHeader: true, cell: (c) => <>{c.name}{c.mandatory && <span class="tag">Mandatory</span>}</> },
            { header: 'Phase', cell: (c) => c.phase },
            { header: 'Measured', cell: (c) => (c.scope === 'feature' ? 'per feature' : 'per council') },
            { header: 'Unit', cell: (c) => `${c.unit}, ${c.direction} is better` },
            {
              header: 'Target',
              cell: (c) => (
                <>
                  <label class="visually-hidden" for={`field-criterion-${c.id}-target`}>Target for {c.name}</label>
                  <input id={`field-criterion-${c.id}-target`} type="text" inputMode="decimal" class="narrow-input" value={edits[c.id]?.target ?? String(c.target)} onInput={edit(c.id, 'target')} />
                </>
              ),
            },
            {
              header: 'Amber',
              cell: (c) => (
                <>
                  <label class="visually-hidden" for={`field-criterion-${c.id}-amberThreshold`}>Amber threshold for {c.name}</label>
                  <input id={`field-criterion-${c.id}-amberThreshold`} type="text" inputMode="decimal" class="narrow-input" value={edits[c.id]?.amberThreshold ?? String(c.amberThreshold)} onInput={edit(c.id, 'amberThreshold')} />
                </>
              ),
            },
            { header: 'Weight', numeric: true, cell: (c) => String(c.weight) },
            { header: 'Save', cell: (c) => <button type="button" class="button button--secondary" disabled={!edits[c.id]} onClick={() => void save(c)}>Save {c.code}</button> },
          ]} />
        )}
      </Loaded>
    </section>
  );
}

function Users() {
  const state = useAppState();
  const data = useResource(async () => ({ users: (await state.api.users.list()).data, councils: (await state.api.councils.list()).data }), []);
  const [form, setForm] = useState({ email: '', displayName: '', role: 'lead', councilId: '', password: '' });
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (f: string) => problem?.details.find((d) => d.field === f)?.message;
  /** Between programme office and sponsor; a lead's council link is set when the account is made. */
  const setRole = async (user: User, role: User['role']) => {
    try {
      await state.api.users.update(user.id, { role }, etagOf(user.version));
      setProblem(null);
      state.announce(`${user.displayName} is now ${role === 'office' ? 'programme office' : 'a sponsor'}`);
      data.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const setDisabled = async (user: User, disabled: boolean) => {
    try {
      await state.api.users.update(user.id, { disabled }, etagOf(user.version));
      setProblem(null);
      state.announce(`${user.displayName} ${disabled ? 'disabled' : 'enabled'}`);
      data.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      await state.api.users.create({ email: form.email, displayName: form.displayName, role: form.role, password: form.password, councilIds: form.role === 'lead' && form.councilId ? [Number(form.councilId)] : [] });
      setProblem(null);
      setForm({ email: '', displayName: '', role: 'lead', councilId: '', password: '' });
      state.announce('User created');
      data.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  return (
    <section id="users" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <Loaded resource={data} what="the users">
        {({ users, councils }) => (
          <>
            <DataTable caption="Accounts" rows={users} rowKey={(u) => u.id} columns={[
              { header: 'Name', rowHeader: true, cell: (u) => u.displayName },
              { header: 'E-mail', cell: (u) => u.email },
              {
                header: 'Role',
                cell: (u) => (
                  <>
                    <label class="visually-hidden" for={`role-${u.id}`}>Role of {u.displayName}</label>
                    <select id={`role-${u.id}`} value={u.role} disabled={u.role === 'lead'} onChange={(e) => void setRole(u, (e.target as HTMLSelectElement).value as User['role'])}>
                      <option value="office">Programme office</option><option value="sponsor">Sponsor</option>
                      {u.role === 'lead' && <option value="lead">Council lead</option>}
                    </select>
                  </>
                ),
              },
              { header: 'Councils', cell: (u) => u.councilIds.map((id) => councils.find((c) => c.id === id)?.code ?? id).join(', ') || '—' },
              { header: 'State', cell: (u) => (u.disabled ? 'Disabled' : 'Active') },
              {
                header: 'Access',
                cell: (u) => (u.disabled
                  ? <button type="button" class="button button--secondary" onClick={() => void setDisabled(u, false)}>Enable {u.displayName}</button>
                  : <ConfirmButton label={`Disable ${u.displayName}`} danger question={`Disable ${u.displayName}? Their sessions end at once and their API tokens stop working.`} confirmLabel="Disable the account" onConfirm={() => void setDisabled(u, true)} />),
              },
            ]} />
            <h3>Add a user</h3>
            {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ email: 'E-mail', displayName: 'Name', password: 'Password', councilIds: 'Council' })[f] ?? f} />}
            <form onSubmit={create} noValidate>
              <Field name="email" label="E-mail" error={error('email')}>{(p) => <input {...p} type="email" value={form.email} onInput={set('email')} />}</Field>
              <Field name="displayName" label="Name" error={error('displayName')}>{(p) => <input {...p} type="text" value={form.displayName} onInput={set('displayName')} />}</Field>
              <Field name="role" label="Role">
                {(p) => (
                  <select {...p} value={form.role} onChange={set('role')}>
                    <option value="lead">Council lead</option><option value="sponsor">Sponsor</option><option value="office">Programme office</option>
                  </select>
                )}
              </Field>
              {form.role === 'lead' && (
                <Field name="councilIds" label="Council" error={error('councilIds')}>
                  {(p) => <select {...p} value={form.councilId} onChange={set('councilId')}><option value="">Choose a council</option>{councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
                </Field>
              )}
              <Field name="password" label="First password" hint="At least 12 characters. Tell them to change it." error={error('password')}>{(p) => <input {...p} type="password" autocomplete="new-password" value={form.password} onInput={set('password')} />}</Field>
              <div class="button-group"><button type="submit" class="button">Add user</button></div>
            </form>
          </>
        )}
      </Loaded>
    </section>
  );
}
