import { inArray, sql } from 'drizzle-orm';
import { CHANNEL_WORDS } from '../../domain/engagement-words.ts';
import { listActivitiesWithDates } from '../engagement/read-model.ts';
import type { Audience } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { councils, waves } from '../../db/schema.ts';
import { today } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import { groupBy } from '../../domain/group-by.ts';
import { badRequest } from '../../http/errors.ts';
import { latestDecisions, type DecisionRow } from '../gates/read-model.ts';
import { createProgressStore, type ItemFactsRow } from '../progress/read-model.ts';
import { writeCalendarBytesSteps, writeCalendarSteps, type AllDayEvent, type CalendarHeader } from './rfc5545.ts';
import { runNow, type Steps } from '../../http/steps.ts';
import { GATE_REVIEW_WORKING_DAYS, gateReviewOn, workingCalendar } from '../../domain/working-days.ts';
import { readSettings } from '../settings/read-model.ts';

/** The programme holds a wave's go/no-go review this many working days before its planned go-live. */
export { GATE_REVIEW_WORKING_DAYS };

const UID_DOMAIN = 'rollout-planner';
const DECISION_WORDS = { go: 'go', no_go: 'no-go', go_override: 'go with override' } as const;

export interface FeedOptions {
  /** Council codes, upper case; every council when absent. */
  councilCodes?: string[];
  include: { goLives: boolean; comms: boolean };
  /**
   * Who the feed is for. A feed for readers of published material (share links, sponsors) carries dates, names of
   * councils, features, waves and activities, statuses and decisions, but no text people wrote for the team (item
   * notes, gate-decision and override reasons) and no people's names (who decided, activity owners): a feed is
   * copied into calendar services outside the programme and stays there after a link is revoked.
   * See docs/security.md, "What sponsors and share links see".
   */
  audience: Audience;
}

/**
 * Wave go-lives, gate reviews, item go-lives and the gate decisions in force, as one calendar.
 * UIDs are stable (one per wave, item and decision), so a moved date updates the event a subscriber has.
 */
export function buildGoLiveCalendar(db: Db, now: Date, options: FeedOptions): string {
  return runNow(goLiveCalendarSteps(db, now, options));
}

/** The same, as steps that pause between reads and while writing, so a feed of every council never stalls other requests. */
export function* goLiveCalendarSteps(db: Db, now: Date, options: FeedOptions): Steps<string> {
  const { header, events } = yield* feedSteps(db, now, options);
  return yield* writeCalendarSteps(header, events, now);
}

/** The same as UTF-8 bytes in pieces, with their length and the digest of their weak entity tag (what the route sends). */
export function* goLiveCalendarBytesSteps(db: Db, now: Date, options: FeedOptions): Steps<{ pieces: Buffer[]; length: number; digest: string }> {
  const { header, events } = yield* feedSteps(db, now, options);
  return yield* writeCalendarBytesSteps(header, events, now);
}

function* feedSteps(db: Db, now: Date, { councilCodes, include, audience }: FeedOptions): Steps<{ header: CalendarHeader; events: Iterable<AllDayEvent> }> {
  const team = audience === 'team';
  let councilIds: Set<number> | undefined;
  if (councilCodes) {
    const found = db.select({ id: councils.id, code: councils.code }).from(councils).where(inArray(sql`upper(${councils.code})`, councilCodes)).all();
    const missing = councilCodes.filter((c) => !found.some((f) => f.code.toUpperCase() === c));
    if (missing.length > 0) throw badRequest(`No council with the code ${missing.join(', ')}.`, [{ field: 'council', message: `unknown code: ${missing.join(', ')}` }]);
    councilIds = new Set(found.map((f) => f.id));
  }
  const header = {
    name: councilCodes ? `Rollout go-lives: ${councilCodes.join(', ')}` : 'Rollout go-lives',
    description: 'Planned and actual go-live dates of the HR self-service rollout, with gate reviews, gate decisions and communications activities.',
    prodId: { company: 'Rollout Planner', product: 'Go-live calendar', language: 'EN' },
    refreshSeconds: 60 * 60,
  };
  const comms: AllDayEvent[] = include.comms ? commsActivities(db, now, councilIds, team) : [];
  yield;
  if (!include.goLives) return { header, events: comms };
  const { items, decisions } = yield* itemsWithDecisions(db, councilIds);
  const waveDays = yield* waveEvents(db, items, councilIds);
  // The items' events are made as they are written, a piece at a time (the writer pauses between pieces), never all
  // held at once: at 4,000 councils they were some 36,000 objects beside the text written from them.
  return { header, events: chained(comms, waveDays, itemEvents(items, decisions, team)) };
}

function* chained<T>(...lists: Array<Iterable<T>>): Generator<T, void, void> {
  for (const list of lists) yield* list;
}

/**
 * Every rollout item's facts (of the councils asked for) with the gate decision in force. The facts are read a council
 * at a time (councils by name, as the whole-plan read orders them), pausing between councils: one read of 3,200 items
 * held the loop. The decisions in force are one query over the whole table (its item index), ids bound only for a
 * few councils: binding 3,200 ids, or a query per council, cost more than reading every decision.
 */
