import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../server/db/database.ts';
import { withDemoAsOffice } from './helpers.ts';

const DAY = '2026-11-23';

/**
 * The rules an item is judged by are shared by every item judged on the same day with the same phase, audience,
 * wave and go-live (modules/readiness/engine.ts): a council with thresholds of its own keeps them, whichever
 * council is judged first, and a change to the thresholds is judged at once.
 */
describe("readiness rules shared between councils' items", () => {
  let db: Db;
  let app: FastifyInstance;
  withDemoAsOffice(DAY, (made) => ({ db, app } = made));

  it('keep a council override to its council, in either order of judging, and follow a new one at once', () => {
    const { engine } = app.services;
    const judged = (councilIds: number[]) => engine.evaluateItems({ asOf: DAY, councilIds }).items;
    // Two items of one feature, in one wave with one go-live, in two councils.
    const all = judged(db.$client.prepare('select id from councils order by id').pluck().all() as number[]);
    const pair = all.flatMap((a) => all.filter((b) => b.facts.councilId > a.facts.councilId && b.facts.featureId === a.facts.featureId
      && b.facts.waveId === a.facts.waveId && a.facts.waveId !== null && b.progress.plannedGoLive === a.progress.plannedGoLive).map((b) => [a, b] as const))[0];
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    const criterion = a.readiness.criteria.find((c) => c.target >= 50)!;
    expect(criterion).toBeDefined();
    const targetOf = (items: ReturnType<typeof judged>, councilId: number) =>
      items.find((i) => i.facts.councilId === councilId && i.facts.featureId === a.facts.featureId)!.readiness.criteria.find((c) => c.criterionId === criterion.criterionId)!.target;
    const shared = targetOf(all, a.facts.councilId);
    expect(targetOf(all, b.facts.councilId)).toBe(shared);

    // An override for the first council only (its trigger moves the programme's version: a new catalogue).
    const lowered = Math.round(shared / 2);
    db.$client.prepare('insert into criterion_overrides (criterion_id, council_id, wave_id, target, amber_threshold) values (?, ?, null, ?, ?)')
      .run(criterion.criterionId, a.facts.councilId, lowered, lowered);
    for (const order of [[b.facts.councilId, a.facts.councilId], [a.facts.councilId, b.facts.councilId]]) {
      const items = judged(order);
      expect(targetOf(items, a.facts.councilId), `judged in the order ${order.join(', ')}`).not.toBe(shared);
      expect(targetOf(items, b.facts.councilId), `judged in the order ${order.join(', ')}`).toBe(shared);
    }
  });
});
