import { Type, type Static } from 'typebox';
import { BENEFIT_MEASURES, BENEFIT_STATUSES, CHANNELS } from '../../db/schema.ts';
import { Code, Id, Instant, IsoDate, LongText, Name, NullableId, PageInfo, PageQuery, StringEnum, councilPaging } from '../../http/schemas.ts';

/** Money in the API is whole pence, as stored: £3.76 is 376. */
export const Pence = Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'Whole pence, e.g. 376 for £3.76' });
const SignedPence = Type.Integer({ description: 'Whole pence; negative is a cost rather than a saving' });
const NullablePence = Type.Union([SignedPence, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A calendar month, YYYY-MM', examples: ['2026-09'] });
export const Channel = StringEnum(CHANNELS, { description: 'paper, email, phone, face_to_face, online (self-service), assisted (assisted digital)' });
const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 });
const NullableCount = Type.Union([Count, Type.Null()]);
const Source = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'Where the figure comes from' });

/** Counts by channel; a channel left out or null was not reported. */
export const VolumesInput = Type.Object(
  Object.fromEntries(CHANNELS.map((c) => [c, Type.Optional(NullableCount)])) as Record<(typeof CHANNELS)[number], ReturnType<typeof Type.Optional<typeof NullableCount>>>,
  { additionalProperties: false, minProperties: 1 },
);
export const Volumes = Type.Object(Object.fromEntries(CHANNELS.map((c) => [c, NullableCount])) as Record<(typeof CHANNELS)[number], typeof NullableCount>);

const tracking = { version: Type.Integer(), createdAt: Instant, updatedAt: Instant };

// Transaction types -----------------------------------------------------------------------------------------

export const TransactionType = Type.Object({
  id: Id, featureId: Id, featureName: Type.String(), code: Type.String(), name: Type.String(),
  channels: Type.Array(Channel, { description: 'The channels it can arrive by' }), ...tracking,
});
const Channels = Type.Array(Channel, { minItems: 1, maxItems: CHANNELS.length, uniqueItems: true });
export const CreateTransactionType = Type.Object({ featureId: Id, code: Code, name: Name, channels: Channels }, { additionalProperties: false });
export const UpdateTransactionType = Type.Object(
  { featureId: Type.Optional(Id), code: Type.Optional(Code), name: Type.Optional(Name), channels: Type.Optional(Channels) },
  { additionalProperties: false, minProperties: 1 },
);
export const TransactionTypeQuery = Type.Object({ featureId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false });

// Unit costs ------------------------------------------------------------------------------------------------

export const UnitCost = Type.Object({
  id: Id,
  councilId: NullableId, councilName: Type.Union([Type.String(), Type.Null()], { description: 'Null: the programme default' }),
  transactionTypeId: NullableId, transactionTypeName: Type.Union([Type.String(), Type.Null()], { description: 'Null: every transaction type' }),
  channel: Channel, costPence: Pence,
  cashable: Type.Boolean({ description: 'Fewer contacts by this channel remove budget, rather than free staff time' }),
  indicative: Type.Boolean({ description: 'A published benchmark or an assumption, to be replaced by your own figure' }),
  source: Type.String(), sourceDate: IsoDate, ...tracking,
});
export const CreateUnitCost = Type.Object({
  councilId: Type.Optional(NullableId), transactionTypeId: Type.Optional(NullableId), channel: Channel, costPence: Pence,
  cashable: Type.Optional(Type.Boolean()), indicative: Type.Optional(Type.Boolean()), source: Source, sourceDate: IsoDate,
}, { additionalProperties: false });
export const UpdateUnitCost = Type.Object({
  councilId: Type.Optional(NullableId), transactionTypeId: Type.Optional(NullableId), channel: Type.Optional(Channel), costPence: Type.Optional(Pence),
  cashable: Type.Optional(Type.Boolean()), indicative: Type.Optional(Type.Boolean()), source: Type.Optional(Source), sourceDate: Type.Optional(IsoDate),
}, { additionalProperties: false, minProperties: 1 });
export const UnitCostQuery = Type.Object({ councilId: Type.Optional(Id), transactionTypeId: Type.Optional(Id), channel: Type.Optional(Channel), ...PageQuery }, { additionalProperties: false });

