import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { WaveSummary } from '../../api/types.ts';
import { DECISION_WORDS } from '../../../server/domain/words.ts';
import { plainReason } from '../../plain-words.ts';
import { useAppState } from '../../state/app-state.ts';
import { RagBadge } from '../RagBadge/RagBadge.tsx';
import './wave-decisions.css';

type WaveItem = WaveSummary['items'][number];
type Decision = 'go' | 'no_go' | 'go_override';
interface Choice { decision: Decision; reason: string }

const MIN_OVERRIDE_REASON = 10;

/** Every item of the wave, page by page (the wave's table shows one page). */
async function allItems(api: ReturnType<typeof useAppState>['api'], waveId: number): Promise<WaveItem[]> {
  const items: WaveItem[] = [];
  for (let offset = 0; ; ) {
    const page = await api.waveSummary(waveId, undefined, offset || undefined);
    items.push(...page.items);
    offset = page.page.offset + page.page.limit;
    if (offset >= page.page.total || page.items.length === 0) return items;
  }
}

/** The decision a proposal suggests: go for go, no-go for no-go. */
const suggested = (i: WaveItem): Decision => (i.proposal.proposed === 'go' ? 'go' : 'no_go');

/**
 * Gate decisions for one council's items in a wave, in one go: each item with its proposal and reasons,
 * a choice defaulting to the proposal, an override reason where needed, and a confirmation step that
 * shows what will be recorded before anything is.
 */
