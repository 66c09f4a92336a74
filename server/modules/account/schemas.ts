import { Type, type Static } from 'typebox';
import { Instant } from '../../http/schemas.ts';
import { Password } from '../users/schemas.ts';

/** A session's public reference: derived from the stored hash, never the cookie's value or the hash itself. */
export const SessionRef = Type.String({ pattern: '^[0-9a-f]{16}$', description: 'The session’s reference, as listed' });
export const SessionRefParams = Type.Object({ ref: SessionRef }, { additionalProperties: false });

export const OwnSession = Type.Object({
  id: SessionRef,
  current: Type.Boolean({ description: 'The session this request was made with' }),
  createdAt: Instant,
  lastSeenAt: Type.String({ description: 'UTC instant; written at most once a minute' }),
  endsAt: Instant,
  device: Type.Union([Type.String({ maxLength: 60 }), Type.Null()], {
    description: 'The browser and system the session was started from ("Chrome on Android"), as its User-Agent said; null when it named none. For telling sessions apart only: a client writes its User-Agent as it likes.',
  }),
});

export const ChangePassword = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200, description: 'Your password now' }),
    newPassword: Password,
  },
  { additionalProperties: false },
);

export const PasswordChanged = Type.Object({
  endedSessions: Type.Integer({ description: 'Your other sessions, ended' }),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'The new session’s CSRF token (the session cookie is replaced); null for an API token' }),
});

export type OwnSession = Static<typeof OwnSession>;
export type ChangePassword = Static<typeof ChangePassword>;
