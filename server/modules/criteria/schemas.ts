import { Type, type Static } from 'typebox';
import { ArchivedAt, ArchivedQuery } from '../../http/archiving.ts';
import { CRITERION_AUDIENCES, CRITERION_SCOPES, DIRECTIONS, PHASES, UNITS } from '../../db/schema.ts';
import { Code, Id, Instant, LongText, Name, NullableId, PageQuery, StringEnum } from '../../http/schemas.ts';

export const Unit = StringEnum(UNITS, {
  description: 'percent (0-100), count, score (1-5), ratio, days, or people (a count judged as a share of the eligible audience)',
});
export const Direction = StringEnum(DIRECTIONS, { description: 'higher or lower is better' });
export const Phase = StringEnum(PHASES, { description: 'readiness: before go-live; adoption: after it' });
const Scope = StringEnum(CRITERION_SCOPES, { description: 'council: one reading for the council; feature: one per feature; programme: one reading for the whole programme (the shared system), entered by the office' });
const CriterionAudience = StringEnum(CRITERION_AUDIENCES, { description: 'Which features it applies to, by their audience' });
const Threshold = Type.Number({ minimum: -1_000_000, maximum: 1_000_000 });

export const Override = Type.Object({
  id: Id,
  councilId: NullableId,
  waveId: NullableId,
  target: Type.Number(),
  amberThreshold: Type.Number(),
});

export const Criterion = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  unit: Unit,
  direction: Direction,
  target: Type.Number(),
  amberThreshold: Type.Number(),
  weight: Type.Number(),
  mandatory: Type.Boolean(),
  scope: Scope,
  audience: CriterionAudience,
  phase: Phase,
  trackingOnly: Type.Boolean({ description: 'Recorded and charted, never counted in a score, a RAG or a gate proposal' }),
  overrides: Type.Array(Override),
  archivedAt: ArchivedAt,
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});

const OverrideInput = Type.Object(
  { councilId: Type.Optional(NullableId), waveId: Type.Optional(NullableId), target: Threshold, amberThreshold: Threshold },
  { additionalProperties: false, description: 'A target for one council, one wave, or one council in one wave' },
);

const fields = {
  code: Code,
  name: Name,
  description: LongText,
  unit: Unit,
  direction: Direction,
  target: Threshold,
  amberThreshold: Threshold,
  weight: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  mandatory: Type.Boolean(),
  scope: Scope,
  audience: CriterionAudience,
  phase: Phase,
  trackingOnly: Type.Boolean(),
  overrides: Type.Array(OverrideInput, { maxItems: 500, description: 'Replaces the whole list' }),
};

export const CreateCriterion = Type.Object(
  {
    code: fields.code, name: fields.name, description: Type.Optional(fields.description), unit: fields.unit,
    direction: fields.direction, target: fields.target, amberThreshold: fields.amberThreshold,
    weight: Type.Optional(fields.weight), mandatory: Type.Optional(fields.mandatory), scope: fields.scope,
    audience: Type.Optional(fields.audience), phase: fields.phase, trackingOnly: Type.Optional(fields.trackingOnly), overrides: Type.Optional(fields.overrides),
  },
  { additionalProperties: false },
);

export const UpdateCriterion = Type.Object(
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof fields]: ReturnType<typeof Type.Optional<(typeof fields)[K]>> },
  { additionalProperties: false, minProperties: 1 },
);

export const CriterionQuery = Type.Object({ phase: Type.Optional(Phase), ...ArchivedQuery, ...PageQuery }, { additionalProperties: false });

export type Criterion = Static<typeof Criterion>;
export type CreateCriterion = Static<typeof CreateCriterion>;
export type UpdateCriterion = Static<typeof UpdateCriterion>;
export type CriterionQuery = Static<typeof CriterionQuery>;
