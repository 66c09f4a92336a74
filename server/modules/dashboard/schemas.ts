import { Type, type Static } from 'typebox';
import { MoveWhy, PlanMoveOfItem } from '../../http/reasons.ts';
import { Id, IsoDate, MAX_OFFSET, NullableId, NullableIsoDate, StringEnum } from '../../http/schemas.ts';
import { BenefitsHeadline } from '../benefits/schemas.ts';
import { Audience } from '../features/schemas.ts';
import { ItemStatus, WaveStatus } from '../../http/plan-statuses.ts';
import { AgainstOriginal, BaselineRef, ProgressTotals } from '../progress/schemas.ts';
import { GateDecision, GateProposal } from '../gates/schemas.ts';

export const Rag = StringEnum(['red', 'amber', 'green'] as const);
const CriterionStatus = StringEnum(['met', 'at_risk', 'not_met', 'missing', 'not_due'] as const, {
  description: 'not_due: a ramp towards go-live has not reached its first step; neither counted nor coloured (docs/readiness.md)',
});
const Unit = Type.String();

export const CriterionResult = Type.Object({
  criterionId: Id,
  code: Type.String(),
  name: Type.String(),
  unit: Unit,
  direction: Type.String(),
  mandatory: Type.Boolean(),
  weight: Type.Number(),
  /** Absent in reports issued before tracking-only measures existed. */
  trackingOnly: Type.Optional(Type.Boolean({ description: 'Shown, never counted in the score, the RAG or a gate proposal' })),
  status: CriterionStatus,
  dueFrom: Type.Optional(IsoDate),
  value: Type.Union([Type.Number(), Type.Null()]),
  rawValue: Type.Union([Type.Number(), Type.Null()]),
  readingDate: NullableIsoDate,
  stale: Type.Boolean(),
  target: Type.Number(),
  amberThreshold: Type.Number(),
  gap: Type.Union([Type.Number(), Type.Null()]),
  since: NullableIsoDate,
  reason: Type.String(),
});

export const Evaluation = Type.Object({
  score: Type.Union([Type.Number(), Type.Null()]),
  rag: Rag,
  criteria: Type.Array(CriterionResult),
  reasons: Type.Array(Type.String()),
  /** Criteria whose ramp has not reached its first step (absent in reports issued before ramps existed). */
  notDue: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Criteria apply but none is due yet: "not yet due", not behind. */
  nothingDue: Type.Optional(Type.Boolean()),
});

export const Blocker = Type.Object({
  id: Id,
  description: Type.String(),
  owner: Type.String(),
  dueDate: NullableIsoDate,
  raisedOn: IsoDate,
  overdue: Type.Boolean(),
});

/**
 * The item against the original baseline, where another is in force: "on plan against v2; 133 days late against
 * v1" (docs/metrics.md, "Baselines"). Null when the baseline in force is the original.
 */
export const ItemAgainstOriginal = Type.Optional(Type.Union([
  Type.Object({ baselineGoLive: NullableIsoDate, slippageDays: Type.Union([Type.Integer(), Type.Null()]), slipState: Type.String() }),
  Type.Null(),
]));

/** One rollout item as the screens show it: plan, progress and readiness at a glance. */
export const ItemCard = Type.Object({
  itemId: Id,
  councilId: Id,
  councilName: Type.String(),
  councilCode: Type.String(),
  featureId: Id,
  featureName: Type.String(),
  audience: Audience,
  waveId: NullableId,
  waveName: Type.Union([Type.String(), Type.Null()]),
  status: ItemStatus,
  plannedGoLive: NullableIsoDate,
  baselineGoLive: NullableIsoDate,
  actualGoLive: NullableIsoDate,
  live: Type.Boolean(),
  overdue: Type.Boolean(),
  slippageDays: Type.Union([Type.Integer(), Type.Null()]),
  slipState: Type.String(),
  note: Type.String(),
  /** Why its date last moved (its own move, or its wave's); null when it never moved. */
  moved: Type.Optional(Type.Union([MoveWhy, Type.Null()])),
  original: ItemAgainstOriginal,
  /** Readiness before go-live; adoption after it. */
  rag: Rag,
  score: Type.Union([Type.Number(), Type.Null()]),
  reasons: Type.Array(Type.String()),
  openBlockers: Type.Integer(),
  gate: Type.Union([StringEnum(['go', 'no_go', 'go_override'] as const), Type.Null()]),
});

