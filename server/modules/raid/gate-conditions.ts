import { addDays, parseISO } from 'date-fns';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../db/audit.ts';
import { instant, isoDay, today, type Clock } from '../../domain/clock.ts';
import { presentAction } from './service.ts';
import { createRaidStore } from './store.ts';

/** What a "go with conditions" decision hands over: the conditions, and who owns them by when. */
export interface GateConditions {
  decisionId: number;
  itemId: number;
  councilId: number;
  conditions: string[];
  ownerUserId: number | null;
  ownerName: string;
  /** By default two weeks after the decision (conditionDueDate). */
  dueDate?: string;
}

/** Default due date of a gate condition's action: two weeks after the decision. */
export const conditionDueDate = (decidedOn: string): string => isoDay(addDays(parseISO(decidedOn), 14));

/**
 * One action per condition of a "go with conditions" decision, written in the decision's own transaction (the
 * caller's) with an audit entry each. The item stays flagged while any of them is open. The composition root
 * (server/services.ts) hands this writer to the gates.
 */
export function createConditionActions(db: Db, clock: Clock) {
  const store = createRaidStore(db);
  return (actor: Actor, input: GateConditions): number[] => {
    const now = instant(clock);
    const dueDate = input.dueDate ?? conditionDueDate(today(clock));
    return input.conditions.map((condition) => {
      const text = condition.trim();
      const row = store.insertAction({
        title: `Gate condition: ${text}`.slice(0, 200), ownerUserId: input.ownerUserId, ownerName: input.ownerUserId === null ? input.ownerName : '',
        dueDate, status: 'open', raisedOn: today(clock), closedOn: null, councilId: input.councilId, raidEntryId: null,
        itemId: input.itemId, gateDecisionId: input.decisionId, condition: text, blockerId: null, createdAt: now, updatedAt: now,
      });
      recordAudit(db, actor, clock(), { action: 'create', entity: 'raid_action', entityId: row.id, after: presentAction(store.action(row.id)!, today(clock)) });
      return row.id;
    });
  };
}
