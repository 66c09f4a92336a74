import type { Actor } from '../../auth/actor.ts';
import { recordAudit } from '../../db/audit.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { criteria } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import type { Page } from '../../http/crud.ts';
import { eq } from 'drizzle-orm';
import { thresholdProblems, valueProblem } from './rules.ts';
import type { ProgrammeReading, ProgrammeReadingInput, ProgrammeReadingQuery, Ramp, RampHistory, RampInput, RampPoint } from './measures-schemas.ts';
import { createMeasuresStore } from './measures-store.ts';
import { dayWords } from '../../domain/date-words.ts';

type CriterionRow = typeof criteria.$inferSelect;

/**
 * A ramp's steps, checked (docs/readiness.md, "Ramps"): each step in the unit's range with amber on the far side
 * of its target, no two steps in the same week, and no step asking for less than one further from go-live.
 */
export function rampProblems(criterion: Pick<CriterionRow, 'unit' | 'direction' | 'target'>, points: RampPoint[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const seen = new Set<number>();
  points.forEach((p, i) => {
    if (seen.has(p.weeksBefore)) problems.push({ field: `points/${i}/weeksBefore`, message: `two steps at ${p.weeksBefore} weeks before go-live` });
    seen.add(p.weeksBefore);
    problems.push(...thresholdProblems(criterion.unit, criterion.direction, p.target, p.amberThreshold, `points/${i}`));
  });
  const higher = criterion.direction === 'higher';
  const byTime = points.map((p, i) => ({ ...p, i })).sort((a, b) => b.weeksBefore - a.weeksBefore);
  for (let k = 1; k < byTime.length; k += 1) {
    const earlier = byTime[k - 1]!;
    const later = byTime[k]!;
    if (higher ? later.target < earlier.target : later.target > earlier.target) {
      problems.push({ field: `points/${later.i}/target`, message: `asks for ${higher ? 'less' : 'more'} (${later.target}) at ${later.weeksBefore} weeks than at ${earlier.weeksBefore} weeks (${earlier.target}): a ramp only rises towards go-live` });
    }
  }
  return problems;
}

/** Ramps towards go-live and programme-wide readings, both dated facts kept for ever (append-only). */
export function createMeasuresService(db: Db, clock: Clock) {
  const store = createMeasuresStore(db);
  const load = (id: number): CriterionRow => {
    const row = db.select().from(criteria).where(eq(criteria.id, id)).get();
    if (!row) throw notFound('Criterion', id);
    return row;
  };

  return {
    ramps(criterionId: number): RampHistory {
      load(criterionId);
      const history = store.rampsOf(criterionId);
      const todayIs = today(clock);
      return { criterionId, inForce: history.find((r) => r.effectiveFrom <= todayIs)?.points ?? [], history };
    },

    setRamp(criterionId: number, input: RampInput, actor: Actor): Ramp {
      return inTransaction(db, () => {
        const criterion = load(criterionId);
        if (criterion.phase !== 'readiness') throw badRequest('The ramp is not valid.', [{ field: 'points', message: `"${criterion.name}" is an adoption measure: ramps lead up to go-live, so only readiness criteria have them` }]);
        const todayIs = today(clock);
        const effectiveFrom = input.effectiveFrom ?? todayIs;
        const problems = rampProblems(criterion, input.points);
        if (effectiveFrom < todayIs) problems.push({ field: 'effectiveFrom', message: `cannot be before today (${dayWords(todayIs)}): a ramp never rewrites how past days were judged` });
        if (problems.length > 0) throw badRequest('The ramp is not valid.', problems);
        const points = [...input.points].sort((a, b) => b.weeksBefore - a.weeksBefore)
          .map(({ weeksBefore, target, amberThreshold }) => ({ weeksBefore, target, amberThreshold }));
        const ramp = store.insertRamp({
          criterionId, effectiveFrom, points, reason: input.reason.trim(), enteredBy: actor.id, enteredByName: actor.name, enteredAt: clock().toISOString(),
        });
        recordAudit(db, actor, clock(), { action: 'create', entity: 'criterion_ramp', entityId: ramp.id, after: ramp });
        return ramp;
      });
    },

    programmeReadings(criterionId: number, query: ProgrammeReadingQuery): Page<ProgrammeReading> {
      load(criterionId);
      const limit = query.limit ?? 50;
      const offset = query.offset ?? 0;
      return { data: store.readingsOf(criterionId, limit, offset), page: { total: store.countReadings(criterionId), limit, offset } };
    },

    recordProgrammeReading(criterionId: number, input: ProgrammeReadingInput, actor: Actor): ProgrammeReading {
      return inTransaction(db, () => {
        const criterion = load(criterionId);
        if (criterion.scope !== 'programme') {
          throw conflict(`"${criterion.name}" is measured per ${criterion.scope}: record its readings for a council (POST /api/readings).`);
        }
        const problems: ErrorDetail[] = [];
        const bad = valueProblem(criterion.unit, input.value);
        if (bad) problems.push({ field: 'value', message: bad });
        const todayIs = today(clock);
        if (input.readingDate > todayIs) problems.push({ field: 'readingDate', message: `cannot be in the future (today is ${dayWords(todayIs)})` });
        if (problems.length > 0) throw badRequest('The reading is not valid.', problems);
        const reading = store.insertReading({
          criterionId, value: input.value, readingDate: input.readingDate, note: input.note ?? '', enteredBy: actor.id, enteredByName: actor.name, enteredAt: clock().toISOString(),
        });
        recordAudit(db, actor, clock(), { action: 'create', entity: 'programme_reading', entityId: reading.id, after: reading });
        return reading;
      });
    },
  };
}

export type MeasuresService = ReturnType<typeof createMeasuresService>;
