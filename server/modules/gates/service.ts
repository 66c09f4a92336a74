import type { Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { eq } from 'drizzle-orm';
import { gateDecisions, users, type GateDecision as Decision } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { GO_WITH_CONDITIONS, proposeGate, type Evaluation } from '../../domain/readiness.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../../db/audit.ts';
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

type DecisionInput = {
  decision: Decision; reason?: string; asOf?: string;
  conditions?: string[]; conditionOwnerUserId?: number; conditionOwnerName?: string; conditionsDueDate?: string;
};

/** The conditions of a go: those stated, else the reasons of a "go with conditions" proposal when the decision is go. */
export function conditionsOf(input: DecisionInput, proposal: { proposed: 'go' | 'no_go'; reasons: string[] }): string[] {
  if (input.decision === 'no_go') return [];
  if (input.conditions !== undefined) return input.conditions.map((c) => c.trim());
  if (input.decision === 'go' && proposal.reasons[0] === GO_WITH_CONDITIONS) return proposal.reasons.slice(1);
  return [];
}

/** Conditions belong to a go; their owner is one user or one external contact. */
function conditionProblems(input: DecisionInput, isActiveUser: (id: number) => boolean): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (input.decision === 'no_go' && input.conditions !== undefined && input.conditions.length > 0) {
    problems.push({ field: 'conditions', message: 'a no-go has no conditions' });
  }
  if (input.conditionOwnerUserId !== undefined && input.conditionOwnerName !== undefined) {
    problems.push({ field: 'conditionOwnerName', message: 'give either conditionOwnerUserId or conditionOwnerName, not both' });
  }
  if (input.conditionOwnerUserId !== undefined && !isActiveUser(input.conditionOwnerUserId)) {
    problems.push({ field: 'conditionOwnerUserId', message: `there is no active user ${input.conditionOwnerUserId}` });
  }
  return problems;
}

/**
 * Writes one RAID action per condition of a "go with conditions" decision, in the decision's transaction; RAID's
 * writer (raid/gate-conditions.ts), handed over by the composition root (server/services.ts). The due date is two
 * weeks after the decision unless given.
 */
export type ConditionActionWriter = (actor: Actor, input: {
  decisionId: number; itemId: number; councilId: number; conditions: string[]; ownerUserId: number | null; ownerName: string; dueDate?: string;
}) => number[];

/** An item as the readiness engine judged it: what the gates read of it. */
interface JudgedItem {
  facts: { itemId: number; councilId: number; councilCode: string; featureName: string };
  readiness: Evaluation;
}

/**
 * What the gates ask of the readiness engine (modules/readiness, handed over by server/services.ts): one item's
 * judgement, or those of a council's items in a wave. Named here, so the gates do not depend on the readiness module,
 * whose screens show the gates' decisions.
 */
export interface GateJudge {
  evaluateItem(itemId: number, asOf: string): JudgedItem | undefined;
  evaluateItems(options: { asOf: string; councilIds: number[]; where: (facts: { waveId: number | null }) => boolean; withHistory: boolean }): { items: JudgedItem[] };
}

export function createGateService(db: Db, clock: Clock, engine: GateJudge, conditionActions: ConditionActionWriter) {

  type Target = { item: JudgedItem; proposal: ReturnType<typeof proposeGate> };
  const withProposal = (item: JudgedItem): Target => ({ item, proposal: proposeGate(item.readiness) });
  const itemTargets = (itemId: number, asOf: string): Target[] => {
    const item = engine.evaluateItem(itemId, asOf);
    return item ? [withProposal(item)] : [];
  };
  const councilWaveTargets = (councilId: number, waveId: number, asOf: string): Target[] =>
    engine.evaluateItems({ asOf, councilIds: [councilId], where: (f) => f.waveId === waveId, withHistory: true }).items.map(withProposal);

  const record = (actor: Actor, input: DecisionInput, targets: Target[], waveId: number | null) => {
    const asOf = input.asOf ?? today(clock);
    const reason = input.reason ?? '';
    const problems = targets.flatMap(({ item, proposal }) => {
      const problem = decisionProblem(proposal.proposed, input.decision, reason);
      return problem ? [{ ...problem, message: `${item.facts.councilCode} ${item.facts.featureName}: ${problem.message}` }] : [];
    });
    problems.push(...conditionProblems(input, (id) => {
      const user = db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, id)).get();
      return user !== undefined && user.disabledAt === null;
    }));
    if (problems.length > 0) throw badRequest('The decision does not fit the proposal; nothing was recorded.', problems);
    return inTransaction(db, () => targets.map(({ item, proposal }) => {
      const row = db.insert(gateDecisions).values({
        itemId: item.facts.itemId, waveId, proposed: proposal.proposed, decision: input.decision, reason: reason.trim(),
        evidence: proposal.reasons, asOf, decidedBy: actor.id, decidedByName: actor.name, decidedAt: clock().toISOString(),
      }).returning().get();
      recordAudit(db, actor, clock(), { action: 'create', entity: 'gate', entityId: row.id, after: presentDecision(row) });
      // A go with conditions: one action per condition, in this transaction (modules/raid).
      const conditions = conditionsOf(input, proposal);
      if (conditions.length === 0) return presentDecision(row);
      const ownerUserId = input.conditionOwnerUserId ?? (input.conditionOwnerName === undefined ? actor.id : null);
      const conditionActionIds = conditionActions(actor, {
        decisionId: row.id, itemId: item.facts.itemId, councilId: item.facts.councilId, conditions,
        ownerUserId, ownerName: input.conditionOwnerName ?? actor.name, dueDate: input.conditionsDueDate,
      });
      return { ...presentDecision(row), conditionActionIds };
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

    decideItem(itemId: number, input: DecisionInput, actor: Actor): GateDecision {
      const targets = itemTargets(itemId, input.asOf ?? today(clock));
      if (targets.length === 0) throw notFound('Rollout item', itemId);
      return record(actor, input, targets, null)[0]!;
    },

    /** One decision for every item of a council in a wave, in one transaction. */
    decideCouncilWave(input: DecisionInput & { councilId: number; waveId: number }, actor: Actor): GateDecision[] {
      const targets = councilWaveTargets(input.councilId, input.waveId, input.asOf ?? today(clock));
      if (targets.length === 0) throw badRequest('This council has no rollout items in that wave.', [{ field: 'waveId', message: 'no items of this council are in this wave' }]);
      return record(actor, input, targets, input.waveId);
    },
  };
}
