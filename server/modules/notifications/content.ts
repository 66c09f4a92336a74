import { addWeeks, parseISO } from 'date-fns';
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { boardReports, councils, earlyWins, features, raidEntries, rolloutItems, staffQuestions, users, waves, type Role } from '../../db/schema.ts';
import { isoDay } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import { answerDueOn } from '../../domain/engagement.ts';
import { groupBy } from '../../domain/group-by.ts';
import { gateReviewOn, workingCalendar } from '../../domain/working-days.ts';
import { listActivitiesWithDates } from '../engagement/read-model.ts';
import { createProgressStore, type ItemFactsRow } from '../progress/read-model.ts';
import { currentEvaluation, type ReadinessEngine } from '../readiness/read-model.ts';
import { readSettings } from '../settings/read-model.ts';
import { KINDS, type KindName } from './kinds.ts';

/** One line of a digest or summary: what needs doing, and where to do it (a dashboard path). */
export interface Line {
  text: string;
  link: string;
}

/** A group of lines under one heading: one kind of notification. */
export interface Section {
  kind: KindName;
  heading: string;
  lines: Line[];
}

/** Who a digest is for: enough to pick the sections and scope them to their councils. */
export interface Recipient {
  id: number;
  role: Role;
  councilIds: number[];
}

/** How near a gate, blocker or question has to be before it is mentioned. */
export const SOON_WORKING_DAYS = 5;

/** Days in e-mails and digests are written as everywhere else: "9 December 2026" (server/domain/date-words.ts). */
export { dayWords };
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Items still to go live (planned or ready) with a planned day in [from, to]. */
const upcoming = (items: ItemFactsRow[], from: string, to: string) =>
  items.filter((i) => (i.status === 'planned' || i.status === 'ready') && i.plannedGoLive !== null && i.plannedGoLive >= from && i.plannedGoLive <= to);

/**
 * What the weekly digest says, section by section, for one person on one day: the reminder kinds of their role,
 * each scoped to what they may see (a lead's own councils; the office everything). Read-only, so the office's
 * preview and the scheduled digest are the same function.
 */
