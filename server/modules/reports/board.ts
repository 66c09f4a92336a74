import { addDays, differenceInCalendarDays, format, parseISO, subDays, subMonths } from 'date-fns';
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { boardReports, earlyWins, gateDecisions, raidEntries, users } from '../../db/schema.ts';
import { isoDay, today, type Clock } from '../../domain/clock.ts';
import { summarise } from '../../domain/progress.ts';
import { badRequest } from '../../http/errors.ts';
import { answerDueOn } from '../../domain/engagement.ts';
import { workingCalendar } from '../../domain/working-days.ts';
import { CHANNEL_WORDS } from '../../domain/engagement-words.ts';
import { listActivitiesWithDates } from '../engagement/read-model.ts';
import { createQuestionStore } from '../engagement/read-model.ts';
import { currentEvaluation, type ItemReadiness, type ReadinessEngine } from '../readiness/read-model.ts';
import { readSettings } from '../settings/read-model.ts';
import { winCards } from '../wins/read-model.ts';
import { recordAudit } from '../../db/audit.ts';
import type { RaidReadModel } from '../raid/read-model.ts';
import type { ReadinessViews } from '../dashboard/read-model.ts';
import type { BenefitsReadModel } from '../benefits/read-model.ts';
import { createVoiceResults } from '../voice/read-model.ts';
import { createPlanHistoryStore, latestReasons, planMoves } from '../progress/read-model.ts';
import { createProgressStore } from '../progress/read-model.ts';
import { baselines as baselineTable } from '../../db/schema.ts';
import { withListsCut } from './lists.ts';
import { filterSteps, flatMapSteps } from './steps.ts';
import { runNow, type Steps } from '../../http/steps.ts';
import type { BoardReport, BoardReportQuery, PlanMoveRow } from './schemas.ts';
import { dayWords } from '../../domain/date-words.ts';
import { extend } from '../../domain/objects.ts';

/** An issued report as lists show it. */
export const issuedColumns = {
  id: boardReports.id, title: boardReports.title, periodFrom: boardReports.periodFrom, periodTo: boardReports.periodTo,
  issuedByName: boardReports.issuedByName, issuedAt: boardReports.issuedAt,
};

const ref = (i: ItemReadiness) => ({
  itemId: i.facts.itemId, councilId: i.facts.councilId, councilName: i.facts.councilName, featureName: i.facts.featureName, waveName: i.facts.waveName,
});
const byCouncilThenFeature = (a: { councilName: string; featureName: string }, b: { councilName: string; featureName: string }) =>
  a.councilName.localeCompare(b.councilName) || a.featureName.localeCompare(b.featureName);

/**
 * The report as readers of published material get it (sponsors, share links), live or issued: the staff question
 * counts are counted from the whole log, published or not, so they are left out; published FAQs still count.
 */
export function publishedReport(report: BoardReport): BoardReport {
  if (!report.engagement) return report;
  return extend(report, { engagement: extend(report.engagement, { questionsRaised: null, questionsAnswered: null, answeredWithinTarget: null, openPastTarget: null }) });
}

/**
 * The board report for a period (from, to]: a pure function of the data and the two days, built from the
 * dashboard's own read models (the overview as of "to", the readiness engine as of "from" and "to"), so a
 * report for a past period can be made again. What happened is read from dated records: go-lives, gate
 * decisions (the day taken), wins (published by "to"), blockers (raised by and still open at "to").
 */
