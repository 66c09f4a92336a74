import { useEffect, useState } from 'preact/hooks';
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

/**
 * The GOV.UK date input: day, month and year as three numeric boxes in a fieldset, whatever the browser's
 * locale. Calls onChange with the ISO day, or '' while the boxes do not make a real date.
 */
export function DateInput({ id, legend, hint, value, onChange, error }: {
  id: string; legend: string; hint?: string; value: string;
  /** The ISO day, or '' while the boxes do not make one; `empty` tells an unfinished date from no date at all. */
  onChange: (iso: string, entry: { empty: boolean }) => void; error?: string;
}) {
  const [parts, setParts] = useState<Parts>(() => split(value));
  useEffect(() => {
    if (joinDate(parts) !== value) setParts(split(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const set = (key: keyof Parts) => (e: Event) => {
    const next = { ...parts, [key]: (e.target as HTMLInputElement).value };
    setParts(next);
    onChange(joinDate(next) ?? '', { empty: !next.day.trim() && !next.month.trim() && !next.year.trim() });
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
