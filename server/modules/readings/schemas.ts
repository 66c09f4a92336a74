import { Type, type Static } from 'typebox';
import { Id, Instant, IsoDate, Measure, NullableId, PageQuery, PlainText } from '../../http/schemas.ts';

export const Reading = Type.Object({
  id: Id,
  criterionId: Id,
  criterionCode: Type.String(),
  criterionName: Type.String(),
  councilId: Id,
  councilCode: Type.String(),
  featureId: NullableId,
  featureCode: Type.Union([Type.String(), Type.Null()]),
  value: Type.Number(),
  readingDate: IsoDate,
  note: Type.String(),
  enteredByName: Type.String(),
  enteredAt: Instant,
});

export const ReadingInput = Type.Object(
  {
    criterionId: Id,
    councilId: Id,
    featureId: Type.Optional(NullableId),
    value: Measure,
    readingDate: IsoDate,
    note: Type.Optional(PlainText({ maxLength: 1000, description: 'Source or note, e.g. "LMS export 3 March"' })),
  },
  { additionalProperties: false },
);

export const BulkReadings = Type.Object(
  { readings: Type.Array(ReadingInput, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false, description: 'All rows are stored, or none: a bad row refuses the whole request' },
);

export const BulkResult = Type.Object({ stored: Type.Integer(), readings: Type.Array(Reading) });

export const ReadingQuery = Type.Object(
  {
    councilId: Type.Optional(Id),
    criterionId: Type.Optional(Id),
    featureId: Type.Optional(Id),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export type Reading = Static<typeof Reading>;
export type ReadingInput = Static<typeof ReadingInput>;
export type BulkReadings = Static<typeof BulkReadings>;
export type ReadingQuery = Static<typeof ReadingQuery>;