/** An item in the overview's lists: what those lists show, nothing more (the item's page has the rest). */
export const OverviewItem = Type.Object({
  itemId: Id,
  councilId: Id,
  councilName: Type.String(),
  featureName: Type.String(),
  waveId: NullableId,
  waveName: Type.Union([Type.String(), Type.Null()]),
  rag: Rag,
  plannedGoLive: NullableIsoDate,
  baselineGoLive: NullableIsoDate,
  actualGoLive: NullableIsoDate,
  overdue: Type.Boolean(),
  slippageDays: Type.Union([Type.Integer(), Type.Null()]),
  note: Type.String(),
  /** Why its date last moved (its own move, or its wave's); null when it never moved. */
  moved: Type.Optional(Type.Union([MoveWhy, Type.Null()])),
  original: ItemAgainstOriginal,
  reasons: Type.Array(Type.String()),
});

export const RagCounts = Type.Object({
  red: Type.Integer(), amber: Type.Integer(), green: Type.Integer(),
  /** Readiness only: items with criteria but none due yet on their ramp towards go-live, counted apart from amber (docs/readiness.md). */
  notYetDue: Type.Optional(Type.Integer({ minimum: 0 })),
});

const Percent = Type.Union([Type.Number(), Type.Null()]);
/** "Using" beside "switched on": take-up of the live items against its target (docs/metrics.md, "Take-up"). */
export const TakeUp = Type.Object({
  liveItems: Type.Integer({ description: 'Live items (cancelled ones left out)' }),
  measured: Type.Integer({ description: 'Live items with a current take-up reading' }),
  users: Type.Integer({ description: 'People who have used the feature, added up over the measured items' }),
  switchedOn: Type.Integer({ description: 'Staff each measured item is switched on for, added up the same way' }),
  percent: Type.Union([Type.Number(), Type.Null()], { description: 'users ÷ switchedOn, percent, one decimal' }),
  metTarget: Type.Integer({ description: 'Measured items at or beyond their take-up target' }),
  lowest: Percent,
  highest: Percent,
  target: Type.Union([Type.Number(), Type.Null()], { description: 'The take-up target (percent) when every measured item has the same one' }),
});

export const Win = Type.Object({
  id: Id,
  title: Type.String(),
  story: Type.String(),
  wonOn: IsoDate,
  councilId: Id,
  councilName: Type.String(),
  featureName: Type.Union([Type.String(), Type.Null()]),
  evidenceValue: Type.Union([Type.Number(), Type.Null()]),
  evidenceUnit: Type.String(),
  evidenceNote: Type.String(),
  published: Type.Boolean(),
});

export const AsOfQuery = Type.Object({ asOf: Type.Optional(IsoDate), baselineId: Type.Optional(Id) }, { additionalProperties: false });

/** Councils on a page of the overview's grid when the query names no number. */
export const OVERVIEW_COUNCILS_PER_PAGE = 10;

export const OverviewQuery = Type.Object(
  {
    asOf: Type.Optional(IsoDate),
    baselineId: Type.Optional(Id),
    councilLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: OVERVIEW_COUNCILS_PER_PAGE, description: 'Councils per page of the grid' })),
    councilOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
  },
  { additionalProperties: false },
);

/** One cell of the council × feature grid: just what the grid draws. */
export const GridCell = Type.Object({
  itemId: Id,
  councilId: Id,
  featureId: Id,
  status: ItemStatus,
  rag: Rag,
  live: Type.Boolean(),
});

/** Lists on the overview are capped; the totals say how many there are in all. */
export const OVERVIEW_LIST_CAP = 10;
/** Reasons shown per item in the overview's lists; the item's own page has them all. */
export const OVERVIEW_REASONS_CAP = 2;

