import { Type, type Static } from 'typebox';
import { Id, Instant, IsoDate, Measure, PageQuery, PlainText, VisibleLine } from '../../http/schemas.ts';

/** The weeks a ramp can reach back before go-live: two years. */
export const MAX_RAMP_WEEKS = 104;

export const RampPoint = Type.Object(
  {
    weeksBefore: Type.Integer({ minimum: 1, maximum: MAX_RAMP_WEEKS, description: 'Whole weeks before the item\'s planned go-live from which this step applies' }),
    target: Type.Number({ minimum: -1_000_000, maximum: 1_000_000 }),
    amberThreshold: Type.Number({ minimum: -1_000_000, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);

export const Ramp = Type.Object({
  id: Id,
  criterionId: Id,
  effectiveFrom: IsoDate,
  points: Type.Array(RampPoint),
  reason: Type.String(),
  enteredByName: Type.String(),
  enteredAt: Instant,
});

export const RampHistory = Type.Object({
  criterionId: Id,
  /** The steps in force today (empty: the final target applies whatever the time to go-live). */
  inForce: Type.Array(RampPoint),
  /** Every ramp recorded, newest first. */
  history: Type.Array(Ramp),
});

export const RampInput = Type.Object(
  {
    points: Type.Array(RampPoint, { maxItems: 12, description: 'The steps, in any order; an empty list ends the ramp' }),
    reason: VisibleLine({ maxLength: 500, description: 'Why the ramp is set or changed' }),
    effectiveFrom: Type.Optional(IsoDate),
  },
  { additionalProperties: false, description: 'A ramp is a dated fact: it applies from effectiveFrom (today or later, default today) until a later ramp' },
);

export const ProgrammeReading = Type.Object({
  id: Id,
  criterionId: Id,
  value: Type.Number(),
  readingDate: IsoDate,
  note: Type.String(),
  enteredByName: Type.String(),
  enteredAt: Instant,
});

export const ProgrammeReadingInput = Type.Object(
  {
    value: Measure,
    readingDate: IsoDate,
    note: Type.Optional(PlainText({ maxLength: 1000, description: 'Source or note, e.g. "supplier defect log 3 March"' })),
  },
  { additionalProperties: false },
);

export const ProgrammeReadingQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export type RampPoint = Static<typeof RampPoint>;
export type Ramp = Static<typeof Ramp>;
export type RampHistory = Static<typeof RampHistory>;
export type RampInput = Static<typeof RampInput>;
export type ProgrammeReading = Static<typeof ProgrammeReading>;
export type ProgrammeReadingInput = Static<typeof ProgrammeReadingInput>;
export type ProgrammeReadingQuery = Static<typeof ProgrammeReadingQuery>;
