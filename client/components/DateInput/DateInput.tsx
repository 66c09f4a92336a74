import { useEffect, useState } from 'preact/hooks';
import { fieldId } from '../ErrorSummary/ErrorSummary.tsx';
import './date-input.css';

interface Parts { day: string; month: string; year: string }

const split = (iso: string): Parts => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' };
};

/** The ISO day the three boxes make, or null when they do not make a real date. */
export function joinDate(p: Parts): string | null {
  const d = Number(p.day.trim()), m = Number(p.month.trim()), y = Number(p.year.trim());
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** What the boxes hold: nothing at all, a real date, or something else (`typed`, as year-month-day, unpadded). */
export interface DateEntry { empty: boolean; real: boolean; typed: string }
const entryOf = (p: Parts): DateEntry => ({
  empty: !p.day.trim() && !p.month.trim() && !p.year.trim(),
  real: joinDate(p) !== null,
  typed: `${p.year.trim()}-${p.month.trim()}-${p.day.trim()}`,
});

/**
 * The GOV.UK date input: day, month and year as three numeric boxes in a fieldset, whatever the browser's
 * locale. Calls onChange with the ISO day, or '' while the boxes do not make a real date.
 */
export function DateInput({ id, legend, hint, value, onChange, error }: {
  id: string; legend: string; hint?: string; value: string;
  /** The ISO day, or '' while the boxes do not make one; `empty` tells an unfinished date from no date at all. */
  onChange: (iso: string, entry: DateEntry) => void; error?: string;
}) {
  const [parts, setParts] = useState<Parts>(() => split(value));
  useEffect(() => {
    // Only a change from outside (a reset, a new record) redraws the boxes: a date still being typed stays as typed.
    if ((joinDate(parts) ?? '') !== value) setParts(split(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const set = (key: keyof Parts) => (e: Event) => {
    const next = { ...parts, [key]: (e.target as HTMLInputElement).value };
    setParts(next);
    onChange(joinDate(next) ?? '', entryOf(next));
  };
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`date-input${error ? ' field--error' : ''}`} role="group" aria-describedby={described} id={id} tabIndex={-1}>
      <legend>{legend}</legend>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}><span class="visually-hidden">Error:</span> {error}</p>}
      <div class="date-input__boxes">
        <div class="date-input__item"><label for={`${id}-day`}>Day</label>
          <input id={`${id}-day`} class="date-input__day" type="text" inputMode="numeric" maxLength={2} value={parts.day} onInput={set('day')} aria-invalid={error ? 'true' : undefined} /></div>
        <div class="date-input__item"><label for={`${id}-month`}>Month</label>
          <input id={`${id}-month`} class="date-input__month" type="text" inputMode="numeric" maxLength={2} value={parts.month} onInput={set('month')} aria-invalid={error ? 'true' : undefined} /></div>
        <div class="date-input__item"><label for={`${id}-year`}>Year</label>
          <input id={`${id}-year`} class="date-input__year" type="text" inputMode="numeric" maxLength={4} value={parts.year} onInput={set('year')} aria-invalid={error ? 'true' : undefined} /></div>
      </div>
    </fieldset>
  );
}

/**
 * A date field of a form (the GOV.UK day / month / year boxes, never the browser's own date picker), named like
 * `Field` so the error summary links to it. Boxes that do not make a real date say so beside them once the
 * person leaves them, and hand the form what was typed (not ISO), so the server refuses it and nothing is saved
 * with a date the person did not mean; empty boxes hand on ''.
 */
export function DateField({ name, label, hint, error, value, onChange }: {
  name: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void;
}) {
  const [entry, setEntry] = useState<DateEntry>({ empty: value === '', real: value !== '', typed: '' });
  const [left, setLeft] = useState(false);
  const own = left && !entry.empty && !entry.real ? `${label.replace(/ \(optional\)$/, '')} must be a real date, for example ${EXAMPLE}` : undefined;
  return (
    <div onFocusOut={(e) => { if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setLeft(true); }}>
      <DateInput id={fieldId(name)} legend={label} hint={hint ?? `For example, ${EXAMPLE}`} value={entry.real || entry.empty ? value : ''}
        error={own ?? error}
        onChange={(iso, next) => { setEntry(next); onChange(next.real || next.empty ? iso : next.typed); }} />
    </div>
  );
}

const EXAMPLE = '27 3 2027';
