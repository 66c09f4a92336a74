import { Type, type Static } from 'typebox';
import { IsoDate, Name } from '../../http/schemas.ts';

export const ShareLink = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell links apart' }),
  createdByName: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  /** Live: not revoked and not expired. */
  active: Type.Boolean(),
});
export const NewShareLink = Type.Object({
  ...ShareLink.properties,
  token: Type.String({ description: 'Shown once: it is not stored' }),
  dashboardPath: Type.String({ description: 'The read-only dashboard: append to the site address' }),
  calendarPath: Type.String({ description: 'The go-live calendar feed to subscribe to (add &council=CODE for one council)' }),
});
export const CreateShareLink = Type.Object(
  { label: Name, expiresOn: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export const CurrentShare = Type.Object({ label: Type.String(), expiresAt: Type.String() });

export type ShareLink = Static<typeof ShareLink>;
export type NewShareLink = Static<typeof NewShareLink>;