function* itemsWithDecisions(db: Db, councilIds: Set<number> | undefined): Steps<{ items: ItemFactsRow[]; decisions: Map<number, DecisionRow> }> {
  const store = createProgressStore(db);
  const items: ItemFactsRow[] = [];
  for (const { id } of db.select({ id: councils.id }).from(councils).orderBy(councils.name).all()) {
    if (councilIds && !councilIds.has(id)) continue;
    items.push(...store.itemFactsOf(id));
    yield;
  }
  const decisions = latestDecisions(db, councilIds ? items.map((i) => i.itemId) : undefined);
  yield;
  return { items, decisions };
}

/** Wave go-lives and gate reviews, of the waves with items of the councils asked for (every wave when all are). */
function* waveEvents(db: Db, items: ItemFactsRow[], councilIds: Set<number> | undefined): Steps<AllDayEvent[]> {
  const events: AllDayEvent[] = [];
  const itemsByWave = groupBy(items.filter((i) => i.waveId !== null), (i) => i.waveId!);
  const office = workingCalendar(readSettings(db).officeRegion);
  for (const wave of db.select().from(waves).orderBy(waves.sequence).all()) {
    const inWave = itemsByWave.get(wave.id) ?? [];
    if (councilIds && inWave.length === 0) continue;
    const names = [...new Set(inWave.map((i) => i.councilName))].sort();
    events.push({
      uid: `wave-${wave.id}-go-live@${UID_DOMAIN}`, date: wave.plannedGoLive,
      summary: `${wave.name}: planned go-live`,
      description: `${inWave.length} rollout item(s) across ${names.length} council(s): ${names.join(', ') || 'none yet'}.`,
      categories: ['Wave go-live'],
    }, {
      uid: `wave-${wave.id}-gate-review@${UID_DOMAIN}`, date: gateReviewOn(wave.plannedGoLive, office),
      summary: `${wave.name}: go/no-go gate review`,
      description: `Go/no-go review ${GATE_REVIEW_WORKING_DAYS} working days before the planned go-live on ${dayWords(wave.plannedGoLive)}.`,
      categories: ['Gate'],
    });
    // The first gate review of a year works out that year's bank holidays.
    yield;
  }
  return events;
}

/** Item go-lives (planned, or actual once live) and the gate decisions in force, made one item at a time. */
function* itemEvents(items: ItemFactsRow[], decisions: Map<number, DecisionRow>, team: boolean): Generator<AllDayEvent, void, void> {
  for (const item of items) {
    const live = item.actualGoLive !== null;
    const date = item.actualGoLive ?? (item.status === 'cancelled' || item.status === 'deferred' ? null : item.plannedGoLive);
    if (date) {
      yield {
        uid: `item-${item.itemId}-go-live@${UID_DOMAIN}`, date,
        summary: `${item.councilName}: ${item.featureName} ${live ? 'went live' : 'goes live (planned)'}`,
        description: [`Council: ${item.councilName} (${item.councilCode})`, `Feature: ${item.featureName}`, `Wave: ${item.waveName ?? 'not scheduled'}`, team && item.note ? `Note: ${item.note}` : '']
          .filter(Boolean).join('\n'),
        categories: [live ? 'Live' : 'Planned go-live'],
      };
    }
    const decision = decisions.get(item.itemId);
    if (decision) {
      yield {
        uid: `gate-decision-${decision.id}@${UID_DOMAIN}`, date: decision.decidedAt.slice(0, 10),
        summary: `Gate: ${DECISION_WORDS[decision.decision]} for ${item.councilName}, ${item.featureName}`,
        description: !team ? `The gate decision for ${item.featureName} at ${item.councilName}.`
        : decision.reason ? `Reason: ${decision.reason}` : `Decided by ${decision.decidedByName}.`,
        categories: ['Gate'],
      };
    }
  }
}

/** Communications activities on the day each falls (relative ones follow their wave), cancelled ones marked so. */
function commsActivities(db: Db, now: Date, councilIds: Set<number> | undefined, team: boolean): AllDayEvent[] {
  return listActivitiesWithDates(db, {}, today(() => now))
    .filter((a) => !councilIds || a.councils.some((c) => councilIds.has(c.councilId)))
    .map((a) => ({
      uid: `comms-${a.id}@${UID_DOMAIN}`, date: a.date,
      summary: `${CHANNEL_WORDS[a.channel]}: ${a.title}`,
      description: [
        `Councils: ${a.councils.map((c) => c.name).join(', ')}`, `Wave: ${a.waveName}`, team && a.owner ? `Owner: ${a.owner}` : '',
        a.dateMode === 'relative' && a.offsetDays !== null ? `${Math.abs(a.offsetDays)} day(s) ${a.offsetDays < 0 ? 'before' : 'after'} the wave's go-live` : '',
        a.status === 'done' ? `Done${a.peopleReached !== null ? `: ${a.peopleReached} people reached` : ''}` : '',
      ].filter(Boolean).join('\n'),
      status: a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      categories: ['Communications'],
    }));
}
