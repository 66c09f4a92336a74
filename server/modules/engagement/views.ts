import { asc, eq, sql } from 'drizzle-orm';
import { parseISO, subDays } from 'date-fns';
import { seesUnpublished, type Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { councils, features, latestReadings } from '../../db/schema.ts';
import { median, workingDaysToAnswer } from '../../domain/engagement.ts';
import { workingCalendar } from '../../domain/working-days.ts';
import { staleDay } from '../../domain/readiness.ts';
import { isoDay, today, type Clock } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import { groupBy } from '../../domain/group-by.ts';
import { notFound } from '../../http/errors.ts';
import { readSettings } from '../settings/read-model.ts';
import { listActivitiesWithDates, reachCriterionQuery } from './activities-store.ts';
import { createQuestionStore, judged, questionFilter } from './questions-store.ts';
import { COMMS_REACH_CRITERION } from './rules.ts';
import type { CouncilEngagement, EngagementSummary, Faq, Question, QuestionFigures, Silence } from './schemas.ts';

const TOP_CATEGORIES = 3;

/** By feature name; questions about no one feature ("General") last. */
const byFeatureName = (a: { featureId: number | null; featureName: string }, b: { featureId: number | null; featureName: string }): number =>
  (a.featureId === null ? 1 : b.featureId === null ? -1 : a.featureName.localeCompare(b.featureName));
const LIST_LIMIT = 10;

/** Still waiting for an answer past its due day. */
const lateAndOpen = (q: Question): boolean => q.late && q.status === 'open';

/** Raised, open, late, per 100 staff of the audience, share answered within target, median working days, top categories. */
export function questionFigures(questions: Question[], audience: number): QuestionFigures {
  const answered = questions.filter((q) => q.answeredOn !== null);
  const categories = new Map<string, { category: string; count: number }>();
  for (const q of questions) {
    const key = q.category.toLowerCase();
    const entry = categories.get(key) ?? { category: q.category, count: 0 };
    entry.count += 1;
    categories.set(key, entry);
  }
  return {
    raised: questions.length,
    open: questions.filter((q) => q.status === 'open').length,
    late: questions.filter(lateAndOpen).length,
    answeredLate: answered.filter((q) => q.late).length,
    per100Staff: audience > 0 ? Math.round((questions.length / audience) * 1000) / 10 : null,
    withinTargetShare: answered.length > 0 ? Math.round((answered.filter((q) => !q.late).length / answered.length) * 1000) / 10 : null,
    medianWorkingDaysToAnswer: median(answered.map((q) => workingDaysToAnswer(q.raisedOn, q.answeredOn!, workingCalendar(q.councilRegion)))),
    topCategories: [...categories.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)).slice(0, TOP_CATEGORIES),
  };
}

/**
 * Silence is a signal: a council whose staff have raised no question for `silenceAfterDays` while its latest
 * communications reach reading is under the criterion's target (or missing) is flagged.
 */
export function silenceOf(lastQuestionOn: string | null, reach: number | null, target: number | null, silenceAfterDays: number, todayIs: string): Silence {
  const since = isoDay(subDays(parseISO(todayIs), silenceAfterDays));
  const silent = lastQuestionOn === null || lastQuestionOn <= since;
  const lowReach = target !== null && (reach === null || reach < target);
  const flagged = silent && lowReach;
  const quiet = lastQuestionOn === null ? 'no staff question has been logged' : `no staff question since ${dayWords(lastQuestionOn)}`;
  const reason = target === null
    ? `The catalogue has no ${COMMS_REACH_CRITERION} criterion, so silence is not judged.`
    : flagged
      ? `${quiet[0]!.toUpperCase()}${quiet.slice(1)}, and communications reach is ${reach === null ? 'not reported recently' : `${reach}%`}, under the target of ${target}%.`
      : silent ? `Quiet (${quiet}), but communications reach ${reach}% meets the target of ${target}%.` : `Staff are asking questions (the last on ${dayWords(lastQuestionOn!)}).`;
  return { flagged, lastQuestionOn, commsReach: reach, commsTarget: target, reason };
}