export const Overview = Type.Object({
  asOf: IsoDate,
  baseline: BaselineRef,
  totals: ProgressTotals,
  /** The same against the original baseline where a re-baseline put another in force (docs/metrics.md, "Baselines"). */
  original: AgainstOriginal,
  /** Readiness RAG of items not yet live. */
  readiness: RagCounts,
  /** Adoption RAG of live items. */
  adoption: RagCounts,
  takeUp: TakeUp,
  itemsByStatus: Type.Record(Type.String(), Type.Integer()),
  /** The councils on this page of the grid, by name. */
  councils: Type.Array(Type.Object({ councilId: Id, name: Type.String(), code: Type.String(), staffHeadcount: Type.Integer() })),
  councilPage: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
  features: Type.Array(Type.Object({ featureId: Id, name: Type.String(), audience: Audience })),
  grid: Type.Array(GridCell),
  waves: Type.Array(Type.Object({
    waveId: Id, name: Type.String(), sequence: Type.Integer(), plannedGoLive: IsoDate, status: WaveStatus,
    baselineGoLive: NullableIsoDate, firstActualGoLive: NullableIsoDate, lastForecastGoLive: NullableIsoDate, totals: ProgressTotals,
  })),
  /** The latest items first; at most OVERVIEW_LIST_CAP (totals.slipped has the count). */
  slipped: Type.Array(OverviewItem),
  /** Where a re-baseline put another baseline in force: the items late against the original, latest first, at most OVERVIEW_LIST_CAP (original.totals.slipped has the count). */
  slippedAgainstOriginal: Type.Optional(Type.Array(OverviewItem)),
  /** Red items, at most OVERVIEW_LIST_CAP; redCount has the count. */
  red: Type.Array(OverviewItem),
  redCount: Type.Integer(),
  nextGoLives: Type.Array(OverviewItem),
  wins: Type.Array(Win),
  /** The benefits headline (docs/metrics.md): saved to date against the target, and take-up. */
  benefits: Type.Optional(BenefitsHeadline),
});

export const ItemReadinessView = Type.Object({
  asOf: IsoDate,
  item: ItemCard,
  readiness: Evaluation,
  adoption: Type.Union([Evaluation, Type.Null()]),
  eligibleStaff: Type.Integer(),
  blockers: Type.Array(Blocker),
  gate: Type.Object({ proposal: GateProposal, current: Type.Union([GateDecision, Type.Null()]) }),
  /** Every move of the item's date up to asOf, oldest first: its own and its wave's while it was in it, with who and why. */
  planMoves: Type.Optional(Type.Array(PlanMoveOfItem)),
});

export const CouncilSummary = Type.Object({
  asOf: IsoDate,
  council: Type.Object({ councilId: Id, name: Type.String(), code: Type.String(), staffHeadcount: Type.Integer(), managerHeadcount: Type.Integer() }),
  /** The baseline the totals are judged against: the one chosen (baselineId), else the one in force. */
  baseline: BaselineRef,
  totals: ProgressTotals,
  original: AgainstOriginal,
  readiness: RagCounts,
  takeUp: TakeUp,
  items: Type.Array(ItemCard),
  blockers: Type.Array(Type.Object({ ...Blocker.properties, itemId: Id, featureName: Type.String() })),
  wins: Type.Array(Win),
});

export const WaveQuery = Type.Object(
  {
    asOf: Type.Optional(IsoDate), baselineId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
  },
  { additionalProperties: false },
);

export const WaveSummary = Type.Object({
  asOf: IsoDate,
  /** The items on this page (by council name); totals and readiness count them all. */
  page: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
  wave: Type.Object({ waveId: Id, name: Type.String(), sequence: Type.Integer(), plannedGoLive: IsoDate, status: WaveStatus, description: Type.String() }),
  baseline: BaselineRef,
  totals: ProgressTotals,
  original: AgainstOriginal,
  readiness: RagCounts,
  /** What the wave's table shows of each item; the item's own page has the rest. */
  items: Type.Array(Type.Object({ ...OverviewItem.properties, status: ItemStatus, proposal: GateProposal, decision: Type.Union([GateDecision, Type.Null()]) })),
});

export const TrendQuery = Type.Object(
  {
    scope: StringEnum(['programme', 'council', 'wave', 'item'] as const),
    id: Type.Optional(Id),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const Trend = Type.Object({
  scope: Type.String(),
  id: NullableId,
  points: Type.Array(Type.Object({
    weekEnding: IsoDate,
    score: Type.Union([Type.Number(), Type.Null()]),
    rag: Rag,
    red: Type.Integer(),
    amber: Type.Integer(),
    green: Type.Integer(),
    live: Type.Integer(),
  })),
});

export type ItemCard = Static<typeof ItemCard>;
export type OverviewQuery = Static<typeof OverviewQuery>;
export type WaveQuery = Static<typeof WaveQuery>;
export type Win = Static<typeof Win>;
