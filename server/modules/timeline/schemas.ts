import { Type, type Static } from 'typebox';
import { BLACKOUT_KINDS, DEPENDENCY_KINDS, MILESTONE_KINDS, REGIONS } from '../../db/schema.ts';
import { Id, Instant, IsoDate, LongText, Name, NullableId, NullableIsoDate, PageQuery, StringEnum } from '../../http/schemas.ts';

/** A council's week where planned go-lives need more trainers or floorwalkers than it has (capacity.ts). */
export const OverBooked = Type.Object({
  councilId: Id,
  councilName: Type.String(),
  /** Monday of the week. */
  week: IsoDate,
  kind: Type.Union([Type.Literal('trainers'), Type.Literal('floorwalkers')]),
  needed: Type.Integer(),
  capacity: Type.Integer(),
  itemIds: Type.Array(Id, { description: 'The go-lives whose needs fall in the week' }),
  description: Type.String(),
});
export type OverBooked = Static<typeof OverBooked>;

const Lag = Type.Integer({ minimum: 0, maximum: 250, description: 'Working days the later one waits after the earlier one (0: the same day is allowed)' });

// ---- Blackouts --------------------------------------------------------------------------------------------------
export const Blackout = Type.Object({
  id: Id, name: Type.String(), kind: StringEnum(BLACKOUT_KINDS), councilId: NullableId, startsOn: IsoDate, endsOn: IsoDate,
  repeatsMonthly: Type.Boolean(), repeatsUntil: NullableIsoDate, note: Type.String(),
  version: Type.Integer(), createdAt: Instant, updatedAt: Instant,
}, { $id: 'Blackout' });
const blackoutFields = {
  name: Name, kind: StringEnum(BLACKOUT_KINDS),
  councilId: Type.Union([Id, Type.Null()], { description: 'Null: every council' }),
  startsOn: IsoDate, endsOn: IsoDate,
  repeatsMonthly: Type.Boolean({ description: 'The same days of the month again every month (within one month: e.g. the 20th to the 25th)' }),
  repeatsUntil: Type.Union([IsoDate, Type.Null()], { description: 'Last day a monthly blackout repeats to; null: indefinitely' }),
  note: LongText,
};
export const CreateBlackout = Type.Object({
  name: blackoutFields.name, kind: blackoutFields.kind, startsOn: blackoutFields.startsOn, endsOn: blackoutFields.endsOn,
  councilId: Type.Optional(blackoutFields.councilId), repeatsMonthly: Type.Optional(blackoutFields.repeatsMonthly),
  repeatsUntil: Type.Optional(blackoutFields.repeatsUntil), note: Type.Optional(blackoutFields.note),
}, { additionalProperties: false });
export const UpdateBlackout = Type.Partial(Type.Object(blackoutFields), { additionalProperties: false, minProperties: 1 });
export const BlackoutQuery = Type.Object({ councilId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false });

// ---- Milestones -------------------------------------------------------------------------------------------------
export const Milestone = Type.Object({
  id: Id, name: Type.String(), kind: StringEnum(MILESTONE_KINDS), onDay: IsoDate, note: Type.String(),
  version: Type.Integer(), createdAt: Instant, updatedAt: Instant,
}, { $id: 'Milestone' });
const milestoneFields = { name: Name, kind: StringEnum(MILESTONE_KINDS), onDay: IsoDate, note: LongText };
export const CreateMilestone = Type.Object({ ...milestoneFields, note: Type.Optional(LongText) }, { additionalProperties: false });
export const UpdateMilestone = Type.Partial(Type.Object(milestoneFields), { additionalProperties: false, minProperties: 1 });
export const MilestoneQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

// ---- Dependencies -----------------------------------------------------------------------------------------------
export const DependencyCheck = Type.Object({
  dependencyId: Id,
  /** The item that must wait, and the one (or the milestone) it waits for. */
  afterItemId: Id,
  beforeItemId: NullableId,
  milestoneId: NullableId,
  afterDay: IsoDate,
  beforeDay: IsoDate,
  earliestAllowed: IsoDate,
  broken: Type.Boolean(),
  /** Working days short of the earliest allowed day (0 when kept). */
  shortBy: Type.Integer(),
  description: Type.String({ description: 'The dependency in words, naming both ends and the days' }),
});

