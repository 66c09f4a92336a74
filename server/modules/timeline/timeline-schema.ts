import { Type, type Static } from 'typebox';
import { ITEM_STATUSES, MILESTONE_KINDS, REGIONS, WAVE_STATUSES } from '../../db/schema.ts';
import { Id, IsoDate, NullableId, NullableIsoDate, PageInfo, StringEnum, councilPaging } from '../../http/schemas.ts';
import { OverBooked } from './schemas.ts';
import { DependencyCheck } from './schemas.ts';

/** Councils per page of the timeline unless asked: a first screen's worth, a small reply at 400 councils. */
export const TIMELINE_COUNCILS_PER_PAGE = 50;

export const TimelineQuery = Type.Object({
  from: Type.Optional(IsoDate), to: Type.Optional(IsoDate), ...councilPaging(TIMELINE_COUNCILS_PER_PAGE),
}, { additionalProperties: false });

export const Timeline = Type.Object({
  today: IsoDate,
  from: IsoDate,
  to: IsoDate,
  baselineId: NullableId,
  dependencyRule: StringEnum(['warn', 'refuse'] as const),
  /** Where this page of councils sits among all the councils with items. */
  councilPage: PageInfo,
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
  /** Bank holidays of the regions of the councils on this page, and blackouts of every council or of one on this page. */
  periods: Type.Array(Type.Object({
    kind: StringEnum(['holiday', 'blackout'] as const), name: Type.String(), from: IsoDate, to: IsoDate,
    councilId: Type.Union([Id, Type.Null()], { description: 'A blackout of one council; null: all' }),
    region: Type.Union([StringEnum(REGIONS), Type.Null()], { description: 'The nation of a bank holiday' }),
  })),
  milestones: Type.Array(Type.Object({ id: Id, name: Type.String(), kind: StringEnum(MILESTONE_KINDS), onDay: IsoDate })),
  dependencies: Type.Array(DependencyCheck, { description: 'The dependency checks either end of which is an item of a council on this page' }),
  overBooked: Type.Array(OverBooked, { description: 'Weeks where a council on this page has its trainers or floorwalkers over-booked (where capacities are set)' }),
}, { $id: 'Timeline' });

export type Timeline = Static<typeof Timeline>;
export type TimelineQuery = Static<typeof TimelineQuery>;

/** The page asked for, with the defaults. */
export const paging = (q: TimelineQuery) => ({ offset: q.councilOffset ?? 0, limit: q.councilLimit ?? TIMELINE_COUNCILS_PER_PAGE });
