import { Type, type Static } from 'typebox';
import {
  ACTION_STATUSES, PROGRAMME_RAGS, RAID_SCOPES, RAID_STATUSES, RAID_TYPES, RISK_PROXIMITIES, RISK_RESPONSES, RISK_TRENDS,
} from '../../db/schema.ts';
import { Id, Instant, IsoDate, NUMBER_LIMIT, NullableId, NullableIsoDate, PageQuery, PlainText, StringEnum, VisibleLine } from '../../http/schemas.ts';

export const RaidType = StringEnum(RAID_TYPES, { description: 'risk (may happen), assumption (taken as true, to be validated), issue (happening now), dependency (on other work, a supplier, a release)' });
export const RaidScope = StringEnum(RAID_SCOPES, { description: 'What the entry is about: the programme, a council, a wave, a feature, or one rollout item' });
export const RaidStatus = StringEnum(RAID_STATUSES, { description: 'open, or closed (the server records the day)' });
export const Proximity = StringEnum(RISK_PROXIMITIES, { description: 'How soon the risk could happen' });
export const Trend = StringEnum(RISK_TRENDS);
export const RiskResponse = StringEnum(RISK_RESPONSES, { description: 'avoid, reduce, accept or transfer' });
export const ActionStatus = StringEnum(ACTION_STATUSES, { description: 'open, done or cancelled (the server records the day it closed)' });
export const ProgrammeRag = StringEnum(PROGRAMME_RAGS, { description: 'on track, at risk or off track' });
const Score = Type.Integer({ minimum: 1, maximum: 5 });
const NullableScore = Type.Union([Score, Type.Null()]);
const Title = VisibleLine({ maxLength: 200, description: 'One line that says what it is' });
const Description = PlainText({ maxLength: 4000, description: 'Internal text: sponsors and share links see it only when the office marks the entry shareable' });
const ExternalName = VisibleLine({ maxLength: 120, description: 'A named contact outside the product (e.g. "Payroll supplier account manager")' });

/** Who owns an entry or an action: a user of the product, or a named external contact. */
export const Owner = Type.Object({
  userId: NullableId,
  name: Type.String({ description: "The user's display name, or the external contact's name" }),
  external: Type.Boolean(),
});

/** Owner fields in a request: exactly one of ownerUserId and ownerName. */
const OwnerInput = {
  ownerUserId: Type.Optional(Id),
  ownerName: Type.Optional(ExternalName),
};

/** Someone with an account who can own entries and actions (office staff and council leads). */
export const PossibleOwner = Type.Object({
  id: Id,
  name: Type.String(),
  role: StringEnum(['office', 'lead'] as const),
  councilIds: Type.Array(Id, { description: 'The councils a lead answers for; empty for the office' }),
}, { $id: 'PossibleOwner' });

/** A dependency entry's plan dependency (the timeline's) and whether the plan keeps it today. */
export const PlanDependencyLink = Type.Object({
  id: Id,
  label: Type.String({ description: 'What depends on what, in words' }),
  state: StringEnum(['kept', 'broken', 'not_judged'] as const, { description: 'kept: every check holds; broken: the plan breaks it; not_judged: no item it ties has a day yet' }),
  broken: Type.Array(Type.String(), { description: 'Each check the plan breaks, in words' }),
});

export const RaidEntry = Type.Object({
  id: Id,
  type: RaidType,
  scope: RaidScope,
  councilId: NullableId,
  councilName: Type.Union([Type.String(), Type.Null()]),
  waveId: NullableId,
  featureId: NullableId,
  itemId: NullableId,
  /** What the entry is about, in words ("Programme", "Northmoor County Council", "W2", "Eastbridge: Book leave"). */
  about: Type.String(),
  title: Type.String(),
  description: Type.String(),
  shareable: Type.Boolean(),
  owner: Owner,
  dueDate: IsoDate,
  status: RaidStatus,
  likelihood: NullableScore,
  impact: NullableScore,
  score: Type.Union([Type.Integer(), Type.Null()], { description: 'likelihood × impact, for risks' }),
  proximity: Type.Union([Proximity, Type.Null()]),
  trend: Type.Union([Trend, Type.Null()]),
  response: Type.Union([RiskResponse, Type.Null()]),
  validateBy: NullableIsoDate,
  raisedOn: IsoDate,
  closedOn: NullableIsoDate,
  overdue: Type.Boolean({ description: 'Open and past its due or review date (or an assumption past its validate-by date), as of today' }),
  openActions: Type.Integer(),
  legacyBlockerId: Type.Union([Id, Type.Null()], { description: 'The blocker this issue was before blockers moved into the RAID log (migration 0025); that history is part of this entry\'s' }),
  planDependency: Type.Union([PlanDependencyLink, Type.Null()], { description: 'For a dependency entry: the plan dependency it is about, if any' }),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
}, { $id: 'RaidEntry' });

