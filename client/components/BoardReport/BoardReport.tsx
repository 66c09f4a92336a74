import type { BoardReport as Report } from '../../api/types.ts';
import { day, number, ragRank, slippage, statusWord } from '../../format.ts';
import { originalWords, switchedOnWords, takeUpWords } from '../../metric-words.ts';
import { DataTable, type Column } from '../DataTable/DataTable.tsx';
import { RagBadge } from '../RagBadge/RagBadge.tsx';
import { ProgrammeStatusHeading, ReportWhatWeAreDoing } from '../Raid/ReportRaid.tsx';
import { listLength, MoreInCsv } from './MoreInCsv.tsx';
import './board-report.css';

const DECISION_WORDS = { go: 'Go', no_go: 'No-go', go_override: 'Go with override' } as const;
type ItemRef = { itemId: number; councilName: string; featureName: string; waveName: string | null };
const itemName = (i: ItemRef) => <><strong>{i.featureName}</strong>, {i.councilName}</>;

/**
 * The board report as the board reads it, on screen and on A4: plain text and tables, no links, so a
 * printed copy or a shared view loses nothing. The one exception: a long list shows its first rows and says how
 * many more there are, with the whole list as CSV (a share link's token goes in its address).
 */
// eslint-disable-next-line max-lines-per-function -- the board report is one document read top to bottom on screen and on A4, its sections in the order the board reads them
export function BoardReportView({ report, shareToken }: { report: Report; shareToken?: string | null }) {
  const { headline: h, changes: c } = report;
  const count = (list: Parameters<typeof listLength>[1], rows: unknown[]) => number(listLength(report, list, rows.length));
  const more = (list: Parameters<typeof listLength>[1], rows: unknown[]) => <MoreInCsv report={report} list={list} rows={rows.length} shareToken={shareToken} />;
  const measures = [
    { label: 'Items live', before: h.before.live, now: h.now.live },
    { label: 'Items planned to be live by then (baseline)', before: h.before.plannedLive, now: h.now.plannedLive },
    { label: 'Items late against the baseline', before: h.before.slipped, now: h.now.slipped },
    { label: 'Items overdue', before: h.before.overdue, now: h.now.overdue },
    { label: 'Staff switched on (at least one feature live for them)', before: h.before.staffReached, now: h.now.staffReached },
  ];
  const on = switchedOnWords(h.now);
  const using = h.takeUp ? takeUpWords(h.takeUp) : null;
  return (
    <article class="board-report" aria-labelledby="report-title">
      <header class="board-report__header">
        <h2 id="report-title">{report.title}</h2>
        <p>
          Changes after <strong>{day(report.period.from)}</strong> up to and including <strong>{day(report.period.to)}</strong> ({report.period.days} days),
          judged against {report.baseline ? <>the baseline <strong>{report.baseline.name}</strong></> : 'no approved baseline'}.
        </p>
      </header>

      <ProgrammeStatusHeading raid={report.raid} periodTo={report.period.to} />

      <section aria-labelledby="report-headline">
        <h3 id="report-headline">Progress against the plan</h3>
        <ul class="headlines">
          <li class="headline"><span class="headline__value">{h.now.live} of {h.now.plannedLive}</span><span class="headline__label">items live of those planned to be live by {day(report.period.to)} ({h.now.items} in all)</span></li>
          <li class="headline"><span class="headline__value">{on.value}</span><span class="headline__label">{on.label}</span></li>
          {using && <li class="headline"><span class="headline__value">{using.value}</span><span class="headline__label">{using.label}</span></li>}
          <li class="headline"><span class="headline__value">{h.now.slipped}</span><span class="headline__label">items late against the baseline, {number(h.now.totalSlippageDays)} days in all</span></li>
          <li class="headline"><span class="headline__value">{h.readiness.red} red, {h.readiness.amber} amber, {h.readiness.green} green</span><span class="headline__label">readiness of the items still to go live</span></li>
        </ul>
        {h.original && <p class="board-report__original">{originalWords(h.original)}</p>}
        <DataTable caption={`Start and end of the period`} rows={measures} rowKey={(m) => m.label} columns={[
          { header: 'Measure', rowHeader: true, cell: (m) => m.label },
          { header: day(report.period.from), numeric: true, cell: (m) => number(m.before) },
          { header: day(report.period.to), numeric: true, cell: (m) => number(m.now) },
          { header: 'Change', numeric: true, cell: (m) => (m.now - m.before > 0 ? `+${number(m.now - m.before)}` : number(m.now - m.before)) },
        ]} />
      </section>

      <section aria-labelledby="report-changes">
        <h3 id="report-changes">What changed</h3>
        <DataTable caption={`Went live (${count('wentLive', c.wentLive)})`} rows={c.wentLive} rowKey={(i) => i.itemId} empty="Nothing went live in the period." columns={[
          { header: 'Item', rowHeader: true, cell: itemName },
          { header: 'Wave', cell: (i) => i.waveName ?? 'Not scheduled' },
          { header: 'Live on', cell: (i) => day(i.actualGoLive) },
          { header: 'Against baseline', cell: (i) => slippage(i.slippageDays) },
        ]} />
        {more('wentLive', c.wentLive)}
        <DataTable caption={`Slipped further (${count('slipped', c.slipped)})`} rows={c.slipped} rowKey={(i) => i.itemId} empty="Nothing slipped in the period." columns={[
          { header: 'Item', rowHeader: true, cell: itemName },
          { header: 'Baseline', cell: (i) => day(i.baselineGoLive) },
          { header: 'Expected now', cell: (i) => day(i.forecastGoLive) },
          { header: 'Late at start', numeric: true, cell: (i) => slippage(i.slippageBefore) },
          { header: 'Late now', numeric: true, cell: (i) => slippage(i.slippageNow) },
          { header: 'Why it moved', cell: (i) => i.note || '—' },
        ]} />
        {more('slipped', c.slipped)}
        <DataTable caption={`Changed colour (${count('colourChanged', c.colourChanged)})`} rows={c.colourChanged} rowKey={(i) => i.itemId} empty="No item changed colour." columns={[
          { header: 'Item', rowHeader: true, cell: itemName },
          { header: 'Was', cell: (i) => <RagBadge rag={i.before} /> },
          { header: 'Now', cell: (i) => <RagBadge rag={i.now} /> },
          { header: 'Why', cell: (i) => (i.reasons.length ? <ul class="reasons">{i.reasons.map((r) => <li key={r}>{r}</li>)}</ul> : '—') },
        ]} />
        {more('colourChanged', c.colourChanged)}
        <DataTable caption={`Gate decisions (${count('gateDecisions', c.gateDecisions)})`} rows={c.gateDecisions} rowKey={(d) => `${d.itemId}-${d.decidedOn}-${d.decision}`} empty="No gate decisions in the period." columns={[
          { header: 'Item', rowHeader: true, cell: itemName },
          { header: 'Decided', cell: (d) => day(d.decidedOn) },
          { header: 'Proposed', cell: (d) => DECISION_WORDS[d.proposed] },
          { header: 'Decision', cell: (d) => DECISION_WORDS[d.decision] },
          { header: 'Reason', cell: (d) => d.reason || '—' },
          { header: 'By', cell: (d) => d.decidedByName },
        ]} />
        {more('gateDecisions', c.gateDecisions)}
      </section>

      <section aria-labelledby="report-wins">
        <h3 id="report-wins">Early wins</h3>
        {report.wins.length === 0 ? <p class="empty">No wins were published for the period.</p> : (
          <ul class="card-list">
            {report.wins.map((w) => (
              <li key={w.id}>
                <strong>{w.title}</strong> <span class="muted">— {w.councilName}{w.featureName ? `, ${w.featureName}` : ''}, {day(w.wonOn)}</span>
                <p>{w.story}</p>
                {w.evidenceValue !== null && <p><strong>{number(w.evidenceValue)}</strong> {w.evidenceUnit}</p>}
                {w.evidenceNote && <p class="muted">Evidence: {w.evidenceNote}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <ReportWhatWeAreDoing raid={report.raid} more={report.raid ? more('whatWeAreDoing', report.raid.whatWeAreDoing) : null} />

      <section aria-labelledby="report-blockers">
        <h3 id="report-blockers">Open issues on items</h3>
        <DataTable caption={`Open on ${day(report.period.to)} (${count('blockers', report.blockers)})`} rows={report.blockers} rowKey={(b) => `${b.itemId}-${b.description}`} empty="No open issues on items." columns={[
          { header: 'Item', rowHeader: true, cell: itemName },
          { header: 'Issue', cell: (b) => b.description },
          { header: 'Owner', cell: (b) => b.owner },
          { header: 'Due', cell: (b) => (b.overdue ? <><strong>Overdue</strong>: {day(b.dueDate)}</> : day(b.dueDate)) },
        ]} />
        {more('blockers', report.blockers)}
      </section>

      {report.engagement && <Engagement e={report.engagement} to={report.period.to} />}
      {report.benefits && <Benefits b={report.benefits} />}

      <section aria-labelledby="report-next">
        <h3 id="report-next">Next period: {day(report.next.from)} to {day(report.next.to)}</h3>
        <DataTable caption={`Planned go-lives (${count('goLives', report.next.goLives)})`} rows={report.next.goLives} rowKey={(i) => i.itemId} empty="No go-lives are planned in the next period." columns={[
          { header: 'Item', rowHeader: true, cell: itemName },
          { header: 'Wave', cell: (i) => i.waveName ?? 'Not scheduled' },
          { header: 'Planned', cell: (i) => day(i.plannedGoLive) },
          { header: 'Readiness', cell: (i) => <RagBadge rag={i.rag} /> },
        ]} />
        {more('goLives', report.next.goLives)}
      </section>

      <section aria-labelledby="report-waves">
        <h3 id="report-waves">Waves</h3>
        <DataTable caption="Waves against the baseline" rows={report.waves} rowKey={(w) => w.waveId} columns={[
          { header: 'Wave', rowHeader: true, cell: (w) => w.name },
          { header: 'Baseline go-live', cell: (w) => day(w.baselineGoLive) },
          { header: 'Planned now', cell: (w) => day(w.plannedGoLive) },
          { header: 'Status', cell: (w) => statusWord(w.status) },
          { header: 'Live', numeric: true, cell: (w) => `${w.totals.live} of ${w.totals.items}` },
          { header: 'Late items', numeric: true, cell: (w) => String(w.totals.slipped) },
        ]} />
      </section>

      <BoardReportGrid grid={report.grid} on={report.period.to} />
    </article>
  );
}

/**
 * The RAG of every rollout item, a row per council. With more than a dozen councils it sorts by council or by a
 * feature's colour (red first) and filters by council, colour or status, like the overview's grid; on paper the
 * filter box and the sort arrows are not printed, and the rows keep the order chosen on screen.
 */
export function BoardReportGrid({ grid, on }: { grid: Report['grid']; on: string }) {
  const cells = new Map(grid.cells.map((cell) => [`${cell.councilId}:${cell.featureId}`, cell]));
  const at = (councilId: number, featureId: number) => cells.get(`${councilId}:${featureId}`);
  type Council = Report['grid']['councils'][number];
  return (
    <section aria-labelledby="report-grid" class="board-report__grid">
      <h3 id="report-grid">RAG of every rollout item</h3>
      <DataTable caption={`RAG by council and feature: readiness before go-live, adoption after it, on ${day(on)}`} tableClass="rag-grid"
        rows={grid.councils} rowKey={(c) => c.councilId}
        filter={(c) => [c.name, ...grid.features.flatMap((f) => {
          const cell = at(c.councilId, f.featureId);
          return cell ? [cell.rag, statusWord(cell.status)] : ['not planned'];
        })].join(' ')}
        columns={[
          { header: 'Council', rowHeader: true, cell: (c) => c.name, sort: (c) => c.name },
          ...grid.features.map((f): Column<Council> => ({
            header: f.name,
            sort: (c) => { const cell = at(c.councilId, f.featureId); return cell ? ragRank(cell.rag) : null; },
            cell: (c) => {
              const cell = at(c.councilId, f.featureId);
              return cell ? <><RagBadge rag={cell.rag} /> <span class="grid-cell__word">{statusWord(cell.status)}</span></> : <span class="muted">Not planned</span>;
            },
          })),
        ]} />
    </section>
  );
}

type BenefitsFigures = NonNullable<Report['benefits']>;
const pounds = (pence: number | null) => (pence === null ? 'not measured' : `£${Math.round(pence / 100).toLocaleString('en-GB')}`);
const onlineShare = (p: number | null) => (p === null ? 'no volumes' : `${p.toLocaleString('en-GB', { minimumFractionDigits: 1 })}%`);

/** Benefits at the start and end of the period (docs/benefits.md): the saving, the target and digital take-up. */
function Benefits({ b }: { b: BenefitsFigures }) {
  const rows = [
    { label: 'Saved to date', before: pounds(b.before.savedPence), now: pounds(b.now.savedPence) },
    { label: 'Target to date on the profile', before: pounds(b.before.targetToDatePence), now: pounds(b.now.targetToDatePence) },
    { label: 'Online (latest month reported)', before: onlineShare(b.before.takeUpPercent), now: onlineShare(b.now.takeUpPercent) },
    { label: 'Assisted digital', before: onlineShare(b.before.assistedPercent), now: onlineShare(b.now.assistedPercent) },
    { label: 'Monthly reports missing', before: number(b.before.missingMonths), now: number(b.now.missingMonths) },
  ];
  return (
    <section aria-labelledby="report-benefits">
      <h3 id="report-benefits">Benefits</h3>
      <p><strong>{b.now.text}.</strong> Saved in the period: {pounds(b.savedInPeriodPence)}.</p>
      <DataTable caption="Benefits at the start and the end of the period" rows={rows} rowKey={(r) => r.label} columns={[
        { header: 'Measure', rowHeader: true, cell: (r) => r.label },
        { header: `Start (${day(b.before.asOf)})`, numeric: true, cell: (r) => r.before },
        { header: `End (${day(b.now.asOf)})`, numeric: true, cell: (r) => r.now },
      ]} />
    </section>
  );
}

type EngagementFigures = NonNullable<Report['engagement']>;

/** Communications and staff questions in the period: counts, and the activities that are overdue by name. */
function Engagement({ e, to }: { e: EngagementFigures; to: string }) {
  const figures = [
    { label: 'Communications activities done', value: number(e.activitiesDone) },
    { label: 'People they reached', value: number(e.peopleReached) },
    { label: `Activities overdue on ${day(to)}`, value: number(e.overdueActivityCount) },
    { label: 'Activities planned in the next period', value: number(e.activitiesNext) },
    // Counted from the whole question log: null for sponsors and share links, so not shown to them.
    ...(e.questionsRaised === null ? [] : [
      { label: 'Staff questions raised', value: number(e.questionsRaised) },
      { label: `Questions answered (within ${e.answerTargetWorkingDays} working days)`, value: `${number(e.questionsAnswered)} (${number(e.answeredWithinTarget)})` },
      { label: `Questions open past their target on ${day(to)}`, value: number(e.openPastTarget) },
    ]),
    { label: 'Answers published as FAQs', value: number(e.faqsPublished) },
  ];
  return (
    <section aria-labelledby="report-engagement">
      <h3 id="report-engagement">Communications and staff questions</h3>
      <DataTable caption="In the period" rows={figures} rowKey={(f) => f.label} columns={[
        { header: 'Measure', rowHeader: true, cell: (f) => f.label },
        { header: 'Count', numeric: true, cell: (f) => f.value },
      ]} />
      <DataTable caption={`Overdue activities (${e.overdueActivityCount}${e.overdueActivityCount > e.overdueActivities.length ? `, the first ${e.overdueActivities.length} shown` : ''})`}
        rows={e.overdueActivities} rowKey={(a) => a.id} empty="No communications activity is overdue." columns={[
          { header: 'Activity', rowHeader: true, cell: (a) => a.title },
          { header: 'Channel', cell: (a) => a.channel },
          { header: 'Due', cell: (a) => day(a.date) },
          { header: 'Councils', cell: (a) => a.councils.join(', ') },
          { header: 'Wave', cell: (a) => a.waveName },
        ]} />
    </section>
  );
}
