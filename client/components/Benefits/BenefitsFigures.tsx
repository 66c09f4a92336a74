import type { BenefitsSummary } from '../../api/types.ts';
import { month, number } from '../../format.ts';
import { ChartWithTable } from '../ChartWithTable/ChartWithTable.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';
import './benefits.css';

type Channel = keyof BenefitsSummary['months'][number]['volumes'];

/** Channel words, and a colour and a dash per channel so the stacked chart never relies on colour alone. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  paper: 'Paper form', email: 'E-mail', phone: 'Phone', face_to_face: 'Face to face', online: 'Self-service online', assisted: 'Assisted digital',
};
const CHANNEL_COLOURS: Record<Channel, string> = {
  paper: '#6f4e37', email: '#8a6d00', phone: '#b1361e', face_to_face: '#5b3f8c', online: '#00703c', assisted: '#1d70b8',
};
const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];

/** Whole pence as money: £1,234 (or £3.76 with pence). */
export function money(pence: number | null | undefined, withPence = false): string {
  if (pence === null || pence === undefined) return '—';
  const sign = pence < 0 ? '−' : '';
  const pounds = Math.abs(pence) / 100;
  return `${sign}£${pounds.toLocaleString('en-GB', withPence ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 0 })}`;
}

const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toLocaleString('en-GB', { minimumFractionDigits: 1 })}%`);

/** The headline in figures: saved to date against the target, take-up, cost per transaction before and now. */
export function BenefitsHeadlines({ summary }: { summary: BenefitsSummary }) {
  const h = summary.headline;
  return (
    <ul class="headlines">
      <li class="headline">
        <span class="headline__value">{h.savedPence === null ? 'No baseline' : money(h.savedPence)}</span>
        <span class="headline__label">
          {h.savedPence === null ? 'no saving can be measured yet' : `saved to date${h.targetPence !== null ? ` of ${money(h.targetPence)} target (${money(h.targetToDatePence)} by now on the profile)` : ''}`}
        </span>
      </li>
      <li class="headline">
        <span class="headline__value">{pct(h.takeUpPercent)}</span>
        <span class="headline__label">online in {h.month ? month(h.month) : 'the latest month'} (digital take-up), plus {pct(h.assistedPercent)} assisted digital</span>
      </li>
      <li class="headline">
        <span class="headline__value">{money(summary.costPerTransaction.beforePence, true)} → {money(summary.costPerTransaction.nowPence, true)}</span>
        <span class="headline__label">cost per transaction before self-service and now</span>
      </li>
      <li class="headline">
        <span class="headline__value">{money(h.cashablePence)}</span>
        <span class="headline__label">of the saving is cashable; {money(h.nonCashablePence)} is staff time freed</span>
      </li>
    </ul>
  );
}

/** The three charts of the benefits figures, each with its table. */
export function BenefitsCharts({ summary, scopeName }: { summary: BenefitsSummary; scopeName: string }) {
  const months = summary.months.filter((m) => m.reported > 0 || m.missing > 0);
  const labels = months.map((m) => month(m.month));
  return (
    <>
      <ChartWithTable
        title={`Transactions by channel, ${scopeName}`}
        summary={`Stacked monthly transactions by channel from ${labels[0] ?? 'no month'} to ${labels.at(-1) ?? 'no month'}; the latest month is ${pct(summary.headline.takeUpPercent)} online.`}
        labels={labels}
        stacked
        yLabel="Transactions a month"
        series={CHANNELS.map((c) => ({ label: CHANNEL_LABELS[c], values: months.map((m) => (m.reported > 0 ? m.volumes[c] : null)), colour: CHANNEL_COLOURS[c], kind: 'bar' as const }))}
        table={(
          <DataTable
            caption={`Transactions by channel, ${scopeName}`}
            rowKey={(m) => m.month}
            rows={months}
            columns={[
              { header: 'Month', cell: (m) => month(m.month), rowHeader: true },
              ...CHANNELS.map((c) => ({ header: CHANNEL_LABELS[c], cell: (m: (typeof months)[number]) => (m.reported > 0 ? number(m.volumes[c]) : '—'), numeric: true })),
              { header: 'All', cell: (m) => (m.reported > 0 ? number(m.total) : 'not reported'), numeric: true },
              { header: 'Online', cell: (m) => pct(m.takeUpPercent), numeric: true },
              { header: 'Missing reports', cell: (m) => number(m.missing), numeric: true },
            ]}
          />
        )}
      />
      <ChartWithTable
        title={`Cost per transaction before and now, ${scopeName}`}
        summary={`Before self-service ${money(summary.costPerTransaction.beforePence, true)} a transaction; in the latest month ${money(summary.costPerTransaction.nowPence, true)}.`}
        labels={labels}
        yLabel="Pence a transaction"
        series={[
          { label: 'Before self-service (baseline)', values: months.map(() => summary.costPerTransaction.beforePence), colour: '#505a5f', dash: [6, 4] },
          { label: 'Now (blended)', values: months.map((m) => m.costPerTransactionPence), colour: '#00703c' },
        ]}
        table={(
          <DataTable
            caption={`Cost per transaction before and now, ${scopeName}`}
            rowKey={(m) => m.month}
            rows={months}
            columns={[
              { header: 'Month', cell: (m) => month(m.month), rowHeader: true },
              { header: 'Before', cell: () => money(summary.costPerTransaction.beforePence, true), numeric: true },
              { header: 'Now', cell: (m) => money(m.costPerTransactionPence, true), numeric: true },
            ]}
          />
        )}
      />
      <ChartWithTable
        title={`Saving against target, ${scopeName}`}
        summary={`${summary.headline.text}.${summary.forecast ? ` Forecast to ${month(summary.forecast.toMonth)}: ${money(summary.forecast.cumulativePence)} (${money(summary.forecast.lowPence)} to ${money(summary.forecast.highPence)}).` : ''}`}
        labels={labels}
        yLabel="Pence saved, cumulative"
        series={[
          { label: 'Saved to date', values: months.map((m) => m.cumulativePence), colour: '#00703c' },
          { label: 'Target profile', values: months.map((m) => m.targetPence), colour: '#505a5f', dash: [6, 4] },
        ]}
        table={(
          <DataTable
            caption={`Saving against target, ${scopeName}`}
            rowKey={(m) => m.month}
            rows={months}
            columns={[
              { header: 'Month', cell: (m) => month(m.month), rowHeader: true },
              { header: 'Saved in the month', cell: (m) => (m.savingPence === null ? 'not measured' : money(m.savingPence)), numeric: true },
              { header: 'Cashable', cell: (m) => money(m.cashablePence), numeric: true },
              { header: 'Saved to date', cell: (m) => money(m.cumulativePence), numeric: true },
              { header: 'Target to date', cell: (m) => money(m.targetPence), numeric: true },
            ]}
          />
        )}
      />
    </>
  );
}

/** "A; B; C and 9 more": the first rows of a list of gaps, and how many more there are of `total` (the API sends the first 100). */
function firstOf<T>(rows: T[], total: number, words: (row: T) => string, shown = 12): string {
  const listed = rows.slice(0, shown).map(words).join('; ');
  return total > shown ? `${listed} and ${number(total - shown)} more` : listed;
}

/** What the figures lack: no baseline, months not sent, channels without a unit cost. Never shown as £0. */
export function BenefitsProblems({ summary }: { summary: BenefitsSummary }) {
  const p = summary.problems;
  const { totals } = p;
  if (totals.noBaseline + totals.missingMonths + totals.missingCosts === 0) return null;
  return (
    <section aria-labelledby="benefits-gaps" class="benefits-gaps">
      <h2 id="benefits-gaps">Gaps in the figures</h2>
      {totals.noBaseline > 0 && <p>No baseline, so no saving is measured for: {firstOf(p.noBaseline, totals.noBaseline, (n) => `${n.councilName} (${n.transactionTypeName})`)}.</p>}
      {totals.missingMonths > 0 && (
        <p>Monthly volumes due and not sent: {firstOf(p.missingMonths, totals.missingMonths, (m) => `${m.councilName}, ${m.transactionTypeName}, ${month(m.month)}`)}. Each council&rsquo;s count is in the table by council below, and every month in the benefits-by-month export.</p>
      )}
      {totals.missingCosts > 0 && <p>No unit cost for some channels: {firstOf(p.missingCosts, totals.missingCosts, (m) => `${m.councilName}, ${m.transactionTypeName}: ${m.channels.join(', ')}`, 100)}.</p>}
    </section>
  );
}
