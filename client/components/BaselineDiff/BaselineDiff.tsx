import type { BaselineComparison } from '../../api/baseline-types.ts';
import { day, number, statusWord } from '../../format.ts';
import { DataTable } from '../DataTable/DataTable.tsx';

const CHANGE_WORDS = { moved: 'Date moves', wave: 'Wave changes', status: 'Status changes', added: 'Not in the earlier plan', removed: 'Not in the later plan' } as const;
const signedDays = (d: number | null) => (d === null ? '—' : d === 0 ? 'same day' : `${Math.abs(d)} day${Math.abs(d) === 1 ? '' : 's'} ${d > 0 ? 'later' : 'earlier'}`);

/**
 * Two plans side by side, in words and tables: how many items and waves move and how far, the lateness against
 * each plan as of today, and what a re-baseline would absorb. `laterName` names the later plan ("the current plan").
 */
export function BaselineDiff({ diff, laterName }: { diff: BaselineComparison; laterName: string }) {
  const s = diff.summary;
  const earlier = diff.base.name;
  return (
    <div class="baseline-diff">
      <p>
        Against <strong>{earlier}</strong>, {laterName} moves <strong>{s.moved}</strong> {s.moved === 1 ? 'item' : 'items'} ({s.later} later, {s.earlier} earlier)
        and <strong>{s.wavesMoved}</strong> {s.wavesMoved === 1 ? 'wave' : 'waves'}; {s.added} added, {s.removed} removed, {s.unchanged} unchanged.
      </p>
      <p>
        As of {day(diff.asOf)}: {s.lateAgainstBase.slipped} {s.lateAgainstBase.slipped === 1 ? 'item is' : 'items are'} late against {earlier} ({number(s.lateAgainstBase.days)} days in all);
        against {laterName}, {s.lateAgainstNew.slipped} ({number(s.lateAgainstNew.days)} days).
        {s.absorbedDays > 0 ? <> <strong>{number(s.absorbedDays)} days of lateness would no longer show against the new baseline</strong>; they stay visible against the original.</> : ''}
      </p>
      <DataTable caption="Waves: own go-live date in each plan" rows={diff.waves} rowKey={(w) => w.waveId} columns={[
        { header: 'Wave', rowHeader: true, cell: (w) => w.name },
        { header: earlier, cell: (w) => day(w.baseDate) },
        { header: laterName, cell: (w) => day(w.againstDate) },
        { header: 'Moves', cell: (w) => signedDays(w.days) },
      ]} />
      <DataTable caption={`Items that differ (${diff.items.length}), furthest moved first`} rows={diff.items} rowKey={(i) => i.itemId} empty="No item differs." columns={[
        { header: 'Item', rowHeader: true, cell: (i) => <><strong>{i.featureName}</strong>, {i.councilName}</> },
        { header: 'Change', cell: (i) => CHANGE_WORDS[i.change] },
        { header: earlier, cell: (i) => <>{day(i.baseDate)}{i.baseWave ? <span class="muted"> ({i.baseWave})</span> : ''}{i.baseStatus && i.change === 'status' ? ` ${statusWord(i.baseStatus)}` : ''}</> },
        { header: laterName, cell: (i) => <>{day(i.againstDate)}{i.againstWave ? <span class="muted"> ({i.againstWave})</span> : ''}{i.againstStatus && i.change === 'status' ? ` ${statusWord(i.againstStatus)}` : ''}</> },
        { header: 'Moves', cell: (i) => signedDays(i.days) },
        { header: `Late against ${earlier}`, numeric: true, cell: (i) => (i.lateAgainstBase === null ? '—' : String(i.lateAgainstBase)) },
        { header: `Late against ${laterName}`, numeric: true, cell: (i) => (i.lateAgainstNew === null ? '—' : String(i.lateAgainstNew)) },
      ]} />
    </div>
  );
}