export const CreateRaidEntry = Type.Object({
  type: RaidType,
  scope: RaidScope,
  councilId: Type.Optional(Id),
  waveId: Type.Optional(Id),
  featureId: Type.Optional(Id),
  itemId: Type.Optional(Id),
  title: Title,
  description: Type.Optional(Description),
  shareable: Type.Optional(Type.Boolean({ description: 'Only the programme office marks an entry shareable' })),
  ...OwnerInput,
  dueDate: IsoDate,
  likelihood: Type.Optional(Score),
  impact: Type.Optional(Score),
  proximity: Type.Optional(Proximity),
  trend: Type.Optional(Trend),
  response: Type.Optional(RiskResponse),
  validateBy: Type.Optional(IsoDate),
  planDependencyId: Type.Optional(Type.Integer({ minimum: 1, maximum: NUMBER_LIMIT, description: 'A dependency entry: the plan dependency (GET /api/dependencies) it is about' })),
}, { additionalProperties: false });

export const UpdateRaidEntry = Type.Object({
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  shareable: Type.Optional(Type.Boolean()),
  ...OwnerInput,
  dueDate: Type.Optional(IsoDate),
  status: Type.Optional(RaidStatus),
  likelihood: Type.Optional(Score),
  impact: Type.Optional(Score),
  proximity: Type.Optional(Proximity),
  trend: Type.Optional(Trend),
  response: Type.Optional(RiskResponse),
  validateBy: Type.Optional(IsoDate),
  planDependencyId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Link a dependency entry to a plan dependency, or null to unlink it' })),
}, { additionalProperties: false, minProperties: 1 });

export const RaidQuery = Type.Object({
  type: Type.Optional(RaidType),
  scope: Type.Optional(RaidScope),
  status: Type.Optional(RaidStatus),
  councilId: Type.Optional(Id),
  itemId: Type.Optional(Id),
  ...PageQuery,
}, { additionalProperties: false });

export const RaidAction = Type.Object({
  id: Id,
  title: Type.String(),
  owner: Owner,
  dueDate: IsoDate,
  status: ActionStatus,
  raisedOn: IsoDate,
  closedOn: NullableIsoDate,
  overdue: Type.Boolean({ description: 'Open and past its due date, as of today' }),
  councilId: NullableId,
  raidEntryId: NullableId,
  itemId: NullableId,
  gateDecisionId: NullableId,
  condition: Type.String({ description: 'The gate condition it discharges; empty otherwise' }),
  blockerId: NullableId,
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
}, { $id: 'RaidAction' });

export const CreateRaidAction = Type.Object({
  title: Title,
  ...OwnerInput,
  dueDate: IsoDate,
  raidEntryId: Type.Optional(Id),
  itemId: Type.Optional(Id),
  blockerId: Type.Optional(Id),
}, { additionalProperties: false });

export const UpdateRaidAction = Type.Object({
  title: Type.Optional(Title),
  ...OwnerInput,
  dueDate: Type.Optional(IsoDate),
  status: Type.Optional(ActionStatus),
}, { additionalProperties: false, minProperties: 1 });

export const ActionQuery = Type.Object({
  status: Type.Optional(ActionStatus),
  councilId: Type.Optional(Id),
  itemId: Type.Optional(Id),
  raidEntryId: Type.Optional(Id),
  ownerUserId: Type.Optional(Id),
  overdue: Type.Optional(Type.Boolean({ description: 'Only open actions past their due date' })),
  ...PageQuery,
}, { additionalProperties: false });

const CouncilStatus = Type.Object({
  councilId: Id,
  status: ProgrammeRag,
  commentary: PlainText({ maxLength: 2000 }),
}, { additionalProperties: false });

export const ProgrammeStatus = Type.Object({
  id: Id,
  period: Type.String({ description: 'The reporting period, a calendar month YYYY-MM' }),
  status: ProgrammeRag,
  commentary: Type.String(),
  decisionsNeeded: Type.String(),
  councils: Type.Array(Type.Object({ councilId: Id, councilName: Type.String(), status: ProgrammeRag, commentary: Type.String() })),
  recordedByName: Type.String(),
  locked: Type.Boolean({ description: "The period's board report has been issued: it can no longer change" }),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
}, { $id: 'ProgrammeStatus' });

const Period = Type.String({ pattern: '^(19|20|21)\\d\\d-(0[1-9]|1[0-2])$', description: 'A calendar month, YYYY-MM', examples: ['2026-11'] });

export const CreateProgrammeStatus = Type.Object({
  period: Period,
  status: ProgrammeRag,
  commentary: Type.Optional(PlainText({ maxLength: 4000 })),
  decisionsNeeded: Type.Optional(PlainText({ maxLength: 4000 })),
  councils: Type.Optional(Type.Array(CouncilStatus, { maxItems: 500 })),
}, { additionalProperties: false });

export const UpdateProgrammeStatus = Type.Object({
  status: Type.Optional(ProgrammeRag),
  commentary: Type.Optional(PlainText({ maxLength: 4000 })),
  decisionsNeeded: Type.Optional(PlainText({ maxLength: 4000 })),
  councils: Type.Optional(Type.Array(CouncilStatus, { maxItems: 500 })),
}, { additionalProperties: false, minProperties: 1 });

