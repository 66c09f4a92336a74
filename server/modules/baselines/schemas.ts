import { Type, type Static } from 'typebox';
import { Id, Instant, Name, NullableId, NullableIsoDate, PageQuery, PlainText, VisibleLine } from '../../http/schemas.ts';
import { ItemStatus } from '../items/schemas.ts';
import { ReasonCategory, ReasonFields } from '../progress/reason-schemas.ts';

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

export type Baseline = Static<typeof Baseline>;
export type BaselineDetail = Static<typeof BaselineDetail>;
export type ApproveBaseline = Static<typeof ApproveBaseline>;
export type BaselineQuery = Static<typeof BaselineQuery>;