// eslint-disable-next-line max-lines-per-function -- one digest's sections in the order they are read, each scoped to the reader; the office's preview and the scheduled digest share it
export function digestSections(db: Db, engine: ReadinessEngine, who: Recipient, today: string, lookaheadWeeks: number): Section[] {
  const lead = who.role === 'lead';
  if (!lead && who.role !== 'office') return [];
  const scope = lead ? new Set(who.councilIds) : null;
  const inScope = (councilId: number) => scope === null || scope.has(councilId);
  const allItems = createProgressStore(db).itemFacts().filter((i) => inScope(i.councilId));
  const horizon = isoDay(addWeeks(parseISO(today), lookaheadWeeks));
  const office = workingCalendar(readSettings(db).officeRegion);
  const soon = office.addWorkingDays(today, SOON_WORKING_DAYS);
  const sections: Section[] = [];
  const add = (kind: KindName, heading: string, lines: Line[]) => {
    if (lines.length > 0) sections.push({ kind, heading, lines });
  };

  // Readings: missing or stale criteria of items going live within the horizon.
  const goingLive = upcoming(allItems, today, horizon);
  const goingLiveIds = new Set(goingLive.map((i) => i.itemId));
  const councilIds = [...new Set(goingLive.map((i) => i.councilId))];
  const judged = councilIds.length === 0 ? [] : engine.evaluateItems({ asOf: today, councilIds, where: (f) => goingLiveIds.has(f.itemId) }).items;
  const gaps = judged.map((r) => ({
    facts: r.facts,
    missing: currentEvaluation(r).criteria.filter((c) => c.status === 'missing'),
  })).filter((g) => g.missing.length > 0);

  if (lead) {
    add('readings_due', 'Readings due or stale', gaps.map((g) => ({
      text: `${g.facts.councilName}: ${g.facts.featureName}, going live ${dayWords(g.facts.plannedGoLive!)}: ${g.missing.map((c) => `${c.name} (${c.readingDate ? `last read ${dayWords(c.readingDate)}` : 'no reading yet'})`).join('; ')}`,
      link: `/councils/${g.facts.councilId}#readings`,
    })));
  }

  // Gate reviews: each wave's review falls GATE_REVIEW_WORKING_DAYS working days before its planned go-live.
  const gateLines: Line[] = [];
  for (const wave of db.select().from(waves).orderBy(waves.sequence).all()) {
    const review = gateReviewOn(wave.plannedGoLive, office);
    if (review < today || review > soon) continue;
    const inWave = allItems.filter((i) => i.waveId === wave.id && i.status !== 'live' && i.status !== 'cancelled' && i.status !== 'deferred');
    if (inWave.length === 0) continue;
    for (const [councilId, items] of groupBy(inWave, (i) => i.councilId)) {
      gateLines.push({
        text: `${wave.name} gate review ${dayWords(review)} (go-live ${dayWords(wave.plannedGoLive)}): ${items[0]!.councilName}, ${plural(items.length, 'item')}`,
        link: `/waves/${wave.id}?council=${councilId}`,
      });
    }
  }
  add(lead ? 'gate_review' : 'gates_due', lead ? 'Gate reviews in the next 5 working days' : 'Gates due in the next 5 working days', gateLines);

  // What blocks items (their RAID issues, once blockers): open, due within the window or overdue.
  const blockerRows = db.select({
    id: raidEntries.id, itemId: rolloutItems.id, description: raidEntries.title, owner: sql<string>`coalesce(${users.displayName}, ${raidEntries.ownerName})`,
    dueDate: raidEntries.dueDate, councilId: rolloutItems.councilId, councilName: councils.name, featureName: features.name,
  }).from(raidEntries)
    .innerJoin(rolloutItems, eq(rolloutItems.id, raidEntries.itemId))
    .innerJoin(councils, eq(councils.id, rolloutItems.councilId))
    .innerJoin(features, eq(features.id, rolloutItems.featureId))
    .leftJoin(users, eq(users.id, raidEntries.ownerUserId))
    .where(and(eq(raidEntries.type, 'issue'), eq(raidEntries.status, 'open'), lte(raidEntries.dueDate, soon)))
    .orderBy(raidEntries.dueDate, raidEntries.id).all()
    .filter((b) => inScope(b.councilId));
  const blockerLine = (b: (typeof blockerRows)[number]): Line => ({
    text: `${b.dueDate < today ? `Overdue since ${dayWords(b.dueDate)}` : `Due ${dayWords(b.dueDate)}`}: ${b.description} (${b.councilName}, ${b.featureName}; owner ${b.owner})`,
    link: `/items/${b.itemId}`,
  });

  // Staff questions: open, due for an answer soon or late.
  const target = readSettings(db).answerTargetWorkingDays;
  const questionRows = db.select({
    id: staffQuestions.id, councilId: staffQuestions.councilId, councilName: councils.name, councilRegion: councils.region, question: staffQuestions.question, raisedOn: staffQuestions.raisedOn,
  })
    .from(staffQuestions).innerJoin(councils, eq(councils.id, staffQuestions.councilId))
    .where(eq(staffQuestions.status, 'open')).orderBy(staffQuestions.raisedOn, staffQuestions.id).all()
    .filter((q) => inScope(q.councilId))
    .map((q) => ({ ...q, dueOn: answerDueOn(q.raisedOn, target, workingCalendar(q.councilRegion)) }));
  const questionLine = (q: (typeof questionRows)[number]): Line => ({
    text: `${q.dueOn < today ? `Late (answer was due ${dayWords(q.dueOn)})` : `Answer due ${dayWords(q.dueOn)}`}: “${q.question}” (${q.councilName})`,
    link: `/questions?councilId=${q.councilId}`,
  });

  if (lead) {
    add('blockers_due', KINDS.blockers_due.label, blockerRows.map(blockerLine));
    const answerSoon = office.addWorkingDays(today, target);
    add('questions_due', 'Staff questions to answer', questionRows.filter((q) => q.dueOn <= answerSoon).map(questionLine));
    const activities = who.councilIds.flatMap((councilId) => listActivitiesWithDates(db, { councilId, status: 'planned' }, today))
      .filter((a, index, all) => (a.overdue || a.dueThisWeek) && all.findIndex((b) => b.id === a.id) === index);
    add('comms_due', 'Communications due this week or overdue', activities.map((a) => ({
      text: `${a.overdue ? `Overdue since ${dayWords(a.date)}` : dayWords(a.date)}: ${a.title} (${a.waveName}; ${a.councils.map((c) => c.name).join(', ')}; owner ${a.owner})`,
      link: `/communications?waveId=${a.waveId}`,
    })));
    return sections;
  }

  // The programme office.
  const drafts = db.select({ id: earlyWins.id, title: earlyWins.title, councilId: earlyWins.councilId, councilName: councils.name, wonOn: earlyWins.wonOn, authorName: earlyWins.authorName })
    .from(earlyWins).innerJoin(councils, eq(councils.id, earlyWins.councilId))
    .where(eq(earlyWins.published, false)).orderBy(earlyWins.createdAt, earlyWins.id).all();
  add('wins_awaiting', 'Draft wins awaiting publication', drafts.map((w) => ({
    text: `${w.councilName}: “${w.title}” (won ${dayWords(w.wonOn)}, recorded by ${w.authorName})`,
    link: `/councils/${w.councilId}#wins`,
  })));

  const red = engine.evaluateItems({ asOf: today, where: (f) => f.status !== 'cancelled' && f.status !== 'deferred' && f.status !== 'not_scheduled' })
    .items.filter((r) => currentEvaluation(r).rag === 'red');
  add('items_red', 'Items that are red', red.map((r) => ({
    text: `${r.facts.councilName}: ${r.facts.featureName} is red: ${currentEvaluation(r).reasons[0] ?? 'see the item'}`,
    link: `/items/${r.facts.itemId}`,
  })));

  add('overdue_work', KINDS.overdue_work.label, [
    ...questionRows.filter((q) => q.dueOn < today).map(questionLine),
    ...blockerRows.filter((b) => b.dueDate < today).map(blockerLine),
  ]);

  add('readings_missing', 'Readings missing by council', [...groupBy(gaps, (g) => g.facts.councilId)].map(([councilId, list]) => ({
    text: `${list[0]!.facts.councilName}: ${plural(list.reduce((n, g) => n + g.missing.length, 0), 'reading')} missing or stale across ${plural(list.length, 'item')} going live by ${dayWords(horizon)}`,
    link: `/councils/${councilId}#readings`,
  })));
  return sections;
}

