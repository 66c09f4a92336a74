import type { Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { gateDecisions, type GateDecision as Decision } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { proposeGate } from '../../domain/readiness.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/store.ts';
import { readinessEngineFor, type ItemReadiness } from '../readiness/engine.ts';
import type { GateDecision } from './schemas.ts';
import { decisionsOf, latestDecision, presentDecision } from './store.ts';

export const MIN_OVERRIDE_REASON = 10;


/**
 * The rules of a decision against a proposal: "go" only when the system proposes go; going against a
 * no-go is "go_override" and needs a written reason; "no_go" is always allowed.
 */
export function decisionProblem(proposed: 'go' | 'no_go', decision: Decision, reason: string): { field: string; message: string } | undefined {
  if (decision === 'go' && proposed === 'no_go') return { field: 'decision', message: 'the proposal is no-go: record go_override with a reason, or no_go' };
  if (decision === 'go_override' && proposed === 'go') return { field: 'decision', message: 'the proposal is already go: record go' };
  if (decision === 'go_override' && reason.trim().length < MIN_OVERRIDE_REASON) {
    return { field: 'reason', message: `an override needs a written reason of at least ${MIN_OVERRIDE_REASON} characters` };
  }
  return undefined;
}

export function createGateService(db: Db, clock: Clock) {
  const engine = readinessEngineFor(db);

  type Target = { item: ItemReadiness; proposal: ReturnType<typeof proposeGate> };
  const withProposal = (item: ItemReadiness): Target => ({ item, proposal: proposeGate(item.readiness) });
  const itemTargets = (itemId: number, asOf: string): Target[] => {
    const item = engine.evaluateItem(itemId, asOf);
    return item ? [withProposal(item)] : [];
  };
  const councilWaveTargets = (councilId: number, waveId: number, asOf: string): Target[] =>
    engine.evaluateItems({ asOf, councilIds: [councilId], where: (f) => f.waveId === waveId, withHistory: true }).items.map(withProposal);

  const record = (actor: Actor, input: { decision: Decision; reason?: string; asOf?: string }, targets: Target[], waveId: number | null) => {
    const asOf = input.asOf ?? today(clock);
    const reason = input.reason ?? '';
    const problems = targets.flatMap(({ item, proposal }) => {
      const problem = decisionProblem(proposal.proposed, input.decision, reason);
      return problem ? [{ ...problem, message: `${item.facts.councilCode} ${item.facts.featureName}: ${problem.message}` }] : [];
    });
    if (problems.length > 0) throw badRequest('The decision does not fit the proposal; nothing was recorded.', problems);
    return inTransaction(db, () => targets.map(({ item, proposal }) => {
      const row = db.insert(gateDecisions).values({
        itemId: item.facts.itemId, waveId, proposed: proposal.proposed, decision: input.decision, reason: reason.trim(),
        evidence: proposal.reasons, asOf, decidedBy: actor.id, decidedByName: actor.name, decidedAt: clock().toISOString(),
      }).returning().get();
      recordAudit(db, actor, clock(), { action: 'create', entity: 'gate', entityId: row.id, after: presentDecision(row) });
      return presentDecision(row);
    }));
  };

  return {
    /** The system's proposal for an item with its reasons, the decision in force and the history. */
    itemGate(itemId: number, asOf = today(clock)) {
      const [target] = itemTargets(itemId, asOf);
      if (!target) throw notFound('Rollout item', itemId);
      const current = latestDecision(db, itemId);
      return { itemId, asOf, proposal: target.proposal, current: current ? presentDecision(current) : null, history: decisionsOf(db, itemId).map(presentDecision) };
    },

    decideItem(itemId: number, input: { decision: Decision; reason?: string; asOf?: string }, actor: Actor): GateDecision {
      const targets = itemTargets(itemId, input.asOf ?? today(clock));
      if (targets.length === 0) throw notFound('Rollout item', itemId);
      return record(actor, input, targets, null)[0]!;
    },

    /** One decision for every item of a council in a wave, in one transaction. */
    decideCouncilWave(input: { councilId: number; waveId: number; decision: Decision; reason?: string; asOf?: string }, actor: Actor): GateDecision[] {
      const targets = councilWaveTargets(input.councilId, input.waveId, input.asOf ?? today(clock));
      if (targets.length === 0) throw badRequest('This council has no rollout items in that wave.', [{ field: 'waveId', message: 'no items of this council are in this wave' }]);
      return record(actor, input, targets, input.waveId);
    },
  };
}
