import { formatISO } from 'date-fns';
import { useLocation, useRoute } from 'preact-iso';
import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { asApiError, etagOf } from '../api/client.ts';
import type { Council, CouncilSummary, Criterion, ItemCard, ItemReadiness, Rag } from '../api/types.ts';
import { DateInput } from '../components/DateInput/DateInput.tsx';
import { ErrorSummary, fieldId } from '../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { RagBadge } from '../components/RagBadge/RagBadge.tsx';
import { collectReadings, mapRowErrors, readingRows, type ReadingRow } from '../components/ReadingsForm/ReadingsForm.tsx';
import { Empty, LoadError } from '../components/Status/Status.tsx';
import { day, statusWord } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import { CRITERION_STATUS_WORDS, RAG_WORDS, targetWords, valueWords } from '../../server/domain/words.ts';
import './my-council.css';

type CriterionResult = ItemReadiness['readiness']['criteria'][number];

/** Everything the lead's home needs, read together so a save can compare before and after. */
interface HomeData {
  summary: CouncilSummary;
  criteria: Criterion[];
  /** Readiness (or adoption, once live) of every open item, by item id. */
  views: Map<number, ItemReadiness>;
}

const OPEN = (i: ItemCard) => i.status !== 'cancelled' && i.status !== 'deferred';
/** Items a lead still has to prepare: open and not live. */
const TO_PREPARE = (i: ItemCard) => OPEN(i) && !i.live;

async function loadHome(api: ReturnType<typeof useAppState>['api'], councilId: number): Promise<HomeData> {
  const [summary, criteria] = await Promise.all([api.councilSummary(councilId), api.criteria.list().then((p) => p.data)]);
  const open = summary.items.filter(OPEN).slice(0, 40);
  const views = new Map((await Promise.all(open.map((i) => api.itemReadiness(i.itemId)))).map((v) => [v.item.itemId, v]));
  return { summary, criteria, views };
}

/** The next go-live among items still to prepare: the earliest planned date from today on, else the earliest overdue one. */
export function nextGoLive(items: ItemCard[], today: string): string | null {
  const dates = items.filter(TO_PREPARE).map((i) => i.plannedGoLive).filter((d): d is string => d !== null).sort();
  return dates.find((d) => d >= today) ?? dates[0] ?? null;
}

/** The latest reading of each row of the form, with its state, from the items' evaluations. */
function lastReadings(rows: ReadingRow[], data: HomeData): Map<string, CriterionResult> {
  const byKey = new Map<string, CriterionResult>();
  for (const view of data.views.values()) {
    const evaluation = view.item.live ? view.adoption ?? view.readiness : view.readiness;
    for (const c of evaluation.criteria) {
      const criterion = data.criteria.find((x) => x.id === c.criterionId);
      if (!criterion) continue;
      const key = criterion.scope === 'council' ? `c${c.criterionId}` : `c${c.criterionId}f${view.item.featureId}`;
      const known = byKey.get(key);
      // A council-wide criterion shows in every item; keep its worst state.
      if (!known || STATE_RANK[c.status] < STATE_RANK[known.status]) byKey.set(key, c);
    }
  }
  return new Map(rows.filter((r) => byKey.has(r.key)).map((r) => [r.key, byKey.get(r.key)!]));
}

const STATE_RANK = { not_met: 0, missing: 1, at_risk: 2, met: 3, not_due: 4 } as const;
const STATE_RAG: Record<CriterionResult['status'], Rag> = { met: 'green', at_risk: 'amber', not_met: 'red', missing: 'amber', not_due: 'amber' };

/**
 * The rows the form starts with: criteria of the next go-live's items that are failing (red first) or have
 * no reading yet, council-wide ones included.
 */
export function dueRows(rows: ReadingRow[], last: Map<string, CriterionResult>, nextItems: ItemCard[]): ReadingRow[] {
  const features = new Set(nextItems.map((i) => i.featureId));
  return rows
    .filter((r) => (r.featureId === null || features.has(r.featureId)) && last.has(r.key) && last.get(r.key)!.status !== 'met')
    .sort((a, b) => STATE_RANK[last.get(a.key)!.status] - STATE_RANK[last.get(b.key)!.status]);
}