/**
 * The sponsors' monthly summary for the calendar month [from, to]: go-lives, published wins and issued board
 * reports. Published material only: never a draft win, the question log or a report not issued.
 */
export function monthlySummary(db: Db, from: string, to: string): Section[] {
  const goLives = db.select({ id: rolloutItems.id, actualGoLive: rolloutItems.actualGoLive, councilName: councils.name, featureName: features.name })
    .from(rolloutItems).innerJoin(councils, eq(councils.id, rolloutItems.councilId)).innerJoin(features, eq(features.id, rolloutItems.featureId))
    .where(and(gte(rolloutItems.actualGoLive, from), lte(rolloutItems.actualGoLive, to))).orderBy(rolloutItems.actualGoLive).all();
  const wins = db.select({ id: earlyWins.id, title: earlyWins.title, councilId: earlyWins.councilId, councilName: councils.name })
    .from(earlyWins).innerJoin(councils, eq(councils.id, earlyWins.councilId))
    .where(and(eq(earlyWins.published, true), sql`substr(${earlyWins.publishedAt}, 1, 10) between ${from} and ${to}`)).orderBy(earlyWins.publishedAt).all();
  const reports = db.select({ id: boardReports.id, title: boardReports.title, issuedAt: boardReports.issuedAt })
    .from(boardReports).where(sql`substr(${boardReports.issuedAt}, 1, 10) between ${from} and ${to}`).orderBy(boardReports.issuedAt).all();
  const sections: Section[] = [];
  if (goLives.length > 0) sections.push({ kind: 'monthly_summary', heading: 'Went live', lines: goLives.map((g) => ({ text: `${g.councilName}: ${g.featureName}, ${dayWords(g.actualGoLive!)}`, link: `/items/${g.id}` })) });
  if (wins.length > 0) sections.push({ kind: 'monthly_summary', heading: 'Early wins published', lines: wins.map((w) => ({ text: `${w.councilName}: ${w.title}`, link: `/councils/${w.councilId}#wins` })) });
  if (reports.length > 0) sections.push({ kind: 'monthly_summary', heading: 'Board reports issued', lines: reports.map((r) => ({ text: `${r.title} (issued ${dayWords(r.issuedAt.slice(0, 10))})`, link: `/reports/issued/${r.id}` })) });
  return sections;
}

/** Ids of items among `ids` that belong to any of `councilIds`. */
export function itemsOfCouncils(db: Db, ids: number[], councilIds: number[]): number[] {
  if (ids.length === 0 || councilIds.length === 0) return [];
  return db.select({ id: rolloutItems.id }).from(rolloutItems).where(and(inArray(rolloutItems.id, ids), inArray(rolloutItems.councilId, councilIds))).all().map((r) => r.id);
}