// eslint-disable-next-line max-lines-per-function -- the choices, the confirmation step and the recording share the items' state, and the three steps read in order here
export function WaveDecisions({ waveId, waveName, onRecorded }: { waveId: number; waveName: string; onRecorded: () => void }) {
  const state = useAppState();
  const [items, setItems] = useState<WaveItem[] | null>(null);
  const [councilId, setCouncilId] = useState<number | null>(null);
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const [stage, setStage] = useState<'choose' | 'confirm'>('choose');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const reviewButton = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  const load = () => allItems(state.api, waveId).then(setItems, (e) => setProblem(asApiError(e, 'Could not load the items.').message));
  // Loaded again when the wave changes; load itself is rebuilt on every render and reads only the wave and the API.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { void load(); }, [waveId]);
  // Layout effects: focus moves in the same task as the render that removed the focused control, never via <body>.
  useLayoutEffect(() => { if (stage === 'confirm') confirmHeading.current?.focus(); }, [stage]);
  useLayoutEffect(() => { if (done) doneRef.current?.focus(); }, [done]);

  if (!items) return <p class="loading wave-decisions__placeholder" role="status">Loading the decisions…</p>;
  const open = items.filter((i) => i.status !== 'live' && i.status !== 'cancelled');
  const councils = [...new Map(open.map((i) => [i.councilId, i.councilName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  if (councils.length === 0) return null;
  const mine = open.filter((i) => i.councilId === councilId).sort((a, b) => a.featureName.localeCompare(b.featureName));
  const choiceOf = (i: WaveItem): Choice => choices[i.itemId] ?? { decision: suggested(i), reason: '' };
  const set = (i: WaveItem, change: Partial<Choice>) => setChoices({ ...choices, [i.itemId]: { ...choiceOf(i), ...change } });
  const reasonMissing = mine.filter((i) => choiceOf(i).decision === 'go_override' && choiceOf(i).reason.trim().length < MIN_OVERRIDE_REASON);

  const record = async () => {
    setBusy(true);
    const recorded: string[] = [];
    try {
      for (const i of mine) {
        const c = choiceOf(i);
        await state.api.gates.decide(i.itemId, c.decision, c.reason.trim() || undefined);
        recorded.push(i.featureName);
      }
      const text = `${recorded.length} decision${recorded.length === 1 ? '' : 's'} recorded for ${councils.find(([id]) => id === councilId)?.[1]} in ${waveName}.`;
      setProblem(null);
      setChoices({});
      setStage('choose');
      setDone(text);
      await load();
      onRecorded();
    } catch (e) {
      const message = asApiError(e, 'Recording failed.').message;
      setProblem(`${message} ${recorded.length > 0 ? `Recorded before this: ${recorded.join(', ')}. The rest were not recorded.` : 'Nothing was recorded.'}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="decide-wave-title" class="wave-decisions">
      <h2 id="decide-wave-title">Record gate decisions</h2>
      {done && <div class="notice notice--success" role="status" tabIndex={-1} ref={doneRef}><p>{done}</p></div>}
      {problem && <div class="notice notice--error" role="alert"><p>{problem}</p></div>}
      <div class="field">
        <label for="decide-council">Council</label>
        <select id="decide-council" value={councilId === null ? '' : String(councilId)} disabled={stage === 'confirm'}
          onChange={(e) => { const v = (e.target as HTMLSelectElement).value; setCouncilId(v ? Number(v) : null); setChoices({}); setDone(null); }}>
          <option value="">Choose a council</option>
          {councils.map(([id, name]) => <option key={id} value={String(id)}>{name}</option>)}
        </select>
      </div>
      {councilId !== null && mine.length > 0 && stage === 'choose' && (
        <form onSubmit={(e) => { e.preventDefault(); if (reasonMissing.length === 0) setStage('confirm'); }} noValidate>
          {mine.map((i) => {
            const c = choiceOf(i);
            const options: Array<[Decision, string]> = i.proposal.proposed === 'go'
              ? [['go', DECISION_WORDS.go], ['no_go', DECISION_WORDS.no_go]]
              : [['no_go', DECISION_WORDS.no_go], ['go_override', DECISION_WORDS.go_override]];
            const reasonId = `override-${i.itemId}`;
            const missing = reasonMissing.includes(i);
            return (
              <fieldset key={i.itemId} class="wave-decision">
                <legend>{i.featureName} <RagBadge rag={i.rag} /> <span class="wave-decision__proposal">proposed {DECISION_WORDS[suggested(i)]}</span></legend>
                {i.proposal.reasons.length > 0 && <ul class="reasons">{i.proposal.reasons.slice(0, 3).map((r) => <li key={r}>{plainReason(r)}</li>)}</ul>}
                {i.decision && <p class="muted">In force: {DECISION_WORDS[i.decision.decision]}</p>}
                <div class="wave-decision__options">
                  {options.map(([value, label]) => (
                    <label class="checkbox" key={value}>
                      <input type="radio" name={`decision-${i.itemId}`} value={value} checked={c.decision === value} onChange={() => set(i, { decision: value })} /> {label}
                    </label>
                  ))}
                </div>
                {c.decision === 'go_override' && (
                  <div class={`field${missing ? ' field--error' : ''}`}>
                    <label for={reasonId}>Why go against the proposal for {i.featureName}</label>
                    <p class="hint" id={`${reasonId}-hint`}>At least {MIN_OVERRIDE_REASON} characters.</p>
                    <textarea id={reasonId} aria-describedby={`${reasonId}-hint`} value={c.reason} onInput={(e) => set(i, { reason: (e.target as HTMLTextAreaElement).value })} />
                  </div>
                )}
              </fieldset>
            );
          })}
          {reasonMissing.length > 0 && <p class="field-error">Give a reason of at least {MIN_OVERRIDE_REASON} characters for each override.</p>}
          <div class="button-group">
            <button type="submit" class="button" ref={reviewButton} disabled={reasonMissing.length > 0}>Check {mine.length} decision{mine.length === 1 ? '' : 's'}</button>
          </div>
        </form>
      )}
      {councilId !== null && mine.length === 0 && <p class="empty">No items of this council are waiting for a decision in {waveName}.</p>}
      {stage === 'confirm' && (
        <div class="wave-decisions__confirm">
          <h3 tabIndex={-1} ref={confirmHeading}>These decisions will be recorded</h3>
          <ul>
            {mine.map((i) => {
              const c = choiceOf(i);
              return (
                <li key={i.itemId}>
                  <strong>{i.featureName}: {DECISION_WORDS[c.decision]}</strong>
                  {c.decision !== suggested(i) && c.decision !== 'go_override' && <> (the proposal was {DECISION_WORDS[suggested(i)]})</>}
                  {c.reason.trim() && <>, because “{c.reason.trim()}”</>}
                </li>
              );
            })}
          </ul>
          <div class="button-group">
            <button type="button" class="button" aria-disabled={busy ? 'true' : undefined} onClick={() => { if (!busy) void record(); }}>{busy ? 'Recording…' : `Record ${mine.length} decision${mine.length === 1 ? '' : 's'}`}</button>
            <button type="button" class="button button--secondary" aria-disabled={busy ? 'true' : undefined} onClick={() => { if (busy) return; setStage('choose'); queueMicrotask(() => reviewButton.current?.focus()); }}>Change them</button>
          </div>
        </div>
      )}
    </section>
  );
}
