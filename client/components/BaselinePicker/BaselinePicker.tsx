import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';

/**
 * Which baseline the page judges against: the one in force (the default) or any approved before. Shown once
 * there is more than one; the original stays beside any other on every screen (docs/metrics.md).
 */
export function BaselinePicker() {
  const state = useAppState();
  const list = useResource(() => state.api.baselines.list().then((p) => p.data), []);
  // While the list loads, the picker's place is held, so the page below it does not jump down when it arrives
  // (a council page's summary often comes first: a layout shift of 0.077 on a phone).
  if (list.data === undefined && list.state !== 'error') {
    return (
      <div class="as-of baseline-picker">
        <label for="baseline-pick">Judge against</label>
        <select id="baseline-pick" disabled><option>The baseline in force on the day shown</option></select>
        <a href="/baselines">Compare baselines</a>
      </div>
    );
  }
  const rows = list.data ?? [];
  if (rows.length < 2) return null;
  const originalId = rows[rows.length - 1]!.id;
  const chosen = state.baselineId.value;
  return (
    <div class="as-of baseline-picker">
      <label for="baseline-pick">Judge against</label>
      <select id="baseline-pick" value={chosen === undefined ? '' : String(chosen)}
        onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          state.baselineId.value = v === '' ? undefined : Number(v);
        }}>
        <option value="">The baseline in force on the day shown</option>
        {rows.map((b) => (
          <option key={b.id} value={String(b.id)}>{b.name}{b.id === originalId ? ' (original)' : ''}, approved {day(b.approvedAt.slice(0, 10))}</option>
        ))}
      </select>
      <a href="/baselines">Compare baselines</a>
    </div>
  );
}
