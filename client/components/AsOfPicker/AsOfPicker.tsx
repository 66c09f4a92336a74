import { useEffect, useState } from 'preact/hooks';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { DateInput, type DateEntry } from '../DateInput/DateInput.tsx';
import './as-of.css';

/**
 * Redraws the page as it stood on a chosen day; empty means today. The day is typed in the GOV.UK day / month /
 * year boxes (never the browser's own picker, which follows its locale) and applied with Show, so a half-typed
 * date never redraws the page; a date that is not real, or is in the future, is said so beside the boxes.
 */
export function AsOfPicker() {
  const state = useAppState();
  const [draft, setDraft] = useState(state.asOf.value);
  const [entry, setEntry] = useState<DateEntry>({ empty: state.asOf.value === '', real: state.asOf.value !== '', typed: '' });
  const [error, setError] = useState<string | undefined>();
  // Another page (or Back to today) changed the day: the boxes follow.
  useEffect(() => setDraft(state.asOf.value), [state.asOf.value]);

  const show = (event: Event) => {
    event.preventDefault();
    if (entry.empty) {
      setError(undefined);
      state.asOf.value = '';
      return;
    }
    if (!entry.real || !draft) return setError('Show as of must be a real date, for example 1 4 2026');
    if (draft > new Date().toISOString().slice(0, 10)) return setError('Show as of must be today or in the past');
    setError(undefined);
    state.asOf.value = draft;
    state.announce(`Showing the programme as of ${day(draft)}`);
  };
  // Folded away until wanted (most readers want today): one line on a phone's first screen.
  return (
    <details class="as-of-fold" open={state.asOf.value !== '' || error !== undefined}>
      <summary>{state.asOf.value ? `Showing the programme as of ${day(state.asOf.value)}` : 'Show the programme as of another day'}</summary>
    <form class="as-of" onSubmit={show} noValidate>
      <DateInput id="as-of" legend="Show as of" value={draft} error={error}
        onChange={(iso, next) => { setDraft(iso); setEntry(next); }} />
      <button type="submit" class="button button--secondary">Show</button>
      {state.asOf.value && (
        <button type="button" class="button button--link" onClick={() => { setError(undefined); state.asOf.value = ''; state.announce('Showing the programme as of today'); }}>Back to today</button>
      )}
    </form>
    </details>
  );
}
