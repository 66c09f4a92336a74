import { useMemo, useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { Criterion, ErrorDetail, ItemCard, ReadingInput } from '../../api/types.ts';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { DateField } from '../DateInput/DateInput.tsx';
import { ErrorSummary, fieldId } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import './readings-form.css';

export interface ReadingRow {
  key: string;
  criterion: Criterion;
  featureId: number | null;
  featureName: string | null;
}

const UNIT_HINTS: Record<string, string> = {
  percent: '%', score: 'out of 5', count: 'count', ratio: 'per 100 staff', days: 'days', people: 'people',
};

/**
 * Which readings a council enters: each council-wide criterion once, and each per-feature criterion for
 * every item it applies to (readiness before go-live, adoption after).
 */
export function readingRows(criteria: Criterion[], items: ItemCard[]): ReadingRow[] {
  const applies = (c: Criterion, audience: string) => c.audience === 'all' || audience === 'both' || audience === c.audience;
  const rows: ReadingRow[] = criteria
    .filter((c) => c.scope === 'council' && c.phase === 'readiness')
    .map((criterion) => ({ key: `c${criterion.id}`, criterion, featureId: null, featureName: null }));
  for (const item of items.filter((i) => i.status !== 'cancelled')) {
    for (const criterion of criteria.filter((c) => c.scope === 'feature' && c.phase === (item.live ? 'adoption' : 'readiness') && applies(c, item.audience))) {
      rows.push({ key: `c${criterion.id}f${item.featureId}`, criterion, featureId: item.featureId, featureName: item.featureName });
    }
  }
  return rows;
}

/** Council-wide criteria first, then one group per feature. */
function groups(rows: ReadingRow[]): Array<[string, ReadingRow[]]> {
  const map = new Map<string, ReadingRow[]>();
  for (const r of rows) {
    const name = r.featureName ?? 'Whole council';
    map.set(name, [...(map.get(name) ?? []), r]);
  }
  return [...map.entries()];
}

/** Turns the form's filled-in rows into readings, or says which values are not numbers. */
export function collectReadings(rows: ReadingRow[], values: Record<string, string>, councilId: number, date: string, note: string) {
  const filled = rows.filter((r) => (values[r.key] ?? '').trim() !== '');
  const problems: ErrorDetail[] = [];
  const readings: ReadingInput[] = filled.map((r) => {
    const text = values[r.key]!.trim().replace(',', '.');
    const value = Number(text);
    if (!Number.isFinite(value)) problems.push({ field: `row-${r.key}`, message: `“${values[r.key]}” is not a number` });
    return { criterionId: r.criterion.id, councilId, featureId: r.featureId, value, readingDate: date, ...(note.trim() ? { note: note.trim() } : {}) };
  });
  return { readings, keys: filled.map((r) => r.key), problems };
}

/** Maps the API's row paths ("readings/2/value") back to the inputs they came from. */
export function mapRowErrors(details: ErrorDetail[], keys: string[]): ErrorDetail[] {
  return details.map((d) => {
    const match = /^readings\/(\d+)\/(\w+)$/.exec(d.field);
    const key = match ? keys[Number(match[1])] : undefined;
    return key ? { field: match![2] === 'readingDate' ? 'reading-date' : `row-${key}`, message: d.message } : d;
  });
}

/** Enter many readings at once, phone-first: one number field per criterion, one date for all. */
export function ReadingsForm({ councilId, rows, today, onSaved }: { councilId: number; rows: ReadingRow[]; today: string; onSaved: () => void }) {
  const state = useAppState();
  const [values, setValues] = useState<Record<string, string>>({});
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  // The refusal's details name rows by their index in the request: they are mapped to the rows' fields, so show().
  const { problem, error: errorFor, show, clear } = useProblem();
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = useMemo(() => new Map(rows.map((r) => [`row-${r.key}`, `${r.criterion.name}${r.featureName ? ` (${r.featureName})` : ''}`])), [rows]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const { readings, keys, problems } = collectReadings(rows, values, councilId, date, note);
    if (readings.length === 0) return show('Enter at least one value.');
    if (problems.length > 0) return show('Some values are not numbers. Nothing was saved.', problems);
    setBusy(true);
    try {
      const result = await state.api.readings.bulk(readings);
      clear();
      setValues({});
      setSaved(`${result.stored} reading${result.stored === 1 ? '' : 's'} saved for ${day(date)}.`);
      state.announce(`${result.stored} readings saved`);
      onSaved();
    } catch (error) {
      const e = asApiError(error, 'Saving failed.');
      show(e.message, mapRowErrors(e.details, keys));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="readings-form" onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => labels.get(f) ?? (f === 'reading-date' ? 'Date' : f)} />}
      {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
      <DateField name="reading-date" label="Date of the readings" error={errorFor('reading-date')} value={date} onChange={setDate} />
      <p class="hint">Leave blank what you have not measured. Each value is saved as a new reading; earlier ones are kept.</p>
      {rows.length === 0 && <p class="empty">No criteria apply to this council yet.</p>}
      {groups(rows).map(([group, members]) => (
        <fieldset key={group} class="reading-group">
          <legend>{group}</legend>
          {members.map((r) => {
            const id = fieldId(`row-${r.key}`);
            const error = errorFor(`row-${r.key}`);
            return (
              <div key={r.key} class={`reading-row${error ? ' field--error' : ''}`}>
                <label for={id}>
                  {r.criterion.name}
                  <span class="hint"> target {r.criterion.direction === 'higher' ? 'at least' : 'at most'} {r.criterion.target}{r.criterion.unit === 'percent' || r.criterion.unit === 'people' ? '%' : ''}</span>
                </label>
                {error && <p class="field-error" id={`${id}-error`}><span class="visually-hidden">Error:</span> {error}</p>}
                <div class="reading-row__input">
                  <input id={id} type="text" inputMode="decimal" autocomplete="off" value={values[r.key] ?? ''}
                    aria-describedby={error ? `${id}-error ${id}-unit` : `${id}-unit`} aria-invalid={error ? 'true' : undefined}
                    onInput={(e) => setValues({ ...values, [r.key]: (e.target as HTMLInputElement).value })} />
                  <span id={`${id}-unit`} class="unit">{UNIT_HINTS[r.criterion.unit] ?? r.criterion.unit}</span>
                </div>
              </div>
            );
          })}
        </fieldset>
      ))}
      <div class="field">
        <label for={fieldId('reading-note')}>Source or note (optional)</label>
        <input id={fieldId('reading-note')} type="text" value={note} maxLength={1000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </div>
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>{busy ? 'Saving…' : 'Save readings'}</button>
      </div>
    </form>
  );
}
