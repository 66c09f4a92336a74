import { Type, type Static } from 'typebox';
import { SLIP_STATES } from '../../domain/progress.ts';
import { Id, IsoDate, NullableId, NullableIsoDate, PageQuery, StringEnum } from '../../http/schemas.ts';
import { Audience } from '../features/schemas.ts';
import { ItemStatus, WaveStatus } from '../../http/plan-statuses.ts';

const SlipState = StringEnum(SLIP_STATES);

export const ProgressTotals = Type.Object({
  items: Type.Integer(),
  plannedLive: Type.Integer({ description: 'Items the baseline planned to be live by asOf' }),
  live: Type.Integer({ description: 'Items actually live by asOf' }),
  liveOfPlanned: Type.Integer({ description: 'Planned items that are live' }),
  overdue: Type.Integer(),
  slipped: Type.Integer(),
  totalSlippageDays: Type.Integer(),
  maxSlippageDays: Type.Integer(),
  staffReached: Type.Integer({ description: 'Staff switched on: people with at least one feature live for them (not people using it: see takeUp on the overview; docs/metrics.md)' }),
  staffInScope: Type.Integer({ description: 'People in scope of at least one planned feature' }),
});

export const BaselineRef = Type.Union([
  Type.Object({ id: Id, name: Type.String(), approvedAt: Type.String() }),
  Type.Null(),
]);

const AsOf = Type.Optional(IsoDate);

/**
 * The same totals against the original baseline, where the baseline in force is not the original (a re-baseline
 * never hides slippage; docs/metrics.md, "Baselines"). Null when they are the same baseline.
 */
export const AgainstOriginal = Type.Optional(Type.Union([
  Type.Object({ baseline: Type.Object({ id: Id, name: Type.String(), approvedAt: Type.String() }), totals: ProgressTotals }),
  Type.Null(),
]));

export const ProgressQuery = Type.Object(
  { asOf: AsOf, baselineId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const ProgressSummary = Type.Object({
  asOf: IsoDate,
  baseline: BaselineRef,
  totals: ProgressTotals,
  original: AgainstOriginal,
  waves: Type.Array(Type.Object({
    waveId: NullableId,
    name: Type.String(),
    sequence: Type.Union([Type.Integer(), Type.Null()]),
    plannedGoLive: NullableIsoDate,
    status: Type.Union([WaveStatus, Type.Null()]),
    totals: ProgressTotals,
  })),
  councils: Type.Array(Type.Object({
    councilId: Id,
    name: Type.String(),
    code: Type.String(),
    staffHeadcount: Type.Integer(),
    totals: ProgressTotals,
  })),
  features: Type.Array(Type.Object({
    featureId: Id,
    name: Type.String(),
    audience: Audience,
    items: Type.Integer(),
    live: Type.Integer(),
    staffReached: Type.Integer({ description: 'Sum over councils of the audience reached' }),
    staffEligible: Type.Integer(),
  })),
});

export const ItemProgressQuery = Type.Object(
  {
    asOf: AsOf,
    baselineId: Type.Optional(Id),
    councilId: Type.Optional(Id),
    featureId: Type.Optional(Id),
    waveId: Type.Optional(Id),
    slipState: Type.Optional(SlipState),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ItemProgressRow = Type.Object({
  itemId: Id,
  councilId: Id,
  councilName: Type.String(),
  featureId: Id,
  featureName: Type.String(),
  waveId: NullableId,
  waveName: Type.Union([Type.String(), Type.Null()]),
  status: ItemStatus,
  baselineGoLive: NullableIsoDate,
  plannedGoLive: NullableIsoDate,
  actualGoLive: NullableIsoDate,
  forecastGoLive: NullableIsoDate,
  live: Type.Boolean(),
  plannedLive: Type.Boolean(),
  overdue: Type.Boolean(),
  slippageDays: Type.Union([Type.Integer(), Type.Null()]),
  slipState: SlipState,
  eligibleStaff: Type.Integer(),
});

export const ItemProgressPage = Type.Object({
  asOf: IsoDate,
  baseline: BaselineRef,
  data: Type.Array(ItemProgressRow),
  page: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
});

export type ProgressQuery = Static<typeof ProgressQuery>;
export type ProgressSummary = Static<typeof ProgressSummary>;
export type ItemProgressQuery = Static<typeof ItemProgressQuery>;
export type ItemProgressRow = Static<typeof ItemProgressRow>;
export type ItemProgressPage = Static<typeof ItemProgressPage>;