export const Dependency = Type.Object({
  id: Id, kind: StringEnum(DEPENDENCY_KINDS),
  beforeFeatureId: NullableId, beforeItemId: NullableId, milestoneId: NullableId, afterFeatureId: NullableId, afterItemId: NullableId,
  lagWorkingDays: Type.Integer(), note: Type.String(),
  label: Type.String({ description: 'What depends on what, in words' }),
  broken: Type.Array(DependencyCheck, { description: 'Where the plan breaks it now' }),
  raidEntries: Type.Array(Type.Object({
    id: Id, title: Type.String(), status: StringEnum(['open', 'closed'] as const), councilId: NullableId,
  }), { description: 'The RAID log entries (dependencies) that name this plan dependency (docs/raid.md, "Dependencies on the plan")' }),
  version: Type.Integer(), createdAt: Instant, updatedAt: Instant,
}, { $id: 'Dependency' });
export const CreateDependency = Type.Object({
  kind: StringEnum(DEPENDENCY_KINDS),
  beforeFeatureId: Type.Optional(Id), beforeItemId: Type.Optional(Id), milestoneId: Type.Optional(Id),
  afterFeatureId: Type.Optional(Id), afterItemId: Type.Optional(Id),
  lagWorkingDays: Type.Optional(Lag), note: Type.Optional(LongText),
}, { additionalProperties: false, description: 'feature: beforeFeatureId and afterFeatureId; item: beforeItemId and afterItemId; milestone: milestoneId and afterFeatureId or afterItemId' });
export const UpdateDependency = Type.Object({ lagWorkingDays: Type.Optional(Lag), note: Type.Optional(LongText) }, { additionalProperties: false, minProperties: 1 });
export const DependencyQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

// ---- Constraint clashes and the preview -------------------------------------------------------------------------
export const Clash = Type.Object({
  what: StringEnum(['item', 'activity', 'gate_review'] as const),
  id: Id,
  label: Type.String(),
  day: IsoDate,
  reason: Type.String({ description: 'The bank holiday or blackout the day falls on' }),
});

const Moved = Type.Object({
  id: Id, label: Type.String(), before: IsoDate, after: IsoDate,
  holiday: Type.Union([Type.String(), Type.Null()], { description: 'The bank holiday the new day falls on, if any' }),
  inPast: Type.Boolean({ description: 'The new day is before today' }),
});

export const Impact = Type.Object({
  applied: Type.Boolean({ description: 'false for a preview: nothing was stored' }),
  today: IsoDate,
  baselineId: NullableId,
  itemsMoved: Type.Integer(),
  lateItems: Type.Array(Type.Object({
    itemId: Id, label: Type.String(), baselineGoLive: IsoDate, before: NullableIsoDate, after: IsoDate,
    lateByDays: Type.Integer({ description: 'Calendar days later than the baseline after the change' }),
    wasLateByDays: Type.Integer({ description: 'Calendar days later than the baseline before it (0: on plan or early)' }),
  }), { description: 'Items late against the baseline after the change that were not, or were less, before' }),
  dependenciesBroken: Type.Array(DependencyCheck, { description: 'Broken by the change (kept before it)' }),
  dependenciesMended: Type.Array(DependencyCheck, { description: 'Broken before, kept after' }),
  clashes: Type.Array(Clash, { description: 'Go-lives, activities and gate reviews the change puts on a bank holiday or in a blackout' }),
  activitiesMoved: Type.Array(Moved),
  gateReviewsMoved: Type.Array(Moved),
  overBooked: Type.Array(OverBooked, { description: 'Weeks where a council\'s trainers or floorwalkers are over-booked after the change and were not, or less, before (where capacities are set)' }),
  refused: Type.Union([Type.String(), Type.Null()], { description: 'Why applying would be refused under the programme\'s dependency rule, or null' }),
}, { $id: 'Impact' });

export type Blackout = Static<typeof Blackout>;
export type CreateBlackout = Static<typeof CreateBlackout>;
export type UpdateBlackout = Static<typeof UpdateBlackout>;
export type BlackoutQuery = Static<typeof BlackoutQuery>;
export type Milestone = Static<typeof Milestone>;
export type CreateMilestone = Static<typeof CreateMilestone>;
export type UpdateMilestone = Static<typeof UpdateMilestone>;
export type MilestoneQuery = Static<typeof MilestoneQuery>;
export type Dependency = Static<typeof Dependency>;
export type DependencyCheck = Static<typeof DependencyCheck>;
export type CreateDependency = Static<typeof CreateDependency>;
export type UpdateDependency = Static<typeof UpdateDependency>;
export type DependencyQuery = Static<typeof DependencyQuery>;
export type Clash = Static<typeof Clash>;
export type Impact = Static<typeof Impact>;
export { REGIONS };