// Baselines -------------------------------------------------------------------------------------------------

export const VolumeBaseline = Type.Object({
  id: Id, councilId: Id, councilName: Type.String(), transactionTypeId: Id, transactionTypeName: Type.String(), featureId: Id,
  volumes: Volumes, total: Type.Integer({ description: 'Transactions a month, all channels' }),
  periodFrom: IsoDate, periodTo: IsoDate, source: Type.String(), ...tracking,
});
export const CreateVolumeBaseline = Type.Object({
  councilId: Id, transactionTypeId: Id, volumes: VolumesInput, periodFrom: IsoDate, periodTo: IsoDate, source: Type.Optional(LongText),
}, { additionalProperties: false, description: 'The monthly volume by channel before self-service, and the period it was measured over' });
export const UpdateVolumeBaseline = Type.Object({
  councilId: Type.Optional(Id), transactionTypeId: Type.Optional(Id), volumes: Type.Optional(VolumesInput),
  periodFrom: Type.Optional(IsoDate), periodTo: Type.Optional(IsoDate), source: Type.Optional(LongText),
}, { additionalProperties: false, minProperties: 1 });
export const VolumeBaselineQuery = Type.Object({ councilId: Type.Optional(Id), transactionTypeId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false });

// Actual volumes --------------------------------------------------------------------------------------------

export const VolumeEntry = Type.Object({
  id: Id, councilId: Id, councilCode: Type.String(), transactionTypeId: Id, transactionTypeCode: Type.String(), month: Month,
  volumes: Volumes, total: Type.Integer(), note: Type.String(), enteredByName: Type.String(), enteredAt: Instant,
});
export const VolumeInput = Type.Object({
  councilId: Id, transactionTypeId: Id, month: Month, volumes: VolumesInput,
  note: Type.Optional(Type.String({ maxLength: 1000, description: 'Source or note, e.g. "HR system extract 3 October"' })),
}, { additionalProperties: false });
export const BulkVolumes = Type.Object(
  { entries: Type.Array(VolumeInput, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false, description: 'All entries are stored, or none: a bad entry refuses the whole request' },
);
export const BulkVolumesResult = Type.Object({ stored: Type.Integer(), entries: Type.Array(VolumeEntry) });
export const VolumeQuery = Type.Object({
  councilId: Type.Optional(Id), transactionTypeId: Type.Optional(Id), from: Type.Optional(Month), to: Type.Optional(Month), ...PageQuery,
}, { additionalProperties: false });

// Register and set-up costs ---------------------------------------------------------------------------------

const ProfilePoint = Type.Object({ month: Month, value: Type.Integer() }, { additionalProperties: false });
export const Benefit = Type.Object({
  id: Id, title: Type.String(), owner: Type.String(), measure: StringEnum(BENEFIT_MEASURES), unit: Type.String(),
  councilId: NullableId, councilName: Type.Union([Type.String(), Type.Null()]), featureId: NullableId, featureName: Type.Union([Type.String(), Type.Null()]),
  baselineValue: Type.Union([Type.Integer(), Type.Null()]), targetValue: Type.Integer(), startDate: IsoDate, targetDate: IsoDate,
  profile: Type.Array(ProfilePoint), status: StringEnum(BENEFIT_STATUSES), evidence: Type.String(),
  current: Type.Union([Type.Number(), Type.Null()], { description: 'The measure today, from the volumes (saving in pence, take-up in percent, cost in pence); null for "other" or without data' }),
  targetToDate: Type.Union([Type.Number(), Type.Null()], { description: 'Where the profile says it should be by now' }),
  wins: Type.Object({ count: Type.Integer(), total: Type.Number({ description: "Sum of the linked early wins' evidence values" }) }),
  ...tracking,
});
const BenefitFields = {
  title: Name, owner: Name, measure: StringEnum(BENEFIT_MEASURES), unit: Type.String({ maxLength: 40 }),
  councilId: NullableId, featureId: NullableId, baselineValue: Type.Union([Type.Integer(), Type.Null()]), targetValue: Type.Integer(),
  startDate: IsoDate, targetDate: IsoDate, profile: Type.Array(ProfilePoint, { maxItems: 240 }), status: StringEnum(BENEFIT_STATUSES), evidence: LongText,
};
export const CreateBenefit = Type.Object({
  title: BenefitFields.title, owner: BenefitFields.owner, measure: BenefitFields.measure, targetValue: BenefitFields.targetValue,
  startDate: BenefitFields.startDate, targetDate: BenefitFields.targetDate,
  unit: Type.Optional(BenefitFields.unit), councilId: Type.Optional(NullableId), featureId: Type.Optional(NullableId),
  baselineValue: Type.Optional(BenefitFields.baselineValue), profile: Type.Optional(BenefitFields.profile),
  status: Type.Optional(BenefitFields.status), evidence: Type.Optional(BenefitFields.evidence),
}, { additionalProperties: false, description: 'Money in pence, take-up in whole percent' });
export const UpdateBenefit = Type.Object(
  Object.fromEntries(Object.entries(BenefitFields).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof BenefitFields]: ReturnType<typeof Type.Optional<(typeof BenefitFields)[K]>> },
  { additionalProperties: false, minProperties: 1 },
);
export const BenefitQuery = Type.Object({ councilId: Type.Optional(Id), measure: Type.Optional(StringEnum(BENEFIT_MEASURES)), ...PageQuery }, { additionalProperties: false });

