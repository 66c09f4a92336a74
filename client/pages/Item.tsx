import { useRoute } from 'preact-iso';
import { useRef, useState } from 'preact/hooks';
import { ApiError, asApiError } from '../api/client.ts';
import type { ItemReadiness, Wave } from '../api/types.ts';
import { AsOfPicker } from '../components/AsOfPicker/AsOfPicker.tsx';
import { ConflictNotice } from '../components/ConflictNotice/ConflictNotice.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { DateField } from '../components/DateInput/DateInput.tsx';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { ItemRaid } from '../components/Raid/ItemRaid.tsx';
import { RagBadge } from '../components/RagBadge/RagBadge.tsx';
import { Empty, Loaded } from '../components/Status/Status.tsx';
import { day, instant, number, slippage, statusWord, typedDay } from '../format.ts';
import { historySentence } from '../plain-words.ts';
import { DECISION_WORDS } from '../../server/domain/words.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

const STATUS_TEXT = { met: 'Met', at_risk: 'At risk', not_met: 'Not met', missing: 'Missing', not_due: 'Not yet due' } as const;
const STATUS_RAG = { met: 'green', at_risk: 'amber', not_met: 'red', missing: 'amber', not_due: 'amber' } as const;

/** One rollout item: why it is red, amber or green; its gate; its blockers; its history; for the office, its plan. */
export function ItemPage() {
  const state = useAppState();
  const id = Number(useRoute().params.id);
  const asOf = state.asOf.value || undefined;
  const view = useResource(() => state.api.itemReadiness(id, asOf), [id, asOf]);
  const history = useResource(() => state.api.items.history(id), [id, view.data?.item.status, view.data?.item.plannedGoLive]);
  usePageTitle(view.data ? `${view.data.item.featureName}, ${view.data.item.councilName}` : 'Rollout item');
  const waves = useResource(() => state.api.waves.list().then((p) => new Map(p.data.map((w) => [w.id, w.name]))), []);
  const waveName = (waveId: number | null) => (waveId === null ? 'no wave' : waves.data?.get(waveId) ?? `wave ${waveId}`);

  return (
    <Loaded resource={view} what="the item">
      {(data) => (
        <>
          <p class="muted"><a href={`/councils/${data.item.councilId}`}>{data.item.councilName}</a>{data.item.waveId && <> · <a href={`/waves/${data.item.waveId}`}>{data.item.waveName}</a></>}</p>
          <h1>{data.item.featureName}</h1>
          <AsOfPicker />
          <ItemBody data={data} />
          {!asOf && <ItemRaid itemId={id} councilId={data.item.councilId} label={`${data.item.featureName} at ${data.item.councilName}`} />}
          {state.isOffice.value && !asOf && <PlanControls itemId={id} onSaved={view.reload} />}
          {state.isOffice.value && !asOf && <GateDecision data={data} onSaved={view.reload} />}
          <h2>History</h2>
          <Loaded resource={history} what="the history">
            {(page) => (
              page.data.length === 0 ? <Empty>No changes recorded.</Empty> : (
                <ol class="history" aria-label="Changes to this item, newest first">
                  {page.data.map((e) => <li key={e.id}>{historySentence(e, waveName)} <span class="muted">({instant(e.at)})</span></li>)}
                </ol>
              )
            )}
          </Loaded>
        </>
      )}
    </Loaded>
  );
}