/**
 * Silence for readers of published material: it is judged from when the last question was raised, published or
 * not, so it is not judged for them at all; the communications reach (a reading) is still shown.
 */
export function silenceNotShown(reach: number | null, target: number | null): Silence {
  return { flagged: false, lastQuestionOn: null, commsReach: reach, commsTarget: target, reason: 'Judged from the staff question log, which sponsors do not see.' };
}

// eslint-disable-next-line max-lines-per-function -- the read models' factory: the summary and the council view share its prepared statements
export function createEngagementViews(db: Db, clock: Clock) {
  const questions = createQuestionStore(db);
  const reachCriterion = reachCriterionQuery(db);
  const reachReadings = db.select({ councilId: latestReadings.councilId, value: latestReadings.value, readingDate: latestReadings.readingDate }).from(latestReadings)
    .where(sql`${latestReadings.criterionId} = ${sql.placeholder('criterionId')} and ${latestReadings.featureKey} = 0`).prepare();
  // One council's: a look-up by the table's key (council, criterion, feature), not a pass over every council's.
  const reachReadingOf = db.select({ value: latestReadings.value, readingDate: latestReadings.readingDate }).from(latestReadings)
    .where(sql`${latestReadings.councilId} = ${sql.placeholder('councilId')} and ${latestReadings.criterionId} = ${sql.placeholder('criterionId')} and ${latestReadings.featureKey} = 0`).prepare();
  const councilColumns = { id: councils.id, name: councils.name, staff: councils.staffHeadcount, managers: councils.managerHeadcount };
  const allCouncils = db.select(councilColumns).from(councils).orderBy(asc(councils.name)).prepare();
  const councilById = db.select(councilColumns).from(councils).where(eq(councils.id, sql.placeholder('id'))).prepare();
  const featureList = db.select({ id: features.id, name: features.name, audience: features.audience }).from(features).prepare();

  /**
   * Each council's latest communications reach, and the target it is judged against (null without the criterion).
   * A stale reading (older than the settings' staleAfterDays, as readiness judges it) counts as not reported.
   */
  const commsReach = (todayIs: string, staleAfterDays: number): { target: number | null; byCouncil: Map<number, number> } => {
    const criterion = reachCriterion.get();
    if (!criterion) return { target: null, byCouncil: new Map() };
    const cutoff = staleDay(todayIs, staleAfterDays);
    const fresh = reachReadings.all({ criterionId: criterion.id }).filter((r) => r.readingDate >= cutoff);
    return { target: criterion.target, byCouncil: new Map(fresh.map((r) => [r.councilId, r.value])) };
  };
  /** The same for one council: its reach (null when missing or stale) and the target. */
  const councilReach = (councilId: number, todayIs: string, staleAfterDays: number): { target: number | null; reach: number | null } => {
    const criterion = reachCriterion.get();
    if (!criterion) return { target: null, reach: null };
    const reading = reachReadingOf.get({ councilId, criterionId: criterion.id });
    return { target: criterion.target, reach: reading && reading.readingDate >= staleDay(todayIs, staleAfterDays) ? reading.value : null };
  };
  const lastRaised = (list: Question[]) => list.reduce<string | null>((last, q) => (last === null || q.raisedOn > last ? q.raisedOn : last), null);

  return {
    council(councilId: number, actor: Actor): CouncilEngagement {
      const council = councilById.get({ id: councilId });
      if (!council) throw notFound('Council', councilId);
      const todayIs = today(clock);
      const settings = readSettings(db);
      const activities = listActivitiesWithDates(db, { councilId }, todayIs);
      const reach = councilReach(council.id, todayIs, settings.staleAfterDays);
      const shared = {
        asOf: todayIs,
        council: { councilId: council.id, name: council.name, staffHeadcount: council.staff },
        answerTargetWorkingDays: settings.answerTargetWorkingDays,
        activities,
        overdueActivities: activities.filter((a) => a.overdue).length,
        dueThisWeek: activities.filter((a) => a.dueThisWeek).length,
      };
      if (!seesUnpublished(actor)) {
        // Every figure below is counted from the whole question log, published or not: none of it for sponsors.
        return {
          ...shared,
          questions: null,
          byFeature: [],
          lateQuestions: [],
          silence: silenceNotShown(reach.reach, reach.target),
        };
      }
      const list = questions.all(questionFilter({ councilId })).map((q) => judged(q, settings.answerTargetWorkingDays, todayIs));
      const featureById = new Map(featureList.all().map((f) => [f.id, f]));
      const byFeature = [...groupBy(list, (q) => q.featureId).entries()].map(([featureId, qs]) => {
        const feature = featureId !== null ? featureById.get(featureId) : undefined;
        const audience = feature?.audience === 'managers' ? council.managers : council.staff;
        return { featureId, featureName: feature?.name ?? 'General', ...questionFigures(qs, audience) };
      }).sort(byFeatureName);
      return {
        ...shared,
        questions: questionFigures(list, council.staff),
        byFeature,
        lateQuestions: list.filter(lateAndOpen),
        silence: silenceOf(lastRaised(list), reach.reach, reach.target, settings.silenceAfterDays, todayIs),
      };
    },

    summary(actor: Actor): EngagementSummary {
      const todayIs = today(clock);
      const settings = readSettings(db);
      const activities = listActivitiesWithDates(db, {}, todayIs);
      const team = seesUnpublished(actor);
      // Sponsors get nothing counted from the question log (see council()), so it is not even read for them.
      const list = team ? questions.all(undefined).map((q) => judged(q, settings.answerTargetWorkingDays, todayIs)) : [];
      const reach = commsReach(todayIs, settings.staleAfterDays);
      const lateOpen = list.filter(lateAndOpen);
      // Each list grouped once by council, not scanned once per council.
      const activitiesOf = groupBy(activities.flatMap((a) => a.councils.map((c) => ({ councilId: c.councilId, activity: a }))), (x) => x.councilId);
      const questionsOf = groupBy(list, (q) => q.councilId);
      return {
        asOf: todayIs,
        answerTargetWorkingDays: settings.answerTargetWorkingDays,
        councils: allCouncils.all().map((c) => {
          const mine = (activitiesOf.get(c.id) ?? []).map((x) => x.activity);
          const asked = questionsOf.get(c.id) ?? [];
          return {
            councilId: c.id, name: c.name,
            overdueActivities: mine.filter((a) => a.overdue).length,
            dueThisWeek: mine.filter((a) => a.dueThisWeek).length,
            questionsRaised: team ? asked.length : null,
            lateQuestions: team ? asked.filter(lateAndOpen).length : null,
            answeredLate: team ? asked.filter((q) => q.late && q.answeredOn !== null).length : null,
            silence: team
              ? silenceOf(lastRaised(asked), reach.byCouncil.get(c.id) ?? null, reach.target, settings.silenceAfterDays, todayIs)
              : silenceNotShown(reach.byCouncil.get(c.id) ?? null, reach.target),
          };
        }),
        overdueActivities: activities.filter((a) => a.overdue).slice(0, LIST_LIMIT),
        dueThisWeek: activities.filter((a) => a.dueThisWeek).slice(0, LIST_LIMIT),
        lateQuestions: lateOpen.slice(0, LIST_LIMIT),
      };
    },

    /** Published answers, grouped by feature (by name; questions about no one feature last, as "General"). */
    faq(featureId?: number): Faq {
      const published = questions.all(questionFilter({ published: true, featureId }));
      const groups = new Map<number | null, Faq['features'][number]>();
      for (const q of published) {
        const group = groups.get(q.featureId) ?? { featureId: q.featureId, featureName: q.featureName ?? 'General', entries: [] };
        group.entries.push({ id: q.id, question: q.question, answer: q.answer!, category: q.category, councilName: q.councilName, answeredOn: q.answeredOn! });
        groups.set(q.featureId, group);
      }
      return {
        features: [...groups.values()].sort(byFeatureName),
      };
    },
  };
}
