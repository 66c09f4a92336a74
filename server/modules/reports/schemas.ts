import { Type, type Static } from 'typebox';
import { RaidReportSection } from '../raid/schemas.ts';
import { Id, IsoDate, Name, NullableIsoDate, StringEnum } from '../../http/schemas.ts';
import { GATE_DECISIONS } from '../../db/schema.ts';
import { BenefitsHeadline } from '../benefits/schemas.ts';
import { VoiceBoardSection } from '../voice/schemas.ts';
import { AgainstOriginal, BaselineRef, ProgressTotals } from '../progress/schemas.ts';
import { ReasonCategory } from '../../http/reasons.ts';
import { GridCell, Overview, Rag, RagCounts, TakeUp, Win } from '../dashboard/schemas.ts';

export const BoardReportQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    baselineId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** An item named in the report: enough to find it, nothing private. */
const ReportItem = {
  itemId: Id,
  councilId: Id,
  councilName: Type.String(),
  featureName: Type.String(),
  waveName: Type.Union([Type.String(), Type.Null()]),
};

/** A move of the plan: a wave's date, or an item's wave or own date (docs/reports.md, "What changed"). */
export const PlanMoveRow = Type.Object({
  kind: StringEnum(['wave', 'item'] as const),
  itemId: Type.Union([Id, Type.Null()]),
  councilId: Type.Union([Id, Type.Null()]),
  councilName: Type.Union([Type.String(), Type.Null()]),
  featureName: Type.Union([Type.String(), Type.Null()]),
  waveId: Type.Union([Id, Type.Null()]),
  /** The wave moved, or the item's wave after the move. */
  waveName: Type.Union([Type.String(), Type.Null()]),
  fromWaveName: Type.Union([Type.String(), Type.Null()]),
  on: IsoDate,
  changedByName: Type.String(),
  fromDate: NullableIsoDate,
  toDate: NullableIsoDate,
  days: Type.Union([Type.Integer(), Type.Null()], { description: 'How far: days later (+) or earlier (-)' }),
  reasonCategory: Type.Union([ReasonCategory, Type.Null()]),
  reason: Type.String(),
});

/** The report's lists that can grow with the programme: each shows its first rows, and its full length is given. */
export const REPORT_LISTS = ['wentLive', 'slipped', 'colourChanged', 'gateDecisions', 'planMoves', 'blockers', 'goLives', 'whatWeAreDoing'] as const;
export const ReportListName = StringEnum(REPORT_LISTS, { description: 'A list of the board report' });
export type ReportListName = (typeof REPORT_LISTS)[number];

export const BoardReportListQuery = Type.Object(
  {
    ...BoardReportQuery.properties,
    key: Type.Optional(Type.String({ maxLength: 200, description: 'A share link token, for a download that cannot send headers' })),
  },
  { additionalProperties: false },
);

