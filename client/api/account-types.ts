/** The shapes of your own account's routes: sessions and password from the account module's schemas, tokens from the generated API document (type-only). */
import type { Static } from 'typebox';
import type { OwnSession as OwnSessionSchema, PasswordChanged as PasswordChangedSchema } from '../../server/modules/account/schemas.ts';
import type { Reply } from './openapi-types.ts';

export type OwnSession = Static<typeof OwnSessionSchema>;
export type PasswordChanged = Static<typeof PasswordChangedSchema>;
export type ApiToken = Reply<'listTokens'>[number];
export type NewToken = Reply<'createToken', 201>;