// eslint-disable-next-line max-lines-per-function -- the board report's factory: its statements and read models are shared by the report's sections, each its own function inside
export function createBoardReports(db: Db, clock: Clock, readModels: { engine: ReadinessEngine; views: ReadinessViews; benefits: BenefitsReadModel; raid: RaidReadModel }) {
  const { engine, views, benefits, raid } = readModels;
  const questionStore = createQuestionStore(db);
  const voice = createVoiceResults(db, clock);
  const history = createPlanHistoryStore(db);
  const plan = createProgressStore(db);
  const lastIssuedEnd = db.select({ periodTo: boardReports.periodTo }).from(boardReports).orderBy(desc(boardReports.periodTo), desc(boardReports.id)).limit(1).prepare();

  /** Where a report ending on `to` starts when not told: the end of the last issued report, else a month before. */
  const defaultStart = (to: string): string => {
    const last = lastIssuedEnd.get()?.periodTo;
    return last && last < to ? last : isoDay(subMonths(parseISO(to), 1));
  };

  /** The period asked for, with its defaults: up to today, from the last issued report (else a month before). */
  function periodOf(query: BoardReportQuery): { from: string; to: string } {
    const to = query.to ?? today(clock);
    const from = query.from ?? defaultStart(to);
    if (from >= to) throw badRequest('The report period must end after it starts.', [{ field: 'to', message: 'must be after from' }]);
    if (to > today(clock)) throw badRequest(`A report cannot look past today (${dayWords(today(clock))}).`, [{ field: 'to', message: 'must not be in the future' }]);
    if (differenceInCalendarDays(parseISO(to), parseISO(from)) > 366) throw badRequest('A report covers at most a year.', [{ field: 'from', message: 'must be within a year of to' }]);
    return { from, to };
  }

  /**
   * The report with every list whole (what the lists' CSVs are made from), as steps (http/steps.ts): the overview
   * and both days' judgements pause after each council judged, and each list after every few hundred items, so a
   * request makes even a year's report at national scale in slices (docs/performance.md, "Event-loop stalls").
   */
  function* buildWholeSteps(query: BoardReportQuery): Steps<BoardReport> {
    const { from, to } = periodOf(query);
    const days = differenceInCalendarDays(parseISO(to), parseISO(from));
    const overview = yield* views.overviewSteps({ asOf: to, baselineId: query.baselineId, councilLimit: Number.MAX_SAFE_INTEGER, councilOffset: 0 });
    yield;
    const { items: now } = yield* engine.evaluateSteps({ asOf: to, baselineId: query.baselineId });
    yield;
    // The start of the period is looked at once: evaluated without filling the cache the dashboard lives on, and
    // only its colours kept (the report compares RAG, slippage and go-lives; never the start's criteria or reasons).
    const { items: thenItems } = yield* engine.evaluateSteps({ asOf: from, baselineId: query.baselineId, cache: false, slim: true });
    const then = new Map(thenItems.map((i) => [i.facts.itemId, i]));
    const before = summarise(thenItems);
    const counted = yield* filterSteps(now, (i) => i.facts.status !== 'cancelled');
    yield;

    // The plan's history up to the end of the period: its moves, and why each item last moved.
    const planRows = yield* history.upToSteps(to);
    yield;
    const { wentLive, slipped, colourChanged } = yield* itemChangesSteps(counted, then, latestReasons(planRows));
    yield;

    const itemRefs = new Map(now.map((i) => [i.facts.itemId, ref(i)]));
    yield;
    const decisionRows = db.select({
      itemId: gateDecisions.itemId, decision: gateDecisions.decision, proposed: gateDecisions.proposed, reason: gateDecisions.reason,
      decidedOn: sql<string>`substr(${gateDecisions.decidedAt}, 1, 10)`, decidedByName: gateDecisions.decidedByName,
    }).from(gateDecisions)
      .where(and(gt(gateDecisions.decidedAt, `${from}T23:59:59.999Z`), lte(gateDecisions.decidedAt, `${to}T23:59:59.999Z`)))
      .orderBy(asc(gateDecisions.decidedAt), asc(gateDecisions.id)).all();
    yield;
    const decisions = yield* flatMapSteps(decisionRows, (d) => (itemRefs.has(d.itemId) ? [extend(itemRefs.get(d.itemId)!, d)] : []));
    yield;

    const wins = winCards(db, and(eq(earlyWins.published, true), isNotNull(earlyWins.publishedAt), lte(earlyWins.publishedAt, `${to}T23:59:59.999Z`),
      gt(earlyWins.wonOn, from), lte(earlyWins.wonOn, to)), 'oldest');
    yield;

    // What blocks items: their RAID issues raised by "to" and still open then (blockers became issues, docs/adr/0015).
    const blockerRows = db.select({
      itemId: raidEntries.itemId, description: raidEntries.title, owner: sql<string>`coalesce(${users.displayName}, ${raidEntries.ownerName})`,
      raisedOn: raidEntries.raisedOn, dueDate: raidEntries.dueDate,
    }).from(raidEntries).leftJoin(users, eq(users.id, raidEntries.ownerUserId))
      .where(and(eq(raidEntries.type, 'issue'), isNotNull(raidEntries.itemId), lte(raidEntries.raisedOn, to),
        or(isNull(raidEntries.closedOn), gt(raidEntries.closedOn, to)), or(eq(raidEntries.status, 'open'), isNotNull(raidEntries.closedOn))))
      .orderBy(asc(raidEntries.dueDate), asc(raidEntries.id)).all();
    yield;
    const openBlockers = yield* flatMapSteps(blockerRows, (b) => (itemRefs.has(b.itemId!) ? [extend(extend(itemRefs.get(b.itemId!)!, b), { itemId: b.itemId!, overdue: b.dueDate < to })] : []));
    yield;

    const nextTo = isoDay(addDays(parseISO(to), Math.max(days, 1)));
    const goLives = (yield* flatMapSteps(counted, (i) => (
      !i.progress.live && i.facts.status !== 'deferred' && i.progress.plannedGoLive !== null && i.progress.plannedGoLive > to && i.progress.plannedGoLive <= nextTo
        ? [extend(ref(i), { plannedGoLive: i.progress.plannedGoLive, rag: currentEvaluation(i).rag })] : [])))
      .sort((a, b) => a.plannedGoLive.localeCompare(b.plannedGoLive) || byCouncilThenFeature(a, b));
    yield;
    const planMoveRows = movesIn(planRows, from, to, itemRefs);
    yield;
    const baselinesApproved = baselinesIn(from, to);
    yield;
    const engagement = engagementIn(from, to, nextTo);
    yield;
    // The programme status heading the report, and what we are doing about red and late items (docs/raid.md).
    const raidSection = yield* raid.reportSectionSteps(now, from, to);
    yield;
    const benefitsSection = benefitsIn(from, to);
    yield;
    // Staff voice: aggregates under the threshold only, never a comment (docs/staff-voice.md).
    const voiceSection = voice.board(from, to);

    return {
      title: `Board report: ${format(parseISO(from), 'd MMMM yyyy')} to ${format(parseISO(to), 'd MMMM yyyy')}`,
      period: { from, to, days },
      baseline: overview.baseline,
      headline: { now: overview.totals, before, readiness: overview.readiness, adoption: overview.adoption, takeUp: overview.takeUp, original: overview.original ?? null },
      waves: overview.waves,
      grid: {
        councils: overview.councils.map((c) => ({ councilId: c.councilId, name: c.name, code: c.code })),
        features: overview.features.map((f) => ({ featureId: f.featureId, name: f.name })),
        cells: overview.grid,
      },
      changes: { wentLive, slipped, colourChanged, gateDecisions: decisions, planMoves: planMoveRows, baselinesApproved },
      wins,
      blockers: openBlockers,
      next: { from: isoDay(addDays(parseISO(to), 1)), to: nextTo, goLives },
      engagement,
      raid: raidSection,
      benefits: benefitsSection,
      voice: voiceSection,
    };
  }

  /** The items whose state changed in the period: went live, slipped further, changed colour (each in its order). */
  function* itemChangesSteps(counted: ItemReadiness[], then: Map<number, ItemReadiness>, reasons: ReturnType<typeof latestReasons>) {
    // Went live in the period: live at its end and not at its start, as the plan stood on each day (a go-live
    // recorded late, with an earlier date, counts in the period it was recorded in: the report then did not know it).
    const wentLive = (yield* flatMapSteps(counted, (i) => (i.progress.actualGoLive !== null && !(then.get(i.facts.itemId)?.progress.live ?? false)
      ? [extend(ref(i), { actualGoLive: i.progress.actualGoLive, baselineGoLive: i.progress.baselineGoLive, slippageDays: i.progress.slippageDays })] : [])))
      .sort((a, b) => a.actualGoLive.localeCompare(b.actualGoLive) || byCouncilThenFeature(a, b));
    yield;

    const slipped = (yield* flatMapSteps(counted, (i) => {
      const was = then.get(i.facts.itemId);
      const slippageNow = i.progress.slippageDays ?? 0;
      const slippageBefore = was?.progress.slippageDays ?? 0;
      if (slippageNow <= slippageBefore || (was?.progress.live ?? false)) return [];
      const why = reasons.get(i.facts.itemId);
      return [extend(ref(i), { baselineGoLive: i.progress.baselineGoLive, forecastGoLive: i.progress.forecastGoLive, slippageBefore, slippageNow, note: i.facts.note,
        reasonCategory: why?.reasonCategory ?? null, reason: why?.reason ?? '',
      })];
    })).sort((a, b) => (b.slippageNow - b.slippageBefore) - (a.slippageNow - a.slippageBefore) || byCouncilThenFeature(a, b));
    yield;

    const colourChanged = (yield* flatMapSteps(counted, (i) => {
      const was = then.get(i.facts.itemId);
      if (!was || currentEvaluation(was).rag === currentEvaluation(i).rag) return [];
      return [extend(ref(i), { before: currentEvaluation(was).rag, now: currentEvaluation(i).rag, reasons: currentEvaluation(i).reasons.slice(0, 3) })];
    })).sort(byCouncilThenFeature);
    return { wentLive, slipped, colourChanged };
  }

  /** The report with every list whole, at once (tests, the issued copy's builder). */
  const buildWhole = (query: BoardReportQuery): BoardReport => runNow(buildWholeSteps(query));

  /** The report as it is read and issued: long lists cut to their first rows, with their full lengths, as steps. */
  function* buildSteps(query: BoardReportQuery): Steps<BoardReport> {
    return withListsCut(yield* buildWholeSteps(query));
  }

  /** The same at once. */
  function build(query: BoardReportQuery): BoardReport {
    return runNow(buildSteps(query));
  }

  /** Every move of the plan effective in (from, to], oldest first, with names as the report shows them. */
  function movesIn(rows: ReturnType<typeof history.upTo>, from: string, to: string, itemRefs: Map<number, ReturnType<typeof ref>>) {
    const waveNames = new Map(plan.wavesAt(to).map((w) => [w.id, w.name]));
    const nameOf = (id: number | null) => (id === null ? null : waveNames.get(id) ?? null);
    return planMoves(rows).filter((m) => m.on > from && m.on <= to).flatMap((m): PlanMoveRow[] => {
      const why = { on: m.on, changedByName: m.changedByName, fromDate: m.fromDate, toDate: m.toDate, days: m.days, reasonCategory: m.reasonCategory, reason: m.reason };
      if (m.entity === 'wave') {
        return [{ kind: 'wave' as const, itemId: null, councilId: null, councilName: null, featureName: null, waveId: m.entityId, waveName: nameOf(m.entityId), fromWaveName: null, ...why }];
      }
      const item = itemRefs.get(m.entityId);
      if (!item) return [];
      return [{ kind: 'item' as const, itemId: item.itemId, councilId: item.councilId, councilName: item.councilName, featureName: item.featureName, waveId: m.toWaveId, waveName: nameOf(m.toWaveId), fromWaveName: m.fromWaveId === m.toWaveId ? null : nameOf(m.fromWaveId), ...why }];
    });
  }

  /** Baselines approved in (from, to]; one approved after another is a re-baseline. */
  function baselinesIn(from: string, to: string) {
    const all = db.select({
      id: baselineTable.id, name: baselineTable.name, approvedBy: baselineTable.approvedBy, approvedAt: baselineTable.approvedAt,
      reasonCategory: baselineTable.reasonCategory, reason: baselineTable.reason, note: baselineTable.note,
    }).from(baselineTable).orderBy(asc(baselineTable.approvedAt), asc(baselineTable.id)).all();
    return all.flatMap(({ approvedAt, ...b }, index) => {
      const approvedOn = approvedAt.slice(0, 10);
      return approvedOn > from && approvedOn <= to ? [extend(b, { approvedOn, rebaseline: index > 0 })] : [];
    });
  }

  /**
   * Communications and staff questions in (from, to], as the board sees them: counts for questions (their text
   * stays in the log), the overdue activities by name. Activities are dated by their wave's plan today (see
   * docs/engagement.md); questions count as answered on the day the answer was recorded.
   */
  function engagementIn(from: string, to: string, nextTo: string) {
    const activities = listActivitiesWithDates(db, {}, to);
    const within = (day: string | null, after: string, upTo: string) => day !== null && day > after && day <= upTo;
    const done = activities.filter((a) => a.status === 'done' && within(a.doneOn ?? a.date, from, to));
    // Overdue on the last day: due before it and not done by then (cancelled ones are not owed).
    const overdue = activities.filter((a) => a.date < to && (a.status === 'planned' || (a.status === 'done' && a.doneOn !== null && a.doneOn > to)));
    const target = readSettings(db).answerTargetWorkingDays;
    const questions = questionStore.all(undefined).map((q) => extend(q, { dueOn: answerDueOn(q.raisedOn, target, workingCalendar(q.councilRegion)) }));
    const answeredBy = (q: { answeredOn: string | null }, day: string) => q.answeredOn !== null && q.answeredOn <= day;
    const answered = questions.filter((q) => within(q.answeredOn, from, to));
    return {
      activitiesDone: done.length,
      peopleReached: done.reduce((sum, a) => sum + (a.peopleReached ?? 0), 0),
      activitiesNext: activities.filter((a) => a.status === 'planned' && within(a.date, to, nextTo)).length,
      overdueActivities: overdue.slice(0, 10).map((a) => ({ id: a.id, title: a.title, channel: CHANNEL_WORDS[a.channel], date: a.date, councils: a.councils.map((c) => c.name), waveName: a.waveName })),
      overdueActivityCount: overdue.length,
      questionsRaised: questions.filter((q) => within(q.raisedOn, from, to)).length,
      questionsAnswered: answered.length,
      answeredWithinTarget: answered.filter((q) => q.answeredOn! <= q.dueOn).length,
      openPastTarget: questions.filter((q) => q.raisedOn <= to && q.status !== 'closed' && !answeredBy(q, to) && q.dueOn < to).length,
      faqsPublished: questions.filter((q) => q.published && q.publishedAt !== null && q.publishedAt.slice(0, 10) <= to).length,
      answerTargetWorkingDays: target,
    };
  }

  /**
   * The benefits headline as known at the start and at the end of the period; the saving in the period is the
   * difference of the two savings to date (volumes entered late for earlier months count when they became known).
   */
  function benefitsIn(from: string, to: string) {
    const before = benefits.headlineNow(from);
    const now = benefits.headlineNow(to);
    const savedInPeriodPence = now.savedPence === null ? null : now.savedPence - (before.savedPence ?? 0);
    return { before, now, savedInPeriodPence };
  }

  /** Issues the report for a period: a frozen copy, written with its audit entry in one transaction. */
  function issue(input: BoardReportQuery & { title?: string }, actor: Actor) {
    const { query, title } = issuedQuery(input);
    return record(build(query), title, actor);
  }

  /** The same as steps: the route makes the report in slices, then writes it in one transaction. */
  function* issueSteps(input: BoardReportQuery & { title?: string }, actor: Actor) {
    const { query, title } = issuedQuery(input);
    return record(yield* buildSteps(query), title, actor);
  }

  /** What an issue asks for, with its period's end: only a period that has ended is issued (else a 400). */
  function issuedQuery(input: BoardReportQuery & { title?: string }): { query: BoardReportQuery & { to: string }; title?: string } {
    const { title, ...asked } = input;
    // Only a period that has ended is issued: the plan of a day is final when the day is over, so the issued copy
    // always equals the report made again later (docs/reports.md, "Issued reports").
    const yesterday = isoDay(subDays(parseISO(today(clock)), 1));
    if (asked.to !== undefined && asked.to > yesterday) {
      throw badRequest(`A report can be issued for a period that has ended: up to yesterday (${dayWords(yesterday)}) at the latest.`, [{ field: 'to', message: 'must be before today' }]);
    }
    return { query: extend(asked, { to: asked.to ?? yesterday }), ...(title === undefined ? {} : { title }) };
  }

  /** The frozen copy, written with its audit entry in one transaction. */
  function record(report: BoardReport, title: string | undefined, actor: Actor) {
    if (title) report.title = title.trim();
    return inTransaction(db, () => {
      const row = db.insert(boardReports).values({
        title: report.title, periodFrom: report.period.from, periodTo: report.period.to, baselineId: report.baseline?.id ?? null, content: report,
        issuedBy: actor.id, issuedByName: actor.name, issuedAt: clock().toISOString(),
      }).returning(issuedColumns).get();
      recordAudit(db, actor, clock(), { action: 'create', entity: 'board_report', entityId: row.id, after: extend(row, { baselineId: report.baseline?.id ?? null }) });
      return extend(row, { report });
    });
  }

  return { periodOf, build, buildSteps, buildWhole, buildWholeSteps, issue, issueSteps, issuedQuery };
}

export type BoardReports = ReturnType<typeof createBoardReports>;
