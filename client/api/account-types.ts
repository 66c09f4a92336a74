/** The shapes of your own account's routes, from the server's schemas (type-only). */
import type { Static } from 'typebox';
import type { OwnSession as OwnSessionSchema, PasswordChanged as PasswordChangedSchema } from '../../server/modules/account/schemas.ts';
import type { ApiToken as ApiTokenSchema, NewToken as NewTokenSchema } from '../../server/modules/tokens/routes.ts';

export type OwnSession = Static<typeof OwnSessionSchema>;
export type PasswordChanged = Static<typeof PasswordChangedSchema>;
export type ApiToken = Static<typeof ApiTokenSchema>;
export type NewToken = Static<typeof NewTokenSchema>;
