import { Type, type Static } from 'typebox';
import { ReasonFields } from '../../http/reasons.ts';
import { ArchivedAt, ArchivedQuery } from '../../http/archiving.ts';
import { Id, Instant, IsoDate, LongText, Name, PageQuery } from '../../http/schemas.ts';
import { WaveStatus } from '../../http/plan-statuses.ts';

export { WaveStatus };

export const Wave = Type.Object(
  {
    id: Id,
    name: Type.String(),
    sequence: Type.Integer({ description: 'Order of the wave in the programme' }),
    plannedGoLive: IsoDate,
    status: WaveStatus,
    description: Type.String(),
    archivedAt: ArchivedAt,
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Wave' },
);

const Sequence = Type.Integer({ minimum: 0, maximum: 999 });

export const CreateWave = Type.Object(
  { name: Name, sequence: Sequence, plannedGoLive: IsoDate, status: Type.Optional(WaveStatus), description: Type.Optional(LongText) },
  { additionalProperties: false },
);

export const UpdateWave = Type.Object(
  {
    name: Type.Optional(Name),
    sequence: Type.Optional(Sequence),
    plannedGoLive: Type.Optional(IsoDate),
    status: Type.Optional(WaveStatus),
    description: Type.Optional(LongText),
    /** Needed when the planned go-live changes (docs/metrics.md, "Plan moves and reasons"). */
    ...ReasonFields,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WaveQuery = Type.Object({ status: Type.Optional(WaveStatus), ...ArchivedQuery, ...PageQuery }, { additionalProperties: false });

export type Wave = Static<typeof Wave>;
export type CreateWave = Static<typeof CreateWave>;
export type UpdateWave = Static<typeof UpdateWave>;
export type WaveQuery = Static<typeof WaveQuery>;
