import { Type, type Static } from 'typebox';
import { ReasonFields } from '../../http/reasons.ts';
import { ArchivedAt, ArchivedQuery } from '../../http/archiving.ts';
import { Id, Instant, IsoDate, LongText, NullableId, NullableIsoDate, PageQuery, PlainText } from '../../http/schemas.ts';
import { ItemStatus } from '../../http/plan-statuses.ts';

export { ItemStatus };

export const RolloutItem = Type.Object(
  {
    id: Id,
    councilId: Id,
    councilCode: Type.String(),
    councilName: Type.String(),
    featureId: Id,
    featureCode: Type.String(),
    featureName: Type.String(),
    waveId: NullableId,
    waveName: Type.Union([Type.String(), Type.Null()]),
    groupId: NullableId,
    groupName: Type.Union([Type.String(), Type.Null()]),
    plannedGoLive: Type.Union([IsoDate, Type.Null()], { description: "The item's own date if set, else its wave's date" }),
    plannedDateOverride: NullableIsoDate,
    actualGoLive: NullableIsoDate,
    status: ItemStatus,
    note: Type.String(),
    openRaidEntries: Type.Integer({ description: 'Open RAID entries (risks, assumptions, issues, dependencies) about this item (docs/raid.md)' }),
    openActions: Type.Integer({ description: 'Open actions on this item, its RAID entries, its blockers and its gate conditions' }),
    openConditions: Type.Integer({ description: 'Open actions that discharge a condition of a "go with conditions" decision' }),
    flagged: Type.Boolean({ description: 'Something is still to be done about this item: an open RAID entry or action. It stays flagged until they are closed or done.' }),
    archivedAt: ArchivedAt,
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'RolloutItem' },
);

const Note = PlainText({ maxLength: 2000 });

export const CreateItem = Type.Object(
  {
    councilId: Id,
    featureId: Id,
    waveId: Type.Optional(NullableId),
    groupId: Type.Optional(NullableId),
    plannedDateOverride: Type.Optional(NullableIsoDate),
    status: Type.Optional(ItemStatus),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const UpdateItem = Type.Object(
  {
    waveId: Type.Optional(NullableId),
    groupId: Type.Optional(NullableId),
    plannedDateOverride: Type.Optional(NullableIsoDate),
    actualGoLive: Type.Optional(NullableIsoDate),
    status: Type.Optional(ItemStatus),
    note: Type.Optional(LongText),
    /** Needed when the item's wave or own date changes (docs/metrics.md, "Plan moves and reasons"). */
    ...ReasonFields,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ItemQuery = Type.Object(
  {
    councilId: Type.Optional(Id),
    featureId: Type.Optional(Id),
    waveId: Type.Optional(Id),
    status: Type.Optional(ItemStatus),
    ...ArchivedQuery,
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const BatchAssignments = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          councilId: Id,
          featureId: Id,
          waveId: NullableId,
          plannedDateOverride: Type.Optional(NullableIsoDate),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
    /** Needed when an existing item moves to another wave or date. */
    ...ReasonFields,
  },
  { additionalProperties: false, description: 'Assign many council x feature pairs to waves at once; all or nothing' },
);

export const BatchResult = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  items: Type.Array(RolloutItem),
});

export type RolloutItem = Static<typeof RolloutItem>;
export type CreateItem = Static<typeof CreateItem>;
export type UpdateItem = Static<typeof UpdateItem>;
export type ItemQuery = Static<typeof ItemQuery>;
export type BatchAssignments = Static<typeof BatchAssignments>;
export type BatchResult = Static<typeof BatchResult>;
