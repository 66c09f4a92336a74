import type { ComponentChildren } from 'preact';
import type { ItemCard } from '../../api/types.ts';

/** What every item table needs; the overview's lists send just this, the other screens send whole cards. */
export type ItemRow = Pick<ItemCard, 'itemId' | 'councilId' | 'councilName' | 'featureName' | 'waveId' | 'waveName' | 'rag'
  | 'plannedGoLive' | 'baselineGoLive' | 'overdue' | 'slippageDays' | 'note' | 'reasons'> & Partial<ItemCard>;
import { day, slippage, statusWord } from '../../format.ts';
import { DataTable, type Column } from '../DataTable/DataTable.tsx';
import { RagBadge } from '../RagBadge/RagBadge.tsx';

/** Red first when a colour column sorts ascending: what needs attention comes first. */
const RAG_ORDER: Record<string, number> = { red: 0, amber: 1, green: 2 };

type Show = 'council' | 'feature' | 'wave' | 'dates' | 'slippage' | 'reasons' | 'rag' | 'status' | 'blockers' | 'note';

/** Rollout items as a table: the columns a screen needs, the same cells everywhere. */
export function ItemTable({ caption, items, show, empty, reasonCount = 3, linked = true }: { caption: string; items: ItemRow[]; show: Show[]; empty?: string; reasonCount?: number; linked?: boolean }) {
  const columns: Column<ItemRow>[] = [];
  const a = (href: string, children: ComponentChildren) => (linked ? <a href={href}>{children}</a> : children);
  const has = (s: Show) => show.includes(s);
  if (has('council')) columns.push({ header: 'Council', rowHeader: !has('feature'), cell: (i) => a(`/councils/${i.councilId}`, i.councilName), sort: (i) => i.councilName });
  if (has('feature')) columns.push({ header: 'Feature', rowHeader: true, cell: (i) => a(`/items/${i.itemId}`, <>{i.featureName}{has('council') ? <span class="visually-hidden"> at {i.councilName}</span> : null}</>), sort: (i) => i.featureName });
  if (has('wave')) columns.push({ header: 'Wave', cell: (i) => (i.waveId ? a(`/waves/${i.waveId}`, i.waveName) : 'Not scheduled'), sort: (i) => i.waveName ?? null });
  if (has('status')) columns.push({ header: 'Status', cell: (i) => (i.status ? statusWord(i.status) : '—'), sort: (i) => (i.status ? statusWord(i.status) : null) });
  if (has('rag')) columns.push({ header: 'RAG', cell: (i) => <RagBadge rag={i.rag} />, sort: (i) => RAG_ORDER[i.rag] ?? null });
  if (has('dates')) {
    columns.push({ header: 'Baseline', cell: (i) => day(i.baselineGoLive), sort: (i) => i.baselineGoLive });
    columns.push({ header: 'Planned', cell: (i) => day(i.plannedGoLive), sort: (i) => i.plannedGoLive });
    columns.push({ header: 'Live', cell: (i) => day(i.actualGoLive), sort: (i) => i.actualGoLive });
  }
  // Where a re-baseline put another in force, the original's figure beside it: "on plan; 133 days late against the original".
  const beside = (i: ItemRow) => (i.original && i.original.slippageDays !== i.slippageDays ? <span class="against-original">; {slippage(i.original.slippageDays)} against the original</span> : '');
  if (has('slippage')) columns.push({ header: 'Against baseline', cell: (i) => (i.overdue ? <><strong>Overdue</strong>, {slippage(i.slippageDays)}{beside(i)}</> : <>{slippage(i.slippageDays)}{beside(i)}</>), sort: (i) => i.slippageDays });
  if (has('note')) columns.push({ header: 'Why it moved', cell: (i) => i.note || '—' });
  if (has('blockers')) columns.push({ header: 'Open issues', numeric: true, cell: (i) => String(i.openBlockers ?? 0), sort: (i) => i.openBlockers ?? 0 });
  if (has('reasons')) {
    columns.push({
      header: 'Why',
      cell: (i) => (i.reasons.length === 0 ? (i.note || '—') : (
        <ul class="reasons">
          {i.reasons.slice(0, reasonCount).map((r) => <li key={r}>{r}</li>)}
          {i.reasons.length > reasonCount && <li>{a(`/items/${i.itemId}`, `${i.reasons.length - reasonCount} more`)}</li>}
        </ul>
      )),
    });
  }
  // More than a dozen rows sort by any of these columns and filter by council, feature, wave, colour or status.
  const words = (i: ItemRow) => [i.councilName, i.featureName, i.waveName, i.rag, i.status ? statusWord(i.status) : '', i.note].join(' ');
  return <DataTable caption={caption} columns={columns} rows={items} rowKey={(i) => i.itemId} empty={empty} filter={words} />;
}