function ItemBody({ data }: { data: ItemReadiness }) {
  const i = data.item;
  const evaluation = data.adoption ?? data.readiness;
  return (
    <>
      <dl class="summary-list">
        <div><dt>Status</dt><dd>{statusWord(i.status)}</dd></div>
        <div><dt>{data.adoption ? 'Adoption' : 'Readiness'}</dt><dd><RagBadge rag={evaluation.rag} /> score {number(evaluation.score, 1)} of 100</dd></div>
        <div><dt>Planned go-live</dt><dd>{day(i.plannedGoLive)} (baseline {day(i.baselineGoLive)}; {slippage(i.slippageDays)}{i.overdue ? ', overdue' : ''})</dd></div>
        {i.original && <div><dt>Against the original baseline</dt><dd>baseline {day(i.original.baselineGoLive)}; {slippage(i.original.slippageDays)}</dd></div>}
        <div><dt>Went live</dt><dd>{day(i.actualGoLive)}</dd></div>
        <div><dt>Audience</dt><dd>{number(data.eligibleStaff)} staff ({i.audience})</dd></div>
        {i.note && <div><dt>Note</dt><dd>{i.note}</dd></div>}
      </dl>

      <h2>Why it is {evaluation.rag}</h2>
      {evaluation.reasons.length === 0 ? <p>Every criterion is met.</p> : <ul>{evaluation.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
      <DataTable caption={`${data.adoption ? 'Adoption' : 'Readiness'} criteria`} rows={evaluation.criteria} rowKey={(c) => c.criterionId} columns={[
        { header: 'Criterion', rowHeader: true, cell: (c) => <>{c.name}{c.mandatory && <span class="tag">Mandatory</span>}{c.trackingOnly && <span class="tag">Tracking only</span>}</> },
        { header: 'Status', cell: (c) => <RagBadge rag={STATUS_RAG[c.status]} label={STATUS_TEXT[c.status]} /> },
        { header: 'Value', numeric: true, cell: (c) => number(c.value, 1) },
        { header: 'Target', numeric: true, cell: (c) => `${c.direction === 'higher' ? '≥' : '≤'} ${c.target}` },
        { header: 'Reading of', cell: (c) => day(c.readingDate) },
        { header: 'Since', cell: (c) => day(c.since) },
      ]} />

      <h2>Gate</h2>
      <p>The rules propose <strong>{data.gate.proposal.proposed === 'go' ? 'go' : 'no-go'}</strong>.</p>
      <ul>{data.gate.proposal.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
      {data.gate.current
        ? <p>Decision in force: <strong>{DECISION_WORDS[data.gate.current.decision]}</strong> by {data.gate.current.decidedByName} on {instant(data.gate.current.decidedAt)}
          {data.gate.current.reason && <>: “{data.gate.current.reason}”</>}</p>
        : <p>No decision recorded yet.</p>}

      <h2>Open issues</h2>
      {data.blockers.length === 0 ? <Empty>None.</Empty> : (
        <ul class="card-list">{data.blockers.map((b) => <li key={b.id}>{b.description} <span class="muted">— {b.owner}, due {day(b.dueDate)}</span>{b.overdue && <span class="tag">Overdue</span>}</li>)}</ul>
      )}
    </>
  );
}

/** Move the item to another wave or give it its own date: the office's planning controls, with 412 handling. */
function PlanControls({ itemId, onSaved }: { itemId: number; onSaved: () => void }) {
  const state = useAppState();
  const item = useResource(() => state.api.items.get(itemId), [itemId]);
  const waves = useResource(() => state.api.waves.list(), []);
  const [waveId, setWaveId] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  /** Where the focus goes once a conflict is settled: the notice, and the button pressed in it, are gone. */
  const heading = useRef<HTMLHeadingElement>(null);
  /** Times the controls were reloaded after a conflict ("Discard mine"): the date boxes start afresh each time. */
  const [reloads, setReloads] = useState(0);
  if (!item.data || !waves.data) return null;
  const current = item.data.value;
  const chosenWave = waveId ?? (current.waveId ? String(current.waveId) : '');
  const chosenDate = date ?? (current.plannedDateOverride ?? '');

  const save = async (etag: string) => {
    try {
      await state.api.items.update(itemId, { waveId: chosenWave ? Number(chosenWave) : null, plannedDateOverride: chosenDate || null }, etag);
      if (error?.status === 412) heading.current?.focus();
      setError(null);
      setWaveId(null);
      setDate(null);
      state.announce('Plan saved');
      item.reload();
      onSaved();
    } catch (e) {
      setError(asApiError(e, 'Saving failed.'));
    }
  };
  const waveName = (id: unknown) => waves.data!.data.find((w: Wave) => w.id === id)?.name ?? 'Not scheduled';

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title" tabIndex={-1} ref={heading}>Plan</h2>
      {error?.status === 412 && (
        <ConflictNotice error={error} onReload={() => { setError(null); setWaveId(null); setDate(null); item.reload(); onSaved(); setReloads((n) => n + 1); heading.current?.focus(); }}
          onRetry={() => save(`"${(error.current as { version: number }).version}"`)}
          fields={[
            { key: 'waveName', label: 'Wave', mine: waveName(Number(chosenWave)) },
            { key: 'plannedDateOverride', label: 'Own date', mine: chosenDate, show: typedDay },
          ]} />
      )}
      {error && error.status !== 412 && <ErrorSummary message={error.message} details={error.details} label={(f) => ({ waveId: 'Wave', plannedDateOverride: 'Own date', status: 'Status' })[f] ?? f} />}
      <form onSubmit={(e) => { e.preventDefault(); void save(item.data!.etag); }} noValidate>
        <Field name="waveId" label="Wave">
          {(p) => (
            <select {...p} value={chosenWave} onChange={(e) => setWaveId((e.target as HTMLSelectElement).value)}>
              <option value="">Not scheduled</option>
              {waves.data!.data.map((w) => <option key={w.id} value={String(w.id)}>{w.name} ({day(w.plannedGoLive)})</option>)}
            </select>
          )}
        </Field>
        <DateField key={reloads} name="plannedDateOverride" label="Own go-live date (optional)" hint="For example, 27 3 2027. Leave empty to follow the wave's date." value={chosenDate} onChange={setDate} />
        <div class="button-group"><button type="submit" class="button">Save plan</button></div>
      </form>
    </section>
  );
}

/** Record a go/no-go decision; an override needs a reason. */
function GateDecision({ data, onSaved }: { data: ItemReadiness; onSaved: () => void }) {
  const state = useAppState();
  const [decision, setDecision] = useState<'go' | 'no_go' | 'go_override'>(data.gate.proposal.proposed === 'go' ? 'go' : 'no_go');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await state.api.gates.decide(data.item.itemId, decision, reason || undefined);
      setError(null);
      setSaved(true);
      setReason('');
      onSaved();
    } catch (e) {
      setError(asApiError(e, 'Saving failed.'));
    }
  };
  const options = data.gate.proposal.proposed === 'go'
    ? [['go', 'Go'], ['no_go', 'No-go']]
    : [['no_go', 'No-go'], ['go_override', 'Go, overriding the proposal (give a reason)']];
  return (
    <section aria-labelledby="decide-title">
      <h2 id="decide-title">Record a gate decision</h2>
      {error && <ErrorSummary message={error.message} details={error.details} label={(f) => ({ reason: 'Reason', decision: 'Decision' })[f] ?? f} />}
      {saved && <div class="notice notice--success" role="status"><p>Decision recorded.</p></div>}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Decision</legend>
          {options.map(([value, label]) => (
            <label class="checkbox" key={value}>
              <input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value as typeof decision)} /> {label}
            </label>
          ))}
        </fieldset>
        <Field name="reason" label="Reason" hint="Required for an override: at least 10 characters." error={error?.details.find((d) => d.field === 'reason')?.message}>
          {(p) => <textarea {...p} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />}
        </Field>
        <div class="button-group"><button type="submit" class="button">Record decision</button></div>
      </form>
    </section>
  );
}
