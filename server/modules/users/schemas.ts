import { Type, type Static } from 'typebox';
import { ROLES } from '../../db/schema.ts';
import { Id, Instant, Name, PageQuery, StringEnum } from '../../http/schemas.ts';
import { MIN_PASSWORD_LENGTH } from '../../auth/secrets.ts';

export const Role = StringEnum(ROLES, { description: 'office: programme office; lead: council lead; sponsor: read-only' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200, description: `At least ${MIN_PASSWORD_LENGTH} characters` });
const CouncilIds = Type.Array(Id, { maxItems: 50, uniqueItems: true, description: 'For council leads: the councils they answer for' });

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  councilIds: Type.Array(Id),
  disabled: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const CreateUser = Type.Object(
  { email: Email, displayName: Name, role: Role, councilIds: Type.Optional(CouncilIds), password: Password },
  { additionalProperties: false },
);

export const UpdateUser = Type.Object(
  {
    displayName: Type.Optional(Name),
    role: Type.Optional(Role),
    councilIds: Type.Optional(CouncilIds),
    disabled: Type.Optional(Type.Boolean({ description: 'Disabling ends the user’s sessions at once and stops their tokens' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ResetPassword = Type.Object({ password: Password }, { additionalProperties: false });

export const UserQuery = Type.Object({ role: Type.Optional(Role), ...PageQuery }, { additionalProperties: false });

export type User = Static<typeof User>;
export type CreateUser = Static<typeof CreateUser>;
export type UpdateUser = Static<typeof UpdateUser>;
export type UserQuery = Static<typeof UserQuery>;
