import { Type, type Static } from 'typebox';
import { ITEM_STATUSES, MILESTONE_KINDS, REGIONS, WAVE_STATUSES } from '../../db/schema.ts';
import { Id, IsoDate, NullableId, NullableIsoDate, StringEnum } from '../../http/schemas.ts';
import { OverBooked } from './schemas.ts';
import { DependencyCheck } from './schemas.ts';

export const TimelineQuery = Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false });

export const Timeline = Type.Object({
  today: IsoDate,
  from: IsoDate,
  to: IsoDate,
  baselineId: NullableId,
  dependencyRule: StringEnum(['warn', 'refuse'] as const),
  councils: Type.Array(Type.Object({
    id: Id, name: Type.String(), region: StringEnum(REGIONS),
    items: Type.Array(Type.Object({
      itemId: Id, featureId: Id, featureName: Type.String(), waveId: NullableId, status: StringEnum(ITEM_STATUSES),
      plannedGoLive: NullableIsoDate, baselineGoLive: NullableIsoDate, actualGoLive: NullableIsoDate,
      slippageDays: Type.Union([Type.Integer(), Type.Null()], { description: 'Calendar days later (+) than the baseline' }),
      clashes: Type.Array(Type.String(), { description: 'Bank holidays and blackouts the planned go-live falls on' }),
      brokenDependencies: Type.Integer(),
    })),
  })),
  waves: Type.Array(Type.Object({ id: Id, name: Type.String(), status: StringEnum(WAVE_STATUSES), plannedGoLive: IsoDate, gateReview: IsoDate })),
  periods: Type.Array(Type.Object({
    kind: StringEnum(['holiday', 'blackout'] as const), name: Type.String(), from: IsoDate, to: IsoDate,
    councilId: Type.Union([Id, Type.Null()], { description: 'A blackout of one council; null: all' }),
    region: Type.Union([StringEnum(REGIONS), Type.Null()], { description: 'The nation of a bank holiday' }),
  })),
  milestones: Type.Array(Type.Object({ id: Id, name: Type.String(), kind: StringEnum(MILESTONE_KINDS), onDay: IsoDate })),
  dependencies: Type.Array(DependencyCheck),
  overBooked: Type.Array(OverBooked, { description: 'Weeks where a council\'s trainers or floorwalkers are over-booked (where capacities are set)' }),
}, { $id: 'Timeline' });

export type Timeline = Static<typeof Timeline>;
export type TimelineQuery = Static<typeof TimelineQuery>;
