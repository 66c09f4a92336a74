import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { Impact, TimelineData } from '../../api/types.ts';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton.tsx';
import { DateField } from '../DateInput/DateInput.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { ImpactList, impactQuestion } from './ImpactList.tsx';

const REASONS = [['supplier_delay', 'Supplier delay'], ['readiness', 'Readiness'], ['business_decision', 'Business decision'], ['dependency', 'Dependency'], ['other', 'Other']] as const;
const LABELS: Record<string, string> = {
  waveId: 'Wave', plannedGoLive: 'New planned go-live', plannedDateOverride: 'Own planned go-live', reasonCategory: 'Reason', reason: 'Why, in a sentence', itemId: 'Item',
  actualGoLive: 'Actual go-live', status: 'Status',
};

/** A previewed change: what it does, and the version it was previewed against (applying sends the same one). */
type Previewed = { impact: Impact; etag: string; change: string };

/**
 * The what-if and the change behind it, shared by the wave and the item forms: preview (stores nothing), then apply
 * after a confirmation against the version previewed, so a change someone made in between is refused (412) and
 * has to be previewed again. Any refusal shows in the GOV.UK error summary, linked to its field.
 */
function usePlanChange(prefix: string, onApplied: () => void) {
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const { problem, error, show, clear } = useProblem(`${prefix}-`);
  const [done, setDone] = useState<string | null>(null);
  // A 412 is said in the words of this form (preview again), so the refusal is shown rather than failed.
  const fail = (e: unknown) => {
    const err = asApiError(e, 'The change could not be made.');
    const message = err.status === 412 ? 'Someone changed the plan since this preview. Preview the move again.' : err.message;
    show(message, err.details.map((d) => ({ ...d, field: `${prefix}-${d.field}` })));
  };
  return {
    previewed, problem, done, error,
    discard: () => setPreviewed(null),
    preview: async (change: string, etagOf: () => Promise<string>, send: (etag: string) => Promise<Impact>) => {
      clear();
      setDone(null);
      setPreviewed(null);
      try {
        const etag = await etagOf();
        setPreviewed({ impact: await send(etag), etag, change });
      } catch (e) { fail(e); }
    },
    apply: async (send: (etag: string) => Promise<Impact>, doneText: string) => {
      if (!previewed) return;
      clear();
      try {
        await send(previewed.etag);
        setPreviewed(null);
        setDone(doneText);
        onApplied();
      } catch (e) { fail(e); }
    },
  };
}

function Preview({ id, previewed, applyLabel, onApply, onDiscard }: { id: string; previewed: Previewed; applyLabel: string; onApply: () => void; onDiscard: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), [previewed]);
  const { impact } = previewed;
  return (
    <div class="impact" role="group" aria-labelledby={id}>
      <h3 id={id} tabIndex={-1} ref={heading}>What {previewed.change} does</h3>
      <ImpactList impact={impact} />
      {impact.refused && <p class="error-text">Applying would be refused: {impact.refused}</p>}
      <div class="button-group">
        <ConfirmButton label={applyLabel} disabled={impact.refused !== null} confirmLabel="Yes, apply it"
          question={impactQuestion(previewed.change.replace(/^./, (c) => c.toUpperCase()), impact)} onConfirm={onApply} />
        <button type="button" class="button button--secondary" onClick={onDiscard}>Discard</button>
      </div>
    </div>
  );
}

