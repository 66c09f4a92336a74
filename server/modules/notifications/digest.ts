import { parseISO, subMonths, endOfMonth, startOfMonth } from 'date-fns';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { ReadinessEngine } from '../readiness/read-model.ts';
import { councils, notifications, rolloutItems, staffQuestions, waves } from '../../db/schema.ts';
import { isoDay } from '../../domain/clock.ts';
import { monthWords } from '../../domain/date-words.ts';
import { answerDueOn } from '../../domain/engagement.ts';
import { GATE_REVIEW_WORKING_DAYS, gateReviewOn, workingCalendar } from '../../domain/working-days.ts';
import { readSettings } from '../settings/read-model.ts';
import { dayWords, digestSections, monthlySummary } from './content.ts';
import { expandEvents } from './events.ts';
import { insertNotification, people, preferencesOf, type Person, type StoredSection, type Switches } from './store.ts';
import type { KindName } from './kinds.ts';

export interface Digest {
  title: string;
  body: string;
  sections: StoredSection[];
  /** Shown in the centre (some section is on in the app) and e-mailed (the digest e-mail and some section are on). */
  shown: boolean;
  emailed: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One person's weekly digest as of a day, with their switches applied; null when there is nothing to say. */
export function digestFor(db: Db, engine: ReadinessEngine, person: Person, today: string, lookaheadWeeks: number, prefs = preferencesOf(db, person.id)): Digest | null {
  const sections = digestSections(db, engine, person, today, lookaheadWeeks)
    .map((s) => ({ ...s, ...prefs[s.kind] }))
    .filter((s) => s.inApp || s.email);
  if (sections.length === 0) return null;
  const lines = sections.reduce((n, s) => n + s.lines.length, 0);
  return {
    title: `Your week from ${dayWords(today)}: ${plural(lines, 'thing')} to look at`,
    body: sections.map((s) => `${s.heading}: ${s.lines.length}`).join('; '),
    sections,
    shown: sections.some((s) => s.inApp),
    emailed: prefs.digest.email && sections.some((s) => s.email),
  };
}

/** Writes this week's digest for every lead and office user; the key is the scheduled day, so a rerun adds nothing. */
export function enqueueDigests(db: Db, engine: ReadinessEngine, at: Date, slotDay: string, today: string, lookaheadWeeks: number): number {
  let written = 0;
  for (const person of people(db, { roles: ['lead', 'office'] })) {
    const digest = digestFor(db, engine, person, today, lookaheadWeeks);
    if (!digest) continue;
    const id = insertNotification(db, at.toISOString(), {
      userId: person.id, kind: 'digest', dedupeKey: `digest:${slotDay}`, title: digest.title, body: digest.body, link: '/notifications',
      details: digest.sections, shown: digest.shown, emailTo: digest.emailed ? person.email : null,
    });
    if (id !== null) written += 1;
  }
  return written;
}

/** The sponsors' summary of the month before `today`'s month. Published material only (see content.ts). */
export function enqueueMonthlySummaries(db: Db, at: Date, today: string): number {
  const previous = subMonths(parseISO(today), 1);
  const from = isoDay(startOfMonth(previous));
  const to = isoDay(endOfMonth(previous));
  const sections = monthlySummary(db, from, to);
  const month = from.slice(0, 7);
  let written = 0;
  for (const person of people(db, { roles: ['sponsor'] })) {
    const switches = preferencesOf(db, person.id).monthly_summary;
    const id = insertNotification(db, at.toISOString(), {
      userId: person.id, kind: 'monthly_summary', dedupeKey: `monthly:${month}`,
      title: `The rollout in ${monthWords(from)}`,
      body: sections.length === 0 ? 'Nothing went live, and no win or board report was published, last month.' : sections.map((s) => `${s.heading}: ${s.lines.length}`).join('; '),
      link: '/reports', details: sections.map((s) => ({ ...s, ...switches })), shown: switches.inApp, emailTo: switches.email ? person.email : null,
    });
    if (id !== null) written += 1;
  }
  return written;
}

/**
 * Immediate alerts, on working days: a gate review on the next working day, a staff question that became late,
 * a blocker that became overdue. Keys name the thing and its date, so each is said once however often this runs.
 */
export function enqueueAlerts(db: Db, at: Date, today: string): number {
  const office = workingCalendar(readSettings(db).officeRegion);
  if (!office.isWorkingDay(today)) return 0;
  const tomorrow = office.addWorkingDays(today, 1);
  const stamp = at.toISOString();
  let written = 0;
  const send = (person: Person, kind: KindName, dedupeKey: string, title: string, body: string, link: string) => {
    const switches: Switches = preferencesOf(db, person.id)[kind];
    if (insertNotification(db, stamp, { userId: person.id, kind, dedupeKey, title, body, link, shown: switches.inApp, emailTo: switches.email ? person.email : null }) !== null) written += 1;
  };

  const officeStaff = people(db, { roles: ['office'] });
  for (const wave of db.select().from(waves).all()) {
    const review = gateReviewOn(wave.plannedGoLive, office);
    if (review !== tomorrow) continue;
    const councilIds = [...new Set(db.select({ councilId: rolloutItems.councilId }).from(rolloutItems)
      .where(and(eq(rolloutItems.waveId, wave.id))).all().map((r) => r.councilId))];
    if (councilIds.length === 0) continue;
    const title = `Gate review tomorrow: ${wave.name}`;
    const body = `The go/no-go review for ${wave.name} is on ${dayWords(review)}, ${GATE_REVIEW_WORKING_DAYS} working days before its planned go-live on ${dayWords(wave.plannedGoLive)}.`;
    for (const lead of people(db, { roles: ['lead'], councilIds })) send(lead, 'gate_review', `gate-tomorrow:${wave.id}:${review}`, title, body, `/waves/${wave.id}`);
    for (const person of officeStaff) send(person, 'gates_due', `gate-tomorrow:${wave.id}:${review}`, title, body, `/waves/${wave.id}`);
  }

  const target = readSettings(db).answerTargetWorkingDays;
  const open = db.select({ id: staffQuestions.id, councilId: staffQuestions.councilId, councilName: councils.name, councilRegion: councils.region, question: staffQuestions.question, raisedOn: staffQuestions.raisedOn })
    .from(staffQuestions).innerJoin(councils, eq(councils.id, staffQuestions.councilId)).where(eq(staffQuestions.status, 'open')).all();
  for (const q of open) {
    const dueOn = answerDueOn(q.raisedOn, target, workingCalendar(q.councilRegion));
    if (dueOn >= today) continue;
    for (const lead of people(db, { roles: ['lead'], councilIds: [q.councilId] })) {
      send(lead, 'questions_due', `question-late:${q.id}`, `Staff question now late: ${q.councilName}`,
        `“${q.question}” was due an answer by ${dayWords(dueOn)}.`, `/questions?councilId=${q.councilId}`);
    }
  }
  // An issue (or any RAID entry or action) past its date is chased by the RAID log's own daily job, to its owner
  // and then the office (modules/raid/escalation.ts); the digest's section lists them meanwhile.
  return written;
}

/**
 * The demo's notification centre on first start: the demo's plan changes (moves, go-lives, draft wins, the
 * issued report) as notifications, and this week's digest and alerts as of `now`. The e-mails stay in the app
 * (no address is written for them), so a demo never mails anyone.
 */
export function writeDemoNotifications(db: Db, engine: ReadinessEngine, now: Date, today: string): void {
  const clock = () => now;
  expandEvents(db, clock, 10_000);
  enqueueDigests(db, engine, now, today, today, 6);
  enqueueAlerts(db, now, today);
  db.update(notifications).set({ emailState: 'none', emailTo: null, nextAttemptAt: null }).run();
}