/** `/my-council`: the lead's own council, or a choice when they lead several. */
export function MyCouncilChooser() {
  const state = useAppState();
  const { route } = useLocation();
  const ids = state.user.value?.councilIds ?? [];
  const councils = useResource(() => state.api.councils.list().then((p) => p.data), []);
  usePageTitle('My councils');
  useEffect(() => {
    if (ids.length === 1) route(`/my-council/${ids[0]}`, true);
    // ids is a new array on every render and route the router's navigation function: what decides is how many councils.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids.length]);
  const mine = (councils.data ?? []).filter((c: Council) => ids.includes(c.id));
  return (
    <>
      <h1>My councils</h1>
      {ids.length === 0 ? <Empty>You do not lead a council. The programme office can add you as a council's lead.</Empty> : (
        <ul class="inline-links">{mine.map((c) => <li key={c.id}><a href={`/my-council/${c.id}`}>{c.name}</a></li>)}</ul>
      )}
    </>
  );
}

/** `/my-council/:id`: what needs doing before the next go-live, and the readings that are due. */
export function MyCouncilPage() {
  const state = useAppState();
  const id = Number(useRoute().params.id);
  const [data, setData] = useState<HomeData | null>(null);
  const [error, setError] = useState<ReturnType<typeof asApiError> | null>(null);
  const load = async () => {
    try {
      const next = await loadHome(state.api, id);
      setData(next);
      setError(null);
      return next;
    } catch (e) {
      setError(asApiError(e, 'Something went wrong.'));
      return null;
    }
  };
  useEffect(() => {
    setData(null);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  usePageTitle(data ? `My council: ${data.summary.council.name}` : 'My council');

  if (error && !data) return <><h1>My council</h1><LoadError error={error} retry={() => void load()} what="your council" /></>;
  if (!data) return <p class="loading my-council-placeholder" role="status">Loading your council…</p>;
  return <Home data={data} reload={load} mayChange={state.leads(id)} />;
}

function Home({ data, reload, mayChange }: { data: HomeData; reload: () => Promise<HomeData | null>; mayChange: boolean }) {
  const today = formatISO(new Date(), { representation: 'date' });
  const { summary } = data;
  const next = nextGoLive(summary.items, today);
  const nextItems = summary.items.filter((i) => TO_PREPARE(i) && i.plannedGoLive === next);
  const rows = useMemo(() => readingRows(data.criteria, summary.items), [data.criteria, summary.items]);
  const last = useMemo(() => lastReadings(rows, data), [rows, data]);
  // The rows the form starts with are fixed when the page opens: a saved reading changes its state beside the
  // field, never the field's place (moving it would take the keyboard focus with it).
  const firstKeys = useRef<string[] | null>(null);
  if (firstKeys.current === null) firstKeys.current = dueRows(rows, last, nextItems).map((r) => r.key);
  const due = firstKeys.current.map((k) => rows.find((r) => r.key === k)).filter((r): r is ReadingRow => r !== undefined);
  const rest = rows.filter((r) => !firstKeys.current!.includes(r.key));

  return (
    <>
      <p class="muted my-council__context"><a href={`/councils/${summary.council.councilId}`}>Everything about {summary.council.name}</a></p>
      <h1>{summary.council.name}</h1>
      <p class="lede">
        {next ? <>Next go-live <strong>{day(next)}</strong>: {countWords(nextItems)}.</> : 'No go-live is planned.'}
        {' '}{due.length === 0 ? 'No readings are due for it.' : `${due.length} reading${due.length === 1 ? ' is' : 's are'} failing or due.`}
      </p>
      {mayChange && <DueReadings data={data} due={due} rest={rest} last={last} today={today} reload={reload} />}
      <ItemsByDate items={summary.items.filter(OPEN)} views={data.views} mayChange={mayChange} reload={reload} />
    </>
  );
}

/** "5 items: 2 red, 3 amber". */
function countWords(items: ItemCard[]): string {
  const by = (rag: Rag) => items.filter((i) => i.rag === rag).length;
  const parts = (['red', 'amber', 'green'] as const).filter((r) => by(r) > 0).map((r) => `${by(r)} ${r}`);
  return `${items.length} item${items.length === 1 ? '' : 's'}${parts.length ? `, ${parts.join(', ')}` : ''}`;
}

interface Change { name: string; from: Rag; to: Rag }
/** What a save changed, shown after the field the user pressed Enter in (`after`), else after the button. */
interface SaveResultData { text: string; changes: Change[]; after: string | null }

/** The readings form of the lead's home: due rows first, each with its last value, date and state; the rest one tap away. */
function DueReadings({ data, due, rest, last, today, reload }: {
  data: HomeData; due: ReadingRow[]; rest: ReadingRow[]; last: Map<string, CriterionResult>; today: string; reload: () => Promise<HomeData | null>;
}) {
  const state = useAppState();
  const councilId = data.summary.council.councilId;
  const [values, setValues] = useState<Record<string, string>>({});
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  // The refusal's details name rows by their index in the request: they are mapped to the rows' fields, so show().
  const { problem, error: errorFor, show, clear } = useProblem();
  const [result, setResult] = useState<SaveResultData | null>(null);
  const [busy, setBusy] = useState(false);
  const [showRest, setShowRest] = useState(due.length === 0);
  const all = [...due, ...rest];
  const labels = new Map(all.map((r) => [`row-${r.key}`, rowLabel(r)]));

  const submit = async (event: Event) => {
    event.preventDefault();
    // Not `disabled` while saving: a disabled button drops the keyboard focus to <body>.
    if (busy) return;
    setResult(null);
    if (!date) return show('Enter the date of the readings as a real date, for example 3 11 2026.', [{ field: 'reading-date', message: 'must be a real date' }]);
    const { readings, keys, problems } = collectReadings(all, values, councilId, date, note);
    if (readings.length === 0) return show('Enter at least one value.');
    if (problems.length > 0) return show('Some values are not numbers. Nothing was saved.', problems);
    // The result shows where the user is: after the field they pressed Enter in, else after the button.
    const active = all.find((r) => document.activeElement?.id === fieldId(`row-${r.key}`))?.key ?? null;
    setBusy(true);
    try {
      const before = new Map(data.summary.items.map((i) => [i.itemId, i.rag]));
      const saved = await state.api.readings.bulk(readings);
      clear();
      setValues({});
      const after = await reload();
      const changes: Change[] = (after?.summary.items ?? [])
        .filter((i) => before.has(i.itemId) && before.get(i.itemId) !== i.rag)
        .map((i) => ({ name: i.featureName, from: before.get(i.itemId)!, to: i.rag }));
      const text = `${saved.stored} reading${saved.stored === 1 ? '' : 's'} saved for ${day(date)}.`;
      const changeText = changes.length === 0 ? 'No item changed colour.' : changes.map((c) => `${c.name} is now ${RAG_WORDS[c.to]} (was ${RAG_WORDS[c.from]}).`).join(' ');
      setResult({ text, changes, after: active });
      state.announce(`${text} ${changeText}`);
    } catch (error) {
      const e = asApiError(error, 'Saving failed.');
      show(e.message, mapRowErrors(e.details, keys));
    } finally {
      setBusy(false);
    }
  };

  const field = (r: ReadingRow) => (
    <DueRow key={r.key} row={r} value={values[r.key] ?? ''} error={errorFor(`row-${r.key}`)} last={last.get(r.key)} result={result?.after === r.key ? result : null}
      onInput={(value) => setValues({ ...values, [r.key]: value })} />
  );

  return (
    <section aria-labelledby="due-title" class="due-readings">
      <h2 id="due-title">Readings</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => labels.get(f) ?? (f === 'reading-date' ? 'Date of the readings' : f)} />}
      <form onSubmit={submit} noValidate>
        {due.length > 0 && <fieldset class="due-group"><legend>Failing or due before the next go-live</legend>{due.map(field)}</fieldset>}
        {rest.length > 0 && (
          <div class="due-rest">
            <button type="button" class="button button--secondary" aria-expanded={showRest ? 'true' : 'false'} aria-controls="due-rest"
              onClick={() => setShowRest(!showRest)}>{showRest ? 'Hide' : 'Show'} the other {rest.length} criteria</button>
            <div id="due-rest" hidden={!showRest}>
              <fieldset class="due-group"><legend>Other criteria</legend>{rest.map(field)}</fieldset>
            </div>
          </div>
        )}
        <div class="button-group due-readings__actions">
          <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>{busy ? 'Saving…' : 'Save readings'}</button>
        </div>
        {result && result.after === null && <SaveResult result={result} />}
        <details class="due-readings__more">
          <summary>Date ({day(date || today)}) and note</summary>
          <DateInput id={fieldId('reading-date')} legend="Date of the readings" hint="For example, 27 11 2026" value={date} onChange={setDate} error={errorFor('reading-date')} />
          <div class="field">
            <label for={fieldId('reading-note')}>Source or note (optional)</label>
            <input id={fieldId('reading-note')} type="text" value={note} maxLength={1000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </div>
        </details>
      </form>
    </section>
  );
}

/** One criterion's row of the readings form: its last reading and state, the target, and the box for today's value. */
function DueRow({ row: r, value, error, last: now, result, onInput }: {
  row: ReadingRow; value: string; error: string | undefined; last: CriterionResult | undefined; result: SaveResultData | null; onInput: (value: string) => void;
}) {
  const id = fieldId(`row-${r.key}`);
  return (
    <Fragment>
    <div class={`due-row${error ? ' field--error' : ''}`}>
      <label for={id}>{r.criterion.name}{r.featureName && <span class="due-row__feature">, {r.featureName}</span>}</label>
      <p class="due-row__last" id={`${id}-last`}>
        {now ? <RagBadge rag={STATE_RAG[now.status]} label={CRITERION_STATUS_WORDS[now.status]} /> : null}{' '}
        {now && now.rawValue !== null ? <>Last {valueWords(now.rawValue, r.criterion.unit)} on {day(now.readingDate)}</> : 'No reading yet'}
        ; target {targetWords(r.criterion)}
      </p>
      {error && <p class="field-error" id={`${id}-error`}><span class="visually-hidden">Error:</span> {error}</p>}
      <div class="reading-row__input">
        <input id={id} type="text" inputMode="decimal" autocomplete="off" value={value}
          aria-describedby={[error ? `${id}-error` : '', `${id}-last`].filter(Boolean).join(' ')} aria-invalid={error ? 'true' : undefined}
          onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
        <span class="unit">{r.criterion.unit === 'people' ? 'people' : r.criterion.unit === 'percent' ? '%' : ''}</span>
      </div>
    </div>
    {result && <SaveResult result={result} />}
    </Fragment>
  );
}

/** What a save did, shown where the user is: how many readings, and which items changed colour. */
function SaveResult({ result }: { result: { text: string; changes: Change[] } }) {
  const box = useRef<HTMLDivElement>(null);
  // Brought into view without moving the focus: the lead sees the result beside the field they were in.
  useLayoutEffect(() => box.current?.scrollIntoView({ block: 'nearest' }), [result]);
  return (
    <div class="notice notice--success due-result" ref={box}>
      <p><strong>{result.text}</strong></p>
      {result.changes.length === 0 ? <p>No item changed colour.</p> : (
        <ul class="due-result__changes">
          {result.changes.map((c) => <li key={c.name}>{c.name}: <RagBadge rag={c.from} /> → <RagBadge rag={c.to} /></li>)}
        </ul>
      )}
    </div>
  );
}

const rowLabel = (r: ReadingRow) => `${r.criterion.name}${r.featureName ? ` (${r.featureName})` : ''}`;

/** Open items by go-live date: their colour, why, and for the lead "mark ready" and the note. */
function ItemsByDate({ items, views, mayChange, reload }: { items: ItemCard[]; views: Map<number, ItemReadiness>; mayChange: boolean; reload: () => Promise<HomeData | null> }) {
  const byDate = new Map<string, ItemCard[]>();
  for (const i of [...items].sort((a, b) => (a.plannedGoLive ?? '9999').localeCompare(b.plannedGoLive ?? '9999') || a.featureName.localeCompare(b.featureName))) {
    const key = i.live ? 'live' : i.plannedGoLive ?? 'none';
    byDate.set(key, [...(byDate.get(key) ?? []), i]);
  }
  const heading = (k: string) => (k === 'live' ? 'Already live' : k === 'none' ? 'No date yet' : `Going live ${day(k)}`);
  const order = [...byDate.keys()].sort((a, b) => (a === 'live' ? 1 : b === 'live' ? -1 : a.localeCompare(b)));
  return (
    <section aria-labelledby="items-title">
      <h2 id="items-title">Items by go-live date</h2>
      {order.map((k) => (
        <div key={k} class="items-by-date">
          <h3>{heading(k)}</h3>
          <ul class="item-cards">
            {byDate.get(k)!.map((i) => <ItemCardView key={i.itemId} item={i} view={views.get(i.itemId)} mayChange={mayChange} reload={reload} />)}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ItemCardView({ item, view, mayChange, reload }: { item: ItemCard; view?: ItemReadiness; mayChange: boolean; reload: () => Promise<HomeData | null> }) {
  const state = useAppState();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(item.note);
  const [message, setMessage] = useState<string | null>(null);
  const { problem, run } = useProblem();
  const editButton = useRef<HTMLButtonElement>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const reasons = (view ? (item.live ? view.adoption ?? view.readiness : view.readiness).reasons : item.reasons).slice(0, 2);
  const noteId = `note-${item.itemId}`;

  /** True when the change was saved; false when it was refused, and the refusal shows on the card. */
  const change = (body: { status?: 'ready'; note?: string }, done: string) => run(async () => {
    const current = await state.api.items.get(item.itemId);
    await state.api.items.update(item.itemId, body, current.etag || etagOf(current.value.version));
    await reload();
    setMessage(done);
    state.announce(done);
  });
  useEffect(() => {
    if (editing) noteField.current?.focus();
  }, [editing]);

  return (
    <li class={`item-card item-card--${item.rag}`}>
      <p class="item-card__title"><a href={`/items/${item.itemId}`}>{item.featureName}</a> <RagBadge rag={item.rag} /> <span class="tag">{statusWord(item.status)}</span></p>
      {reasons.length > 0 && <ul class="reasons">{reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
      {item.note && !editing && <p class="item-card__note">Note: {item.note}</p>}
      {problem && <p class="field-error" role="alert">{problem.message}</p>}
      {message && <p class="item-card__message">{message}</p>}
      {mayChange && !item.live && (
        editing ? (
          <form class="item-card__note-form" onSubmit={async (e) => {
            e.preventDefault();
            if (await change({ note }, `Note saved for ${item.featureName}.`)) {
              setEditing(false);
              queueMicrotask(() => editButton.current?.focus());
            }
          }}>
            <label for={noteId}>Note on {item.featureName}</label>
            <textarea id={noteId} ref={noteField} value={note} maxLength={1000} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
            <div class="button-group">
              <button type="submit" class="button">Save note</button>
              <button type="button" class="button button--secondary" onClick={() => { setEditing(false); setNote(item.note); queueMicrotask(() => editButton.current?.focus()); }}>Cancel</button>
            </div>
          </form>
        ) : (
          <div class="button-group">
            {item.status === 'planned' && (
              <button type="button" class="button button--secondary" onClick={(e) => {
                const button = e.currentTarget as HTMLButtonElement;
                void change({ status: 'ready' }, `${item.featureName} marked ready.`).then(() => (button.isConnected ? button : editButton.current)?.focus());
              }}>Mark ready<span class="visually-hidden"> for {item.featureName}</span></button>
            )}
            <button type="button" class="button button--secondary" ref={editButton} onClick={() => setEditing(true)}>
              {item.note ? 'Edit note' : 'Add a note'}<span class="visually-hidden"> on {item.featureName}</span>
            </button>
          </div>
        )
      )}
    </li>
  );
}
