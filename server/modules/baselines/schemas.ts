import { Type, type Static } from 'typebox';
import { Id, Instant, IsoDate, Name, NullableId, NullableIsoDate, PageQuery, PlainText, StringEnum, VisibleLine } from '../../http/schemas.ts';
import { ItemStatus } from '../../http/plan-statuses.ts';
import { ReasonCategory, ReasonFields } from '../../http/reasons.ts';

export const Baseline = Type.Object(
  {
    id: Id,
    name: Type.String(),
    note: Type.String(),
    approvedBy: Type.String(),
    approvedAt: Instant,
    /** Why it was approved; null on baselines approved before reasons were asked. */
    reasonCategory: Type.Union([ReasonCategory, Type.Null()]),
    reason: Type.String(),
    itemCount: Type.Integer(),
  },
  { $id: 'Baseline' },
);

export const BaselineItem = Type.Object({
  itemId: Id,
  councilId: Id,
  featureId: Id,
  waveId: NullableId,
  plannedGoLive: NullableIsoDate,
  status: ItemStatus,
});

export const BaselineDetail = Type.Object({ ...Baseline.properties, items: Type.Array(BaselineItem) });

export const ApproveBaseline = Type.Object(
  {
    name: Name,
    note: Type.Optional(PlainText({ maxLength: 2000 })),
    approvedBy: Type.Optional(VisibleLine({ maxLength: 120, description: 'Who approved the plan, e.g. the programme board; defaults to you' })),
    /** Needed when a baseline already exists: a re-baseline is a controlled change (docs/metrics.md, "Baselines"). */
    ...ReasonFields,
  },
  { additionalProperties: false },
);

export const BaselineQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const CompareQuery = Type.Object({
  base: Type.Optional(Id),
  against: Type.Optional(Id),
}, { additionalProperties: false, description: 'base: a baseline (default the one in force today); against: a baseline, or omitted for the current plan (the preview of approving it now)' });

const BaselineRef = Type.Object({
  id: Id, name: Type.String(), approvedAt: Instant, approvedBy: Type.String(),
  reasonCategory: Type.Union([ReasonCategory, Type.Null()]), reason: Type.String(),
});
const Late = Type.Object({ slipped: Type.Integer({ description: 'Items late as of today' }), days: Type.Integer({ description: 'Their days late, summed' }) });
const NullableDays = Type.Union([Type.Integer(), Type.Null()]);

/** Two plans side by side: what moves, item by item and wave by wave, and the slippage each shows (docs/metrics.md). */
export const BaselineComparison = Type.Object({
  asOf: IsoDate,
  base: BaselineRef,
  /** Null: the current plan, as a baseline approved now would freeze it. */
  against: Type.Union([BaselineRef, Type.Null()]),
  summary: Type.Object({
    compared: Type.Integer(), unchanged: Type.Integer(), moved: Type.Integer(), later: Type.Integer(), earlier: Type.Integer(),
    added: Type.Integer(), removed: Type.Integer(), changedWave: Type.Integer(), changedStatus: Type.Integer(), wavesMoved: Type.Integer(),
    lateAgainstBase: Late,
    lateAgainstNew: Late,
    absorbedDays: Type.Integer({ description: 'Days of lateness, as of today, that the newer plan no longer shows' }),
  }),
  waves: Type.Array(Type.Object({ waveId: Id, name: Type.String(), baseDate: NullableIsoDate, againstDate: NullableIsoDate, days: NullableDays })),
  /** The items that differ, the furthest moved first. */
  items: Type.Array(Type.Object({
    itemId: Id, councilName: Type.String(), featureName: Type.String(),
    change: StringEnum(['moved', 'wave', 'status', 'added', 'removed'] as const),
    baseWave: Type.Union([Type.String(), Type.Null()]), againstWave: Type.Union([Type.String(), Type.Null()]),
    baseDate: NullableIsoDate, againstDate: NullableIsoDate, days: NullableDays,
    baseStatus: Type.Union([ItemStatus, Type.Null()]), againstStatus: Type.Union([ItemStatus, Type.Null()]),
    lateAgainstBase: NullableDays, lateAgainstNew: NullableDays,
  })),
});
export type CompareQuery = Static<typeof CompareQuery>;
export type BaselineComparison = Static<typeof BaselineComparison>;

export type Baseline = Static<typeof Baseline>;
export type BaselineDetail = Static<typeof BaselineDetail>;
export type ApproveBaseline = Static<typeof ApproveBaseline>;
export type BaselineQuery = Static<typeof BaselineQuery>;
