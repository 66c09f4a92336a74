import { Type, type Static } from 'typebox';
import { BLOCKER_STATUSES } from '../../db/schema.ts';
import { Id, Instant, IsoDate, NullableIsoDate, PageQuery, StringEnum, VisibleLine, VisibleText } from '../../http/schemas.ts';

export const BlockerStatus = StringEnum(BLOCKER_STATUSES, { description: 'open, or resolved (the server then records the day)' });

const Description = VisibleText({ maxLength: 2000, description: 'What stands in the way' });
const Owner = VisibleLine({ maxLength: 120, description: 'Who is clearing it: a name, free text' });

export const Blocker = Type.Object(
  {
    id: Id,
    itemId: Id,
    councilId: Id,
    description: Type.String(),
    owner: Type.String(),
    dueDate: NullableIsoDate,
    status: BlockerStatus,
    raisedOn: IsoDate,
    resolvedOn: NullableIsoDate,
    overdue: Type.Boolean({ description: 'Open and past its due date, as of today' }),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Blocker' },
);

export const CreateBlocker = Type.Object(
  { description: Description, owner: Owner, dueDate: Type.Optional(NullableIsoDate) },
  { additionalProperties: false },
);

export const UpdateBlocker = Type.Object(
  {
    description: Type.Optional(Description),
    owner: Type.Optional(Owner),
    dueDate: Type.Optional(NullableIsoDate),
    status: Type.Optional(BlockerStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const BlockerQuery = Type.Object({ status: Type.Optional(BlockerStatus), ...PageQuery }, { additionalProperties: false });

export type Blocker = Static<typeof Blocker>;
export type CreateBlocker = Static<typeof CreateBlocker>;
export type UpdateBlocker = Static<typeof UpdateBlocker>;
export type BlockerQuery = Static<typeof BlockerQuery>;
