import { useAppState } from '../../state/app-state.ts';

/** Redraws the page as it stood on a chosen day; empty means today. */
export function AsOfPicker() {
  const state = useAppState();
  return (
    <div class="as-of">
      <label for="as-of">Show as of</label>
      <input id="as-of" type="date" value={state.asOf.value} max="2099-12-31"
        onChange={(e) => { state.asOf.value = (e.target as HTMLInputElement).value; }} />
      {state.asOf.value && <button type="button" class="button button--link" onClick={() => { state.asOf.value = ''; }}>Back to today</button>}
    </div>
  );
}
