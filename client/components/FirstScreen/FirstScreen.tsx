import type { ComponentChildren } from 'preact';
import type { Overview } from '../../api/types.ts';
import { number } from '../../format.ts';
import { lateWords, switchedOnWords, takeUpWords } from '../../metric-words.ts';
import { plainReason } from '../../plain-words.ts';
import { RagBadge } from '../RagBadge/RagBadge.tsx';
import './first-screen.css';

type RedItem = Overview['red'][number];
export type Standing = 'on_track' | 'at_risk' | 'behind';

const STANDING_WORDS: Record<Standing, string> = { on_track: 'On track', at_risk: 'At risk', behind: 'Behind plan' };

const RANK: Record<Standing, number> = { on_track: 0, at_risk: 1, behind: 2 };

/** The standing against one baseline's totals. */
function standingOf(t: Overview['totals'], redCount: number): Standing {
  if (t.live < t.plannedLive || t.overdue > 0) return 'behind';
  if (redCount > 0 || t.slipped > 0) return 'at_risk';
  return 'on_track';
}

/**
 * The programme's standing in one word: behind plan when items planned to be live by now are not, or an
 * item is overdue; at risk when something is red or late against the baseline; on track otherwise. Judged
 * against the baseline in force and the original both, and the worse of the two is shown: a re-baseline never
 * turns "behind" into "at risk" (docs/metrics.md). `byOriginal` says the original is what makes it worse.
 */
export function standingWhy(data: Pick<Overview, 'totals' | 'redCount' | 'original'>): { standing: Standing; byOriginal: boolean } {
  const current = standingOf(data.totals, data.redCount);
  const original = data.original ? standingOf(data.original.totals, data.redCount) : current;
  return RANK[original] > RANK[current] ? { standing: original, byOriginal: true } : { standing: current, byOriginal: false };
}

export const standing = (data: Pick<Overview, 'totals' | 'redCount' | 'original'>): Standing => standingWhy(data).standing;

/** The cause an item is red for, from its first reason: the criterion's name ("Open severity-1 defects"). */
export function causeOf(reason: string | undefined): string {
  if (!reason) return 'No reason recorded';
  const text = reason.replace(/^Mandatory:\s*/, '');
  const named = /^([^:]+):/.exec(text);
  if (named) return named[1]!.trim();
  if (/^Readiness score/i.test(text)) return 'Readiness score under the line';
  if (/^Adoption score/i.test(text)) return 'Adoption score under the line';
  return text.replace(/\s+[\d.,]+.*$/, '').trim() || text;
}

/** Red items grouped by cause, the biggest group first. */
export function byCause(items: RedItem[]): Array<{ cause: string; items: RedItem[] }> {
  const groups = new Map<string, RedItem[]>();
  for (const i of items) {
    const cause = causeOf(i.reasons[0]);
    groups.set(cause, [...(groups.get(cause) ?? []), i]);
  }
  return [...groups.entries()].map(([cause, members]) => ({ cause, items: members })).sort((a, b) => b.items.length - a.items.length);
}

/**
 * The sponsor's first screen: on track? what is red? why? what is being done? — the standing, four
 * figures in words, and red items grouped by cause with their reasons and what is being done, linked to detail.
 */
export function FirstScreen({ data, linked = true }: { data: Overview; linked?: boolean }) {
  const t = data.totals;
  const { standing: s, byOriginal } = standingWhy(data);
  // The figures the standing rests on: the original baseline's when it is what makes the standing worse.
  const judged = byOriginal && data.original ? data.original.totals : t;
  const link = (href: string, children: ComponentChildren) => (linked ? <a href={href}>{children}</a> : <>{children}</>);
  const groups = byCause(data.red);
  const on = switchedOnWords(t);
  const using = takeUpWords(data.takeUp);
  return (
    <section class="first-screen" aria-labelledby="standing-title">
      <div class="standing__row">
      <h2 id="standing-title" class={`standing standing--${s}`}>
        <span class="visually-hidden">Overall: </span>{STANDING_WORDS[s]}
      </h2>
      <p class="standing__why">
        {/* Short when the original decides it, so the first red item stays on a phone's first screen. */}
        {byOriginal ? `Original plan: ${judged.live} of ${judged.plannedLive} items live by now` : `${t.live} of ${t.plannedLive} items planned to be live by now are live`};{' '}
        {data.redCount} {data.redCount === 1 ? 'item is' : 'items are'} red{judged.overdue > 0 ? `; ${judged.overdue} overdue` : ''}.
      </p>
      </div>
      <ul class="figures" aria-label="Headline figures">
        <li><span class="figures__value">{t.live} of {t.plannedLive}</span> items live of those planned to be live by now ({t.items} in all)</li>
        {/* Switched on is not using: both on one line, the take-up in full on the council pages (docs/metrics.md). */}
        <li><span class="figures__value">{on.value}</span> staff switched on, <span class="figures__value">{using.value}</span> {using.short}</li>
        <li>
          <span class="figures__value">{t.slipped}</span> items late against the baseline, {number(t.totalSlippageDays)} days in all{t.overdue ? `; ${t.overdue} overdue` : ''}
          {/* In short here, so the first red item stays on a phone's first screen; in full on the board report. */}
          {data.original && <span class="figures__original">. Against the original baseline {data.original.baseline.name}: {lateWords(data.original.totals)}.</span>}
        </li>
        {/* Not yet due is counted apart from amber (docs/metrics.md): items whose ramp has not reached its first step. */}
        <li><span class="figures__value">{data.readiness.red} red, {data.readiness.amber} amber, {data.readiness.green} green{data.readiness.notYetDue !== undefined && `, ${data.readiness.notYetDue} not yet due`}</span> readiness of the items still to go live</li>
      </ul>
      <h2 class="first-screen__red-title">What is red, and why</h2>
      {groups.length === 0 ? <p>Nothing is red.</p> : (
        <ol class="causes">
          {groups.map((g) => (
            <li key={g.cause} class="cause">
              <h3 class="cause__title">{g.cause} <span class="cause__count">({g.items.length} {g.items.length === 1 ? 'item' : 'items'})</span></h3>
              <ul class="cause__items">
                {g.items.map((i) => (
                  <li key={i.itemId}>
                    {link(`/items/${i.itemId}`, <>{i.featureName}, {i.councilName}</>)} <RagBadge rag={i.rag} />
                    <span class="cause__reason">{plainReason(i.reasons[0] ?? '')}</span>
                    {i.note && <span class="cause__doing">Being done: {i.note}</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {data.redCount > data.red.length && <p>{data.redCount} items are red in all; the {data.red.length} shown are the first.</p>}
    </section>
  );
}
