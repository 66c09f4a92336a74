import { Type, type Static } from 'typebox';
import { REASON_CATEGORIES, type ReasonCategory as ReasonCategoryName } from '../db/schema.ts';
import { IsoDate, NullableIsoDate, PlainText, StringEnum } from './schemas.ts';
import { badRequest } from './errors.ts';

/**
 * The reason a change to the plan carries (docs/metrics.md, "Plan moves and reasons"): its fields in the request schemas
 * of items, waves and baselines, the move as screens show it, and the rule that a move names one.
 */
export interface PlanReason {
  reasonCategory: ReasonCategoryName;
  reason: string;
}

export const ReasonCategory = StringEnum(REASON_CATEGORIES, { description: 'Why: supplier_delay, readiness, business_decision, dependency or other' });

/** The reason fields a change that moves the plan carries (docs/metrics.md, "Plan moves and reasons"). */
export const ReasonFields = {
  reasonCategory: Type.Optional(ReasonCategory),
  reason: Type.Optional(PlainText({ maxLength: 1000, description: 'Why, in a sentence: shown on the item, in "late against the baseline" and in the board report' })),
};

/** Why an item's date last moved: who, when, how far, why. */
export const MoveWhy = Type.Object({
  on: IsoDate,
  changedByName: Type.String(),
  fromDate: NullableIsoDate,
  toDate: NullableIsoDate,
  days: Type.Union([Type.Integer(), Type.Null()], { description: 'Days later (+) or earlier (-)' }),
  /** Null on moves recorded before reasons were asked. */
  reasonCategory: Type.Union([ReasonCategory, Type.Null()]),
  reason: Type.String(),
});
export type MoveWhy = Static<typeof MoveWhy>;

/** A move as the item's page lists it: the item's own, or its wave's. */
export const PlanMoveOfItem = Type.Object({ ...MoveWhy.properties, movedWith: StringEnum(['item', 'wave'] as const) });

/**
 * The reason of a change that moves a date of the plan (or approves a baseline): both a category and a sentence,
 * or a 400 saying what is missing. `what` names the change in the message.
 */
export function requireReason(input: { reasonCategory?: PlanReason['reasonCategory']; reason?: string }, what: string): PlanReason {
  const problems = [];
  if (!input.reasonCategory) problems.push({ field: 'reasonCategory', message: 'is needed: supplier_delay, readiness, business_decision, dependency or other' });
  if (!input.reason || input.reason.trim() === '') problems.push({ field: 'reason', message: 'is needed: say why, in a sentence' });
  if (problems.length > 0) throw badRequest(`${what} needs a reason: a category and a sentence saying why.`, problems);
  return { reasonCategory: input.reasonCategory!, reason: input.reason!.trim() };
}
