import { Type, type Static } from 'typebox';
import { ArchivedAt, ArchivedQuery } from '../../http/archiving.ts';
import { Code, Headcount, Id, Instant, Name, PageQuery, StringEnum } from '../../http/schemas.ts';
import { REGIONS } from '../../db/schema.ts';

const Region = StringEnum(REGIONS, { description: 'Whose bank holidays the council keeps: its working days follow them (docs/timeline.md)' });

export const CouncilGroup = Type.Object({ id: Id, name: Type.String(), headcount: Type.Integer() });

export const Council = Type.Object(
  {
    id: Id,
    name: Type.String(),
    code: Type.String(),
    staffHeadcount: Type.Integer(),
    managerHeadcount: Type.Integer(),
    region: Region,
    groups: Type.Array(CouncilGroup),
    archivedAt: ArchivedAt,
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Council' },
);

const GroupInput = Type.Object(
  { name: Name, headcount: Headcount },
  { additionalProperties: false, description: 'A sub-group such as a pilot team or a depot' },
);

const councilFields = {
  name: Name,
  code: Code,
  staffHeadcount: Headcount,
  managerHeadcount: Headcount,
  groups: Type.Array(GroupInput, { maxItems: 100, description: 'Replaces the whole list; groups are matched by name' }),
};

export const CreateCouncil = Type.Object(
  { ...councilFields, groups: Type.Optional(councilFields.groups), region: Type.Optional(Region) },
  { additionalProperties: false },
);

export const UpdateCouncil = Type.Object(
  {
    name: Type.Optional(councilFields.name),
    code: Type.Optional(councilFields.code),
    staffHeadcount: Type.Optional(councilFields.staffHeadcount),
    managerHeadcount: Type.Optional(councilFields.managerHeadcount),
    groups: Type.Optional(councilFields.groups),
    region: Type.Optional(Region),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CouncilQuery = Type.Object({ ...ArchivedQuery, ...PageQuery }, { additionalProperties: false });

export type Council = Static<typeof Council>;
export type CreateCouncil = Static<typeof CreateCouncil>;
export type UpdateCouncil = Static<typeof UpdateCouncil>;
export type CouncilQuery = Static<typeof CouncilQuery>;
