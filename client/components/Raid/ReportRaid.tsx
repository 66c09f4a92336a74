import type { ComponentChildren } from 'preact';
import type { BoardReport } from '../../api/types.ts';
import { HeatMap, WhatWeAreDoing } from './Raid.tsx';

type Section = NonNullable<BoardReport['raid']>;
const WORDS = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' } as const;

/** The programme's own status heading the board report: overall, per council, commentary, decisions needed. */
export function ProgrammeStatusHeading({ raid, periodTo }: { raid?: Section; periodTo: string }) {
  if (!raid) return null;
  const s = raid.status;
  if (!s) return <section aria-labelledby="report-status"><h3 id="report-status">Programme status</h3><p>No programme status has been recorded for this period.</p></section>;
  return (
    <section aria-labelledby="report-status" class="programme-status">
      <h3 id="report-status">Programme status: <span class={`programme-status__word programme-status__word--${s.status}`}>{WORDS[s.status]}</span></h3>
      {s.period !== periodTo.slice(0, 7) && <p class="muted">Recorded for {s.period}; none recorded for this period yet.</p>}
      {s.commentary && <p>{s.commentary}</p>}
      {s.decisionsNeeded && <p><strong>Decisions needed from the board:</strong> {s.decisionsNeeded}</p>}
      {s.councils.length > 0 && (
        <table>
          <caption>Status by council</caption>
          <thead><tr><th scope="col">Council</th><th scope="col">Status</th><th scope="col">Commentary</th></tr></thead>
          <tbody>{s.councils.map((c) => <tr key={c.councilId}><th scope="row">{c.councilName}</th><td>{WORDS[c.status]}</td><td>{c.commentary}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

/** "What we are doing" per red or late item at the end of the period, what was done in it, and the risk picture. */
export function ReportWhatWeAreDoing({ raid, more }: { raid?: Section; more?: ComponentChildren }) {
  if (!raid) return null;
  return (
    <section aria-labelledby="report-raid">
      <h3 id="report-raid">What we are doing about red and late items</h3>
      <WhatWeAreDoing items={raid.whatWeAreDoing} linked={false} />
      {more}
      <HeatMap heatMap={raid.heatMap} caption="Open risks by likelihood and impact at the end of the period" />
      {raid.topRisks.length > 0 && (
        <ol>{raid.topRisks.map((r) => <li key={r.id}>{r.title} — score {r.score}, {r.owner}</li>)}</ol>
      )}
    </section>
  );
}
