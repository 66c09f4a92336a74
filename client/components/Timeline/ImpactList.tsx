import type { Impact } from '../../api/types.ts';
import { day } from '../../format.ts';
import { OverBookedInPreview } from './TimelineFacts.tsx';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a plan change does, in words: the preview of a wave or item move or of a new dependency (the API's
 * Impact). Every count is said, nought included, so the office sees what was checked.
 */
export function ImpactList({ impact }: { impact: Impact }) {
  return (
    <ul class="impact-list">
      <li>{plural(impact.itemsMoved, 'item moves', 'items move')}.</li>
      <li>{plural(impact.lateItems.length, 'item becomes', 'items become')} late against the baseline{impact.lateItems.length > 0 && ':'}
        {impact.lateItems.length > 0 && <ul>{impact.lateItems.map((l) => <li key={l.itemId}>{l.label}: {l.lateByDays} days late (baseline {day(l.baselineGoLive)})</li>)}</ul>}</li>
      <li>{plural(impact.dependenciesBroken.length, 'dependency', 'dependencies')} broken{impact.dependenciesBroken.length > 0 && ':'}
        {impact.dependenciesBroken.length > 0 && <ul>{impact.dependenciesBroken.map((d) => <li key={`${d.dependencyId}-${d.afterItemId}`}>{d.description}</li>)}</ul>}</li>
      {impact.dependenciesMended.length > 0 && (
        <li>{plural(impact.dependenciesMended.length, 'dependency', 'dependencies')} mended:
          <ul>{impact.dependenciesMended.map((d) => <li key={`${d.dependencyId}-${d.afterItemId}`}>{d.description}</li>)}</ul></li>
      )}
      <li>{plural(impact.clashes.length, 'clash', 'clashes')} with bank holidays or blackouts{impact.clashes.length > 0 && ':'}
        {impact.clashes.length > 0 && <ul>{impact.clashes.map((c) => <li key={`${c.what}-${c.id}-${c.reason}`}>{c.label} on {day(c.day)}: {c.reason}</li>)}</ul>}</li>
      <li>{plural(impact.activitiesMoved.length, 'communications activity moves', 'communications activities move')}{impact.activitiesMoved.length > 0 && ':'}
        {impact.activitiesMoved.length > 0 && <ul>{impact.activitiesMoved.map((a) => <li key={a.id}>{a.label}: {day(a.before)} to {day(a.after)}{a.holiday ? ` (${a.holiday})` : ''}{a.inPast ? ' (in the past)' : ''}</li>)}</ul>}</li>
      <li>{plural(impact.gateReviewsMoved.length, 'gate review moves', 'gate reviews move')}{impact.gateReviewsMoved.length > 0 && ':'}
        {impact.gateReviewsMoved.length > 0 && <ul>{impact.gateReviewsMoved.map((g) => <li key={g.id}>{g.label}: {day(g.before)} to {day(g.after)}{g.inPast ? ' (in the past)' : ''}</li>)}</ul>}</li>
      <OverBookedInPreview weeks={impact.overBooked} />
    </ul>
  );
}

/** The question before applying: the change and its main effects in one sentence. */
export function impactQuestion(change: string, impact: Impact): string {
  const effects = [
    plural(impact.itemsMoved, 'item moves', 'items move'),
    plural(impact.lateItems.length, 'item becomes late', 'items become late'),
    plural(impact.dependenciesBroken.length, 'dependency breaks', 'dependencies break'),
    plural(impact.overBooked.length, 'week is over-booked', 'weeks are over-booked'),
  ];
  return `${change}? ${effects.join(', ')}.`;
}
