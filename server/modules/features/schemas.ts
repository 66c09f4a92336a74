import { Type, type Static } from 'typebox';
import { ArchivedAt, ArchivedQuery } from '../../http/archiving.ts';
import { AUDIENCES } from '../../db/schema.ts';
import { Code, Id, Instant, LongText, Name, PageQuery, PlainLine, StringEnum } from '../../http/schemas.ts';

export const Audience = StringEnum(AUDIENCES, {
  description: 'Who uses the feature: employees, managers, or both',
});

export const Feature = Type.Object(
  {
    id: Id,
    code: Type.String(),
    name: Type.String(),
    description: Type.String(),
    audience: Audience,
    benefit: Type.String({ description: 'What is in it for the user, in one line' }),
    archivedAt: ArchivedAt,
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Feature' },
);

const Benefit = PlainLine({ maxLength: 300 });

export const CreateFeature = Type.Object(
  { code: Code, name: Name, description: Type.Optional(LongText), audience: Audience, benefit: Type.Optional(Benefit) },
  { additionalProperties: false },
);

export const UpdateFeature = Type.Object(
  {
    code: Type.Optional(Code),
    name: Type.Optional(Name),
    description: Type.Optional(LongText),
    audience: Type.Optional(Audience),
    benefit: Type.Optional(Benefit),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const FeatureQuery = Type.Object({ audience: Type.Optional(Audience), ...ArchivedQuery, ...PageQuery }, { additionalProperties: false });

export type Feature = Static<typeof Feature>;
export type CreateFeature = Static<typeof CreateFeature>;
export type UpdateFeature = Static<typeof UpdateFeature>;
export type FeatureQuery = Static<typeof FeatureQuery>;