function ReasonFields({ prefix, category, reason, onCategory, onReason, error }: {
  prefix: string; category: string; reason: string; onCategory: (v: string) => void; onReason: (v: string) => void; error: (f: string) => string | undefined;
}) {
  return (
    <>
      <Field name={`${prefix}-reasonCategory`} label="Reason" error={error('reasonCategory')}>
        {(p) => <select {...p} value={category} onChange={(e) => onCategory((e.target as HTMLSelectElement).value)}>{REASONS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>}
      </Field>
      <Field name={`${prefix}-reason`} label="Why, in a sentence" error={error('reason')}>
        {(p) => <input {...p} type="text" maxLength={500} autoComplete="off" value={reason} onInput={(e) => onReason((e.target as HTMLInputElement).value)} />}
      </Field>
    </>
  );
}

/** Move a wave: preview what it does first, then apply it with a reason, after a confirmation. */
export function WaveMove({ data, onApplied }: { data: TimelineData; onApplied: () => void }) {
  const state = useAppState();
  const [waveId, setWaveId] = useState<number>(data.waves[0]?.id ?? 0);
  const [date, setDate] = useState('');
  const [category, setCategory] = useState('readiness');
  const [reason, setReason] = useState('');
  const change = usePlanChange('wave-move', onApplied);
  const wave = data.waves.find((w) => w.id === waveId);
  const body = { plannedGoLive: date, reasonCategory: category, reason };
  const edited = (f: () => void) => { f(); change.discard(); };

  return (
    <section aria-labelledby="wave-move-heading">
      <h2 id="wave-move-heading">Move a wave</h2>
      {change.problem && <ErrorSummary message={change.problem.message} details={change.problem.details} label={(f) => LABELS[f.slice('wave-move-'.length)] ?? f} />}
      <form class="plan-form" noValidate onSubmit={(e) => {
        e.preventDefault();
        void change.preview(`moving ${wave?.name ?? 'the wave'} to ${/^\d{4}-\d{2}-\d{2}$/.test(date) ? day(date) : 'the new day'}`,
          () => state.api.timeline.versionOf('wave', waveId), (etag) => state.api.timeline.moveWave(waveId, body, true, etag));
      }}>
        <Field name="wave-move-waveId" label="Wave" error={change.error('waveId')}>
          {(p) => <select {...p} value={waveId} onChange={(e) => edited(() => setWaveId(Number((e.target as HTMLSelectElement).value)))}>
            {data.waves.map((w) => <option key={w.id} value={w.id}>{w.name} ({day(w.plannedGoLive)})</option>)}
          </select>}
        </Field>
        <DateField name="wave-move-plannedGoLive" label="New planned go-live" value={date} error={change.error('plannedGoLive')} onChange={(v) => edited(() => setDate(v))} />
        <ReasonFields prefix="wave-move" category={category} reason={reason} error={change.error}
          onCategory={(v) => edited(() => setCategory(v))} onReason={(v) => edited(() => setReason(v))} />
        <button type="submit" class="button">Preview the move</button>
      </form>
      <div role="status" aria-live="polite">{change.done && <p>{change.done}</p>}</div>
      {change.previewed && (
        <Preview id="wave-impact-heading" previewed={change.previewed} applyLabel="Apply the move" onDiscard={change.discard}
          onApply={() => void change.apply((etag) => state.api.timeline.moveWave(waveId, body, false, etag), `${wave?.name} now goes live on ${day(date)}.`)} />
      )}
    </section>
  );
}

type Item = TimelineData['councils'][number]['items'][number];

/**
 * Move one rollout item that is not live yet: into another wave (or out of every wave), or to a planned go-live of
 * its own within its wave. Preview, then apply after a confirmation, like a wave.
 */
export function ItemMove({ data: timeline, onApplied }: { data: TimelineData; onApplied: () => void }) {
  const state = useAppState();
  // Only items not yet live can move: a live item's day is its actual go-live.
  const data = useMemo(() => ({
    ...timeline, councils: timeline.councils.map((c) => ({ ...c, items: c.items.filter((i) => i.actualGoLive === null) })).filter((c) => c.items.length > 0),
  }), [timeline]);
  const [councilId, setCouncilId] = useState<number>(data.councils[0]?.id ?? 0);
  const council = data.councils.find((c) => c.id === councilId);
  const [itemId, setItemId] = useState<number>(council?.items[0]?.itemId ?? 0);
  const item: Item | undefined = council?.items.find((i) => i.itemId === itemId);
  const [waveId, setWaveId] = useState<string>(item?.waveId === null || item === undefined ? '' : String(item.waveId));
  /** An item's own date, where its planned go-live is not its wave's (the form keeps it unless changed). */
  const ownDate = (i: Item) => (i.plannedGoLive !== null && i.plannedGoLive !== data.waves.find((w) => w.id === i.waveId)?.plannedGoLive ? i.plannedGoLive : '');
  const [date, setDate] = useState(() => (item ? ownDate(item) : ''));
  const [category, setCategory] = useState('readiness');
  const [reason, setReason] = useState('');
  const change = usePlanChange('item-move', onApplied);
  const edited = (f: () => void) => { f(); change.discard(); };
  const pickItem = (c: typeof council, id: number) => {
    const picked = c?.items.find((i) => i.itemId === id);
    setItemId(id);
    setWaveId(picked?.waveId === null || picked === undefined ? '' : String(picked.waveId));
    setDate(picked ? ownDate(picked) : '');
  };
  const body = { waveId: waveId === '' ? null : Number(waveId), plannedDateOverride: date === '' ? null : date, reasonCategory: category, reason };
  const name = item && council ? `${item.featureName} at ${council.name}` : 'the item';
  const where = date !== '' ? (/^\d{4}-\d{2}-\d{2}$/.test(date) ? day(date) : 'the new day') : waveId === '' ? 'no wave' : data.waves.find((w) => String(w.id) === waveId)?.name ?? 'the wave';

  return (
    <section aria-labelledby="item-move-heading">
      <h2 id="item-move-heading">Move an item</h2>
      {change.problem && <ErrorSummary message={change.problem.message} details={change.problem.details} label={(f) => LABELS[f.slice('item-move-'.length)] ?? f} />}
      <form class="plan-form" noValidate onSubmit={(e) => {
        e.preventDefault();
        void change.preview(`moving ${name} to ${where}`, () => state.api.timeline.versionOf('item', itemId), (etag) => state.api.timeline.moveItem(itemId, body, true, etag));
      }}>
        <Field name="item-move-councilId" label="Council">
          {(p) => <select {...p} value={councilId} onChange={(e) => edited(() => {
            const next = data.councils.find((c) => c.id === Number((e.target as HTMLSelectElement).value));
            setCouncilId(next?.id ?? 0);
            pickItem(next, next?.items[0]?.itemId ?? 0);
          })}>{data.councils.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>}
        </Field>
        <Field name="item-move-itemId" label="Item" error={change.error('itemId')}>
          {(p) => <select {...p} value={itemId} onChange={(e) => edited(() => pickItem(council, Number((e.target as HTMLSelectElement).value)))}>
            {council?.items.map((i) => <option key={i.itemId} value={i.itemId}>{i.featureName}{i.plannedGoLive ? ` (${day(i.plannedGoLive)})` : ' (not scheduled)'}</option>)}
          </select>}
        </Field>
        <Field name="item-move-waveId" label="Move to wave" error={change.error('waveId')}>
          {(p) => <select {...p} value={waveId} onChange={(e) => edited(() => setWaveId((e.target as HTMLSelectElement).value))}>
            <option value="">No wave</option>
            {data.waves.map((w) => <option key={w.id} value={w.id}>{w.name} ({day(w.plannedGoLive)})</option>)}
          </select>}
        </Field>
        <DateField name="item-move-plannedDateOverride" label="Own planned go-live (optional)" hint="Leave empty to go live with the wave. For example, 27 3 2027"
          value={date} error={change.error('plannedDateOverride')} onChange={(v) => edited(() => setDate(v))} />
        <ReasonFields prefix="item-move" category={category} reason={reason} error={change.error}
          onCategory={(v) => edited(() => setCategory(v))} onReason={(v) => edited(() => setReason(v))} />
        <button type="submit" class="button" disabled={itemId === 0}>Preview the move</button>
      </form>
      <div role="status" aria-live="polite">{change.done && <p>{change.done}</p>}</div>
      {change.previewed && (
        <Preview id="item-impact-heading" previewed={change.previewed} applyLabel="Apply the move" onDiscard={change.discard}
          onApply={() => void change.apply((etag) => state.api.timeline.moveItem(itemId, body, false, etag), `${name} is moved to ${where}.`)} />
      )}
    </section>
  );
}