/** An action as the read models show it (what we are doing, overdue by owner). */
export const ActionCard = Type.Object({
  id: Id,
  title: Type.String(),
  owner: Type.String(),
  dueDate: IsoDate,
  status: ActionStatus,
  closedOn: NullableIsoDate,
  overdue: Type.Boolean(),
  condition: Type.Boolean({ description: 'It discharges a gate condition' }),
  shareable: Type.Boolean({ description: 'Its text may be shown through a share link (its RAID entry is marked shareable)' }),
});

export const ItemActions = Type.Object({
  itemId: Id,
  councilId: Id,
  councilName: Type.String(),
  featureName: Type.String(),
  waveName: Type.Union([Type.String(), Type.Null()]),
  rag: StringEnum(['red', 'amber', 'green'] as const),
  late: Type.Boolean({ description: 'Not live and behind the baseline or past its planned date' }),
  slippageDays: Type.Union([Type.Integer(), Type.Null()]),
  reasons: Type.Array(Type.String()),
  /** Open actions as of the day asked about; empty means nothing is being done ("none"). */
  actions: Type.Array(ActionCard),
  /** Actions closed as done in the period asked about (reports only; empty elsewhere). */
  doneInPeriod: Type.Array(ActionCard),
  /** Open gate-condition actions: the item stays flagged until they are done. */
  openConditions: Type.Integer(),
  summary: Type.String({ description: '"No action recorded" when nothing is open, else the number of open actions and their owners' }),
});

export const HeatMap = Type.Object({
  /** cells[likelihood - 1][impact - 1]: open risks in that cell. */
  cells: Type.Array(Type.Array(Type.Integer())),
  total: Type.Integer(),
});

export const RiskCard = Type.Object({
  id: Id,
  title: Type.String(),
  about: Type.String(),
  owner: Type.String(),
  likelihood: Type.Integer(),
  impact: Type.Integer(),
  score: Type.Integer(),
  trend: Type.Union([Trend, Type.Null()]),
  response: Type.Union([RiskResponse, Type.Null()]),
  dueDate: IsoDate,
  shareable: Type.Boolean(),
});

export const OwnerOverdue = Type.Object({
  owner: Type.String(),
  userId: NullableId,
  count: Type.Integer(),
  actions: Type.Array(ActionCard),
});

export const RaidSummary = Type.Object({
  asOf: IsoDate,
  councilId: NullableId,
  heatMap: HeatMap,
  topRisks: Type.Array(RiskCard),
  overdueByOwner: Type.Array(OwnerOverdue),
  whatWeAreDoing: Type.Array(ItemActions),
  /** Risks and assumptions past their review or validate-by date, and risks scoring at or above the escalation threshold. */
  escalations: Type.Array(Type.Object({ id: Id, type: RaidType, title: Type.String(), reason: Type.String() })),
  counts: Type.Object({ open: Type.Integer(), risks: Type.Integer(), assumptions: Type.Integer(), issues: Type.Integer(), dependencies: Type.Integer(), openActions: Type.Integer(), overdueActions: Type.Integer() }),
}, { $id: 'RaidSummary' });

/** The board report's section: the programme status heading it, and what we are doing about red and late items. */
export const RaidReportSection = Type.Object({
  status: Type.Union([ProgrammeStatus, Type.Null()], { description: "The period's programme status (else the latest before it); null when none is recorded" }),
  whatWeAreDoing: Type.Array(ItemActions),
  heatMap: HeatMap,
  topRisks: Type.Array(RiskCard),
  overdueByOwner: Type.Array(OwnerOverdue),
});

export const SummaryQuery = Type.Object({
  councilId: Type.Optional(Id),
  asOf: Type.Optional(IsoDate),
}, { additionalProperties: false });

export type RaidEntry = Static<typeof RaidEntry>;
export type PossibleOwner = Static<typeof PossibleOwner>;
export type CreateRaidEntry = Static<typeof CreateRaidEntry>;
export type UpdateRaidEntry = Static<typeof UpdateRaidEntry>;
export type RaidQuery = Static<typeof RaidQuery>;
export type RaidAction = Static<typeof RaidAction>;
export type CreateRaidAction = Static<typeof CreateRaidAction>;
export type UpdateRaidAction = Static<typeof UpdateRaidAction>;
export type ActionQuery = Static<typeof ActionQuery>;
export type ProgrammeStatus = Static<typeof ProgrammeStatus>;
export type CreateProgrammeStatus = Static<typeof CreateProgrammeStatus>;
export type UpdateProgrammeStatus = Static<typeof UpdateProgrammeStatus>;
export type ActionCard = Static<typeof ActionCard>;
export type ItemActions = Static<typeof ItemActions>;
export type RaidSummary = Static<typeof RaidSummary>;
export type RaidReportSection = Static<typeof RaidReportSection>;