export const SetupCost = Type.Object({
  id: Id, councilId: NullableId, councilName: Type.Union([Type.String(), Type.Null()]), description: Type.String(), amountPence: Pence,
  incurredOn: IsoDate, source: Type.String(), ...tracking,
});
export const CreateSetupCost = Type.Object({
  councilId: Type.Optional(NullableId), description: Name, amountPence: Pence, incurredOn: IsoDate, source: Type.Optional(LongText),
}, { additionalProperties: false });
export const UpdateSetupCost = Type.Object({
  councilId: Type.Optional(NullableId), description: Type.Optional(Name), amountPence: Type.Optional(Pence), incurredOn: Type.Optional(IsoDate), source: Type.Optional(LongText),
}, { additionalProperties: false, minProperties: 1 });
export const SetupCostQuery = Type.Object({ councilId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false });

// Figures ---------------------------------------------------------------------------------------------------

/** Councils in one page of a summary's breakdown by council (`councilLimit`, `councilOffset`). */
export const BENEFITS_COUNCILS_PER_PAGE = 20;

export const SummaryQuery = Type.Object({
  asOf: Type.Optional(IsoDate), councilId: Type.Optional(Id), featureId: Type.Optional(Id), transactionTypeId: Type.Optional(Id),
  ...councilPaging(BENEFITS_COUNCILS_PER_PAGE),
}, { additionalProperties: false });

/** The headline the overview and the board report show; defined in docs/metrics.md. */
export const BenefitsHeadline = Type.Object({
  asOf: IsoDate,
  /** The last month with volumes reported. */
  month: Type.Union([Month, Type.Null()]),
  savedPence: NullablePence,
  cashablePence: NullablePence,
  nonCashablePence: NullablePence,
  targetPence: NullablePence,
  targetToDatePence: NullablePence,
  targetDate: Type.Union([IsoDate, Type.Null()]),
  takeUpPercent: NullableNumber,
  assistedPercent: NullableNumber,
  councilsWithoutBaseline: Type.Array(Type.String()),
  missingMonths: Type.Integer(),
  text: Type.String({ description: 'The headline in words, e.g. "£1,234 saved to date of £50,000 target; 41.2% online"' }),
});

const MonthRow = Type.Object({
  month: Month, volumes: Type.Object(Object.fromEntries(CHANNELS.map((c) => [c, Type.Integer()])) as Record<(typeof CHANNELS)[number], ReturnType<typeof Type.Integer>>),
  total: Type.Integer(), takeUpPercent: NullableNumber, assistedPercent: NullableNumber,
  costPerTransactionPence: NullablePence, savingPence: NullablePence, cashablePence: NullablePence, nonCashablePence: NullablePence,
  cumulativePence: NullablePence, targetPence: NullablePence, reported: Type.Integer(), missing: Type.Integer(),
});