export const BoardReport = Type.Object({
  title: Type.String(),
  /**
   * Long lists show their first `shown` rows; `lengths` holds each list's full length, which its CSV carries in full
   * (absent from reports issued before lists were cut, whose lists are whole).
   */
  lists: Type.Optional(Type.Object({
    shown: Type.Integer({ description: 'The most rows a list shows' }),
    lengths: Type.Object({
      wentLive: Type.Integer(), slipped: Type.Integer(), colourChanged: Type.Integer(), gateDecisions: Type.Integer(),
      planMoves: Type.Integer(), blockers: Type.Integer(), goLives: Type.Integer(), whatWeAreDoing: Type.Integer(),
    }),
  })),
  period: Type.Object({ from: IsoDate, to: IsoDate, days: Type.Integer() }),
  baseline: BaselineRef,
  /** Progress against plan at the end of the period, and at its start for comparison. */
  headline: Type.Object({
    now: ProgressTotals, before: ProgressTotals, readiness: RagCounts, adoption: RagCounts,
    /** Take-up of the live items at the end of the period (absent from reports issued before it was reported). */
    takeUp: Type.Optional(TakeUp),
    /** At the end of the period against the original baseline, where a re-baseline put another in force (docs/metrics.md). */
    original: AgainstOriginal,
  }),
  waves: Overview.properties.waves,
  grid: Type.Object({
    councils: Type.Array(Type.Object({ councilId: Id, name: Type.String(), code: Type.String() })),
    features: Type.Array(Type.Object({ featureId: Id, name: Type.String() })),
    cells: Type.Array(GridCell),
  }),
  changes: Type.Object({
    wentLive: Type.Array(Type.Object({ ...ReportItem, actualGoLive: IsoDate, baselineGoLive: NullableIsoDate, slippageDays: Type.Union([Type.Integer(), Type.Null()]) })),
    slipped: Type.Array(Type.Object({
      ...ReportItem, baselineGoLive: NullableIsoDate, forecastGoLive: NullableIsoDate,
      slippageBefore: Type.Integer(), slippageNow: Type.Integer(), note: Type.String(),
      /** Why its date last moved (absent from reports issued before reasons were kept). */
      reasonCategory: Type.Optional(Type.Union([ReasonCategory, Type.Null()])), reason: Type.Optional(Type.String()),
    })),
    /** Every move of the plan in the period, who, when, how far and why (absent from reports issued before plan history). */
    planMoves: Type.Optional(Type.Array(PlanMoveRow)),
    /** Baselines approved in the period: a re-baseline is named, with its approver and reason. */
    baselinesApproved: Type.Optional(Type.Array(Type.Object({
      id: Id, name: Type.String(), approvedBy: Type.String(), approvedOn: IsoDate, reasonCategory: Type.Union([ReasonCategory, Type.Null()]), reason: Type.String(),
      note: Type.String(), rebaseline: Type.Boolean({ description: 'An earlier baseline existed: the plan was re-baselined' }),
    }))),
    colourChanged: Type.Array(Type.Object({ ...ReportItem, before: Rag, now: Rag, reasons: Type.Array(Type.String()) })),
    gateDecisions: Type.Array(Type.Object({
      ...ReportItem, decision: StringEnum(GATE_DECISIONS), proposed: StringEnum(['go', 'no_go'] as const), reason: Type.String(),
      decidedOn: IsoDate, decidedByName: Type.String(),
    })),
  }),
  wins: Type.Array(Win),
  blockers: Type.Array(Type.Object({
    ...ReportItem, description: Type.String(), owner: Type.String(), raisedOn: IsoDate, dueDate: NullableIsoDate, overdue: Type.Boolean(),
  })),
  next: Type.Object({
    from: IsoDate,
    to: IsoDate,
    goLives: Type.Array(Type.Object({ ...ReportItem, plannedGoLive: IsoDate, rag: Rag })),
  }),
  /** Communications and staff questions in the period (absent from reports issued before it was added). */
  engagement: Type.Optional(Type.Object({
    activitiesDone: Type.Integer(),
    peopleReached: Type.Integer(),
    activitiesNext: Type.Integer(),
    overdueActivities: Type.Array(Type.Object({ id: Id, title: Type.String(), channel: Type.String(), date: IsoDate, councils: Type.Array(Type.String()), waveName: Type.String() })),
    overdueActivityCount: Type.Integer(),
    // Counted from the whole question log: null for sponsors and share links (docs/security.md).
    questionsRaised: Type.Union([Type.Integer(), Type.Null()]),
    questionsAnswered: Type.Union([Type.Integer(), Type.Null()]),
    answeredWithinTarget: Type.Union([Type.Integer(), Type.Null()]),
    openPastTarget: Type.Union([Type.Integer(), Type.Null()]),
    faqsPublished: Type.Integer(),
    answerTargetWorkingDays: Type.Integer(),
  })),
  /** The programme status and the RAID picture: what we are doing about red and late items (absent from reports issued before it was added); docs/raid.md. */
  raid: Type.Optional(RaidReportSection),
  /** Benefits at the start and the end of the period (absent from reports issued before it was added); docs/benefits.md. */
  benefits: Type.Optional(Type.Object({
    before: BenefitsHeadline,
    now: BenefitsHeadline,
    savedInPeriodPence: Type.Union([Type.Integer(), Type.Null()], { description: 'Saved to date at the end less at the start; null without a measured saving' }),
  })),
  /** Staff voice: each council's latest pulse round by the end of the period, under the threshold (absent from reports issued before it was added). */
  voice: Type.Optional(VoiceBoardSection),
});

export const IssueBoardReport = Type.Object(
  { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate), baselineId: Type.Optional(Id), title: Type.Optional(Name) },
  { additionalProperties: false },
);

export const IssuedReportSummary = Type.Object({
  id: Id, title: Type.String(), periodFrom: IsoDate, periodTo: IsoDate, issuedByName: Type.String(), issuedAt: Type.String(),
});

export const IssuedReport = Type.Object({ ...IssuedReportSummary.properties, report: BoardReport });

export type BoardReport = Static<typeof BoardReport>;
export type BoardReportQuery = Static<typeof BoardReportQuery>;
export type BoardReportListQuery = Static<typeof BoardReportListQuery>;
export type PlanMoveRow = Static<typeof PlanMoveRow>;
