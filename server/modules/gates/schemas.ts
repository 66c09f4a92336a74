import { Type, type Static } from 'typebox';
import { GATE_DECISIONS } from '../../db/schema.ts';
import { Id, Instant, IsoDate, NullableId, PlainText, StringEnum, VisibleLine } from '../../http/schemas.ts';

export const Decision = StringEnum(GATE_DECISIONS, { description: 'go, no_go, or go_override (go against a no-go proposal, with a reason)' });
const Proposed = StringEnum(['go', 'no_go'] as const);

export const GateDecision = Type.Object({
  id: Id,
  itemId: Id,
  waveId: NullableId,
  proposed: Proposed,
  decision: Decision,
  reason: Type.String(),
  evidence: Type.Array(Type.String(), { description: "The proposal's reasons when the decision was taken" }),
  asOf: IsoDate,
  decidedByName: Type.String(),
  decidedAt: Instant,
  conditionActionIds: Type.Optional(Type.Array(Id, { description: 'The actions created for its conditions (a go with conditions)' })),
});

export const GateProposal = Type.Object({ proposed: Proposed, reasons: Type.Array(Type.String()) });

export const ItemGate = Type.Object({
  itemId: Id,
  asOf: IsoDate,
  proposal: GateProposal,
  current: Type.Union([GateDecision, Type.Null()]),
  history: Type.Array(GateDecision),
});

/** A "go with conditions": each condition becomes an owned, dated action (modules/raid); the item is flagged until they are done. */
const ConditionFields = {
  conditions: Type.Optional(Type.Array(VisibleLine({ maxLength: 300 }), {
    maxItems: 20, description: 'Conditions of a go; by default, the reasons of a "go with conditions" proposal when the decision is go',
  })),
  conditionOwnerUserId: Type.Optional(Id),
  conditionOwnerName: Type.Optional(VisibleLine({ maxLength: 120, description: 'An external owner of the conditions; by default the person deciding' })),
  conditionsDueDate: Type.Optional(IsoDate),
};

export const DecideGate = Type.Object(
  {
    decision: Decision,
    reason: Type.Optional(PlainText({ maxLength: 2000, description: 'Required for go_override' })),
    asOf: Type.Optional(IsoDate),
    ...ConditionFields,
  },
  { additionalProperties: false },
);

export const DecideCouncilWave = Type.Object(
  { councilId: Id, waveId: Id, decision: Decision, reason: Type.Optional(PlainText({ maxLength: 2000 })), asOf: Type.Optional(IsoDate), ...ConditionFields },
  { additionalProperties: false },
);

export const GateQuery = Type.Object({ asOf: Type.Optional(IsoDate) }, { additionalProperties: false });

export type GateDecision = Static<typeof GateDecision>;
export type DecideGate = Static<typeof DecideGate>;
export type DecideCouncilWave = Static<typeof DecideCouncilWave>;
