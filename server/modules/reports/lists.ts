import type { CsvColumn } from '../../http/csv.ts';
import type { BoardReport, ReportListName } from './schemas.ts';
import { extend } from '../../domain/objects.ts';

/**
 * The board report's long lists. At national scale a month's report named thousands of items (2,400 went live,
 * 2,680 slipped, 800 red or late items with their actions: 2.9 MB), which no board reads; the report shows the
 * first rows of each list in its own order (the most slipped first, the earliest go-live first, and so on), says how
 * many more there are, and the full list is a CSV of the same period (docs/reports.md, "Long lists").
 */
export const REPORT_LIST_SHOWN = 20;

type Changes = BoardReport['changes'];
type Raid = NonNullable<BoardReport['raid']>;
type Row<K extends ReportListName> =
  K extends 'blockers' ? BoardReport['blockers'][number]
  : K extends 'goLives' ? BoardReport['next']['goLives'][number]
  : K extends 'whatWeAreDoing' ? Raid['whatWeAreDoing'][number]
  : K extends 'planMoves' ? NonNullable<Changes['planMoves']>[number]
  : K extends keyof Changes ? NonNullable<Changes[K]>[number] : never;

/** Each list of a report, as it stands (empty where a report issued before the list existed has none). */
export function listRows<K extends ReportListName>(report: BoardReport, name: K): Array<Row<K>> {
  const lists: { [L in ReportListName]: Array<Row<L>> } = {
    wentLive: report.changes.wentLive, slipped: report.changes.slipped, colourChanged: report.changes.colourChanged,
    gateDecisions: report.changes.gateDecisions, planMoves: report.changes.planMoves ?? [], blockers: report.blockers,
    goLives: report.next.goLives, whatWeAreDoing: report.raid?.whatWeAreDoing ?? [],
  };
  return lists[name];
}

/** The report with each list cut to its first `shown` rows, and every list's full length beside them. */
export function withListsCut(report: BoardReport, shown = REPORT_LIST_SHOWN): BoardReport {
  const cut = <T>(rows: T[]): T[] => (rows.length > shown ? rows.slice(0, shown) : rows);
  const { changes: c } = report;
  return extend(report, {
    lists: {
      shown,
      lengths: {
        wentLive: c.wentLive.length, slipped: c.slipped.length, colourChanged: c.colourChanged.length, gateDecisions: c.gateDecisions.length,
        planMoves: c.planMoves?.length ?? 0, blockers: report.blockers.length, goLives: report.next.goLives.length,
        whatWeAreDoing: report.raid?.whatWeAreDoing.length ?? 0,
      },
    },
    changes: extend(c, { wentLive: cut(c.wentLive), slipped: cut(c.slipped), colourChanged: cut(c.colourChanged), gateDecisions: cut(c.gateDecisions),
      ...(c.planMoves ? { planMoves: cut(c.planMoves) } : {}),
    }),
    blockers: cut(report.blockers),
    next: extend(report.next, { goLives: cut(report.next.goLives) }),
    ...(report.raid ? { raid: extend(report.raid, { whatWeAreDoing: cut(report.raid.whatWeAreDoing) }) } : {}),
  });
}

type ItemRow = { itemId: number | null; councilName: string | null; featureName: string | null; waveName: string | null };
const itemColumns = <R extends ItemRow>(): Array<CsvColumn<R>> => [
  { header: 'item id', value: (r) => r.itemId },
  { header: 'council', value: (r) => r.councilName },
  { header: 'feature', value: (r) => r.featureName },
  { header: 'wave', value: (r) => r.waveName },
];

/** The columns of each list's CSV: the item, then what the report says of it. */
const LIST_COLUMNS: { [K in ReportListName]: Array<CsvColumn<Row<K>>> } = {
  wentLive: [...itemColumns<Row<'wentLive'>>(),
    { header: 'went live', value: (r) => r.actualGoLive }, { header: 'baseline go-live', value: (r) => r.baselineGoLive },
    { header: 'days late', value: (r) => r.slippageDays }],
  slipped: [...itemColumns<Row<'slipped'>>(),
    { header: 'baseline go-live', value: (r) => r.baselineGoLive }, { header: 'forecast go-live', value: (r) => r.forecastGoLive },
    { header: 'days late at the start', value: (r) => r.slippageBefore }, { header: 'days late at the end', value: (r) => r.slippageNow },
    { header: 'reason category', value: (r) => r.reasonCategory }, { header: 'reason', value: (r) => r.reason }, { header: 'note', value: (r) => r.note }],
  colourChanged: [...itemColumns<Row<'colourChanged'>>(),
    { header: 'before', value: (r) => r.before }, { header: 'now', value: (r) => r.now }, { header: 'reasons', value: (r) => r.reasons.join('; ') }],
  gateDecisions: [...itemColumns<Row<'gateDecisions'>>(),
    { header: 'decided on', value: (r) => r.decidedOn }, { header: 'decision', value: (r) => r.decision }, { header: 'proposed', value: (r) => r.proposed },
    { header: 'decided by', value: (r) => r.decidedByName }, { header: 'reason', value: (r) => r.reason }],
  planMoves: [{ header: 'kind', value: (r) => r.kind }, ...itemColumns<Row<'planMoves'>>(),
    { header: 'from wave', value: (r) => r.fromWaveName }, { header: 'on', value: (r) => r.on }, { header: 'from date', value: (r) => r.fromDate },
    { header: 'to date', value: (r) => r.toDate }, { header: 'days', value: (r) => r.days }, { header: 'changed by', value: (r) => r.changedByName },
    { header: 'reason category', value: (r) => r.reasonCategory }, { header: 'reason', value: (r) => r.reason }],
  blockers: [...itemColumns<Row<'blockers'>>(),
    { header: 'issue', value: (r) => r.description }, { header: 'owner', value: (r) => r.owner }, { header: 'raised on', value: (r) => r.raisedOn },
    { header: 'due', value: (r) => r.dueDate }, { header: 'overdue', value: (r) => r.overdue }],
  goLives: [...itemColumns<Row<'goLives'>>(), { header: 'planned go-live', value: (r) => r.plannedGoLive }, { header: 'readiness', value: (r) => r.rag }],
  whatWeAreDoing: [...itemColumns<Row<'whatWeAreDoing'>>(),
    { header: 'readiness', value: (r) => r.rag }, { header: 'late', value: (r) => r.late }, { header: 'days late', value: (r) => r.slippageDays },
    { header: 'reasons', value: (r) => r.reasons.join('; ') }, { header: 'open actions', value: (r) => r.actions.map((a) => `${a.title} (${a.owner}, due ${a.dueDate})`).join('; ') },
    { header: 'done in the period', value: (r) => r.doneInPeriod.map((a) => a.title).join('; ') }, { header: 'summary', value: (r) => r.summary }],
};

export function listColumns<K extends ReportListName>(name: K): Array<CsvColumn<Row<K>>> {
  return LIST_COLUMNS[name];
}
