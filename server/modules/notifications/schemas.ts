import { Type, type Static } from 'typebox';
import { EMAIL_STATES, ROLES } from '../../db/schema.ts';
import { Id, Instant, PageQuery, StringEnum } from '../../http/schemas.ts';
import { KIND_NAMES } from './kinds.ts';

export const Kind = StringEnum(KIND_NAMES);
const Line = Type.Object({ text: Type.String(), link: Type.String({ description: 'A path in the dashboard' }) });
const Section = Type.Object({
  kind: Kind, heading: Type.String(), lines: Type.Array(Line),
  inApp: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()),
});

export const Notification = Type.Object(
  {
    id: Id,
    kind: Kind,
    title: Type.String(),
    body: Type.String(),
    link: Type.String({ description: 'Where to act on it: a path in the dashboard' }),
    sections: Type.Array(Section, { description: 'A digest or summary: what needs doing, grouped, each line with its link' }),
    createdAt: Instant,
    readAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: 'Notification' },
);

export const NotificationQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean({ description: 'Only those not yet read' })), ...PageQuery },
  { additionalProperties: false },
);

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });

export const MarkRead = Type.Object(
  {
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, description: 'Your notifications to mark read' })),
    all: Type.Optional(Type.Literal(true, { description: 'Mark every one of yours read' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Either ids or all' },
);

export const Preference = Type.Object({
  kind: Kind,
  label: Type.String(),
  description: Type.String(),
  delivery: StringEnum(['event', 'digest', 'scheduled', 'email'] as const, { description: 'event: at once; digest: in the weekly digest; scheduled: on its own schedule; email: the digest e-mail itself' }),
  alert: Type.Union([Type.String(), Type.Null()], { description: 'When an immediate alert is sent besides the digest' }),
  inApp: Type.Boolean(),
  email: Type.Boolean(),
  defaults: Type.Object({ inApp: Type.Boolean(), email: Type.Boolean() }),
});

export const Preferences = Type.Object({
  emailConfigured: Type.Boolean({ description: 'Whether the server sends e-mail at all (SMTP_URL set); when false, notifications are in the app only' }),
  digest: Type.String({ description: 'When the weekly digest goes, in words' }),
  preferences: Type.Array(Preference),
});

export const UpdatePreferences = Type.Object(
  {
    preferences: Type.Array(
      Type.Object({ kind: Kind, inApp: Type.Boolean(), email: Type.Boolean() }, { additionalProperties: false }),
      { minItems: 1, maxItems: KIND_NAMES.length },
    ),
  },
  { additionalProperties: false },
);

export const OutboxQuery = Type.Object(
  { state: Type.Optional(StringEnum(EMAIL_STATES)), userId: Type.Optional(Id), ...PageQuery },
  { additionalProperties: false },
);

export const OutboxEntry = Type.Object({
  id: Id,
  userId: Id,
  userName: Type.String(),
  emailTo: Type.Union([Type.String(), Type.Null()]),
  kind: Kind,
  title: Type.String(),
  createdAt: Instant,
  emailState: StringEnum(EMAIL_STATES),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Instant, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Instant, Type.Null()]),
});

export const OutboxDetail = Type.Object({
  ...OutboxEntry.properties,
  attemptLog: Type.Array(Type.Object({
    startedAt: Instant,
    finishedAt: Type.Union([Instant, Type.Null()]),
    outcome: Type.Union([StringEnum(['sent', 'retry', 'failed', 'interrupted', 'assumed_sent'] as const), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
  })),
});

export const OutboxSummary = Type.Object({
  emailConfigured: Type.Boolean(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Notifications by e-mail state' }),
});

export const PreviewQuery = Type.Object({ userId: Id }, { additionalProperties: false });

export const DigestPreview = Type.Object({
  userId: Id,
  name: Type.String(),
  role: StringEnum(ROLES),
  asOf: Type.String({ description: 'The local day it is computed for' }),
  nextRunAt: Type.Union([Instant, Type.Null()], { description: 'When the next weekly digest is due' }),
  empty: Type.Boolean({ description: 'Nothing to say: no digest would be written' }),
  emailed: Type.Boolean({ description: 'Whether it would be e-mailed (the person’s switches, and e-mail configured)' }),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  sections: Type.Array(Section),
});

export const UnsubscribeQuery = Type.Object(
  { u: Id, k: Type.String({ maxLength: 40 }), s: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);

export type Notification = Static<typeof Notification>;
export type NotificationQuery = Static<typeof NotificationQuery>;
export type Preferences = Static<typeof Preferences>;
export type UpdatePreferences = Static<typeof UpdatePreferences>;
export type OutboxQuery = Static<typeof OutboxQuery>;
export type OutboxDetail = Static<typeof OutboxDetail>;
export type OutboxEntry = Static<typeof OutboxEntry>;
export type DigestPreview = Static<typeof DigestPreview>;