const Part = Type.Object({
  id: Id, name: Type.String(),
  status: StringEnum(['ok', 'no_baseline', 'no_data'] as const, { description: 'no_baseline: nothing to measure a saving against (never £0)' }),
  savedPence: NullablePence, takeUpPercent: NullableNumber, assistedPercent: NullableNumber,
  costBeforePence: NullablePence, costNowPence: NullablePence, missingMonths: Type.Integer(),
});

export const BenefitsSummary = Type.Object({
  asOf: IsoDate,
  scope: Type.Object({ councilId: NullableId, featureId: NullableId, transactionTypeId: NullableId, name: Type.String() }),
  headline: BenefitsHeadline,
  costPerTransaction: Type.Object({ beforePence: NullablePence, nowPence: NullablePence, month: Type.Union([Month, Type.Null()]) }),
  months: Type.Array(MonthRow),
  forecast: Type.Union([Type.Object({
    method: Type.String(), fittedFrom: Month, fittedTo: Month, toMonth: Month, cumulativePence: SignedPence, lowPence: SignedPence, highPence: SignedPence,
  }), Type.Null()]),
  forecastNote: Type.String(),
  setUp: Type.Object({
    costsPence: Pence,
    breakEven: Type.Union([Type.Object({ month: Month, forecast: Type.Boolean() }), Type.Null()]),
  }),
  councils: Type.Array(Part, { description: 'The breakdown by council: one page of it, in order of name (councilPage)' }),
  councilPage: PageInfo,
  features: Type.Array(Part),
  transactionTypes: Type.Array(Part),
  problems: Type.Object({
    noBaseline: Type.Array(Type.Object({ councilId: Id, councilName: Type.String(), transactionTypeId: Id, transactionTypeName: Type.String() })),
    missingMonths: Type.Array(Type.Object({ councilId: Id, councilName: Type.String(), transactionTypeId: Id, transactionTypeName: Type.String(), month: Month })),
    missingCosts: Type.Array(Type.Object({ councilId: Id, councilName: Type.String(), transactionTypeId: Id, transactionTypeName: Type.String(), channels: Type.Array(Channel) })),
    totals: Type.Object({
      noBaseline: Type.Integer(), missingMonths: Type.Integer(), missingCosts: Type.Integer(),
    }, { description: 'How many rows each list has: each list carries its first 100 only' }),
  }, { description: 'Gaps in the figures: the first 100 of each list, and their totals' }),
  indicativeCosts: Type.Integer({ description: 'How many of the unit costs used are indicative assumptions' }),
});

export type TransactionType = Static<typeof TransactionType>;
export type CreateTransactionType = Static<typeof CreateTransactionType>;
export type UpdateTransactionType = Static<typeof UpdateTransactionType>;
export type TransactionTypeQuery = Static<typeof TransactionTypeQuery>;
export type UnitCost = Static<typeof UnitCost>;
export type CreateUnitCost = Static<typeof CreateUnitCost>;
export type UpdateUnitCost = Static<typeof UpdateUnitCost>;
export type UnitCostQuery = Static<typeof UnitCostQuery>;
export type VolumeBaseline = Static<typeof VolumeBaseline>;
export type CreateVolumeBaseline = Static<typeof CreateVolumeBaseline>;
export type UpdateVolumeBaseline = Static<typeof UpdateVolumeBaseline>;
export type VolumeBaselineQuery = Static<typeof VolumeBaselineQuery>;
export type VolumeEntry = Static<typeof VolumeEntry>;
export type VolumeInput = Static<typeof VolumeInput>;
export type VolumeQuery = Static<typeof VolumeQuery>;
export type Benefit = Static<typeof Benefit>;
export type CreateBenefit = Static<typeof CreateBenefit>;
export type UpdateBenefit = Static<typeof UpdateBenefit>;
export type BenefitQuery = Static<typeof BenefitQuery>;
export type SetupCost = Static<typeof SetupCost>;
export type CreateSetupCost = Static<typeof CreateSetupCost>;
export type UpdateSetupCost = Static<typeof UpdateSetupCost>;
export type SetupCostQuery = Static<typeof SetupCostQuery>;
export type SummaryQuery = Static<typeof SummaryQuery>;
export type BenefitsHeadline = Static<typeof BenefitsHeadline>;
export type BenefitsSummary = Static<typeof BenefitsSummary>;
