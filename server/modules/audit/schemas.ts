import { Type, type Static } from 'typebox';
import { Id, IsoDate, PageQuery, StringEnum } from '../../http/schemas.ts';

/** Every kind of record the audit trail covers. */
export const AUDIT_ENTITIES = [
  'council', 'feature', 'wave', 'item', 'baseline', 'user', 'api_token', 'win', 'blocker', 'criterion', 'gate', 'settings',
  'share_link', 'board_report', 'reading',
  'comms_activity', 'comms_template_activity', 'staff_question',
  'transaction_type', 'unit_cost', 'benefit_baseline', 'benefit', 'setup_cost',
  'raid_entry', 'raid_action', 'programme_status',
  'blackout', 'milestone', 'dependency', 'council_capacity', 'support_need',
  'survey', 'survey_link', 'survey_discard', 'survey_feed', 'survey_comment', 'voice_idea', 'survey_answers',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AuditRow = Type.Object({
  id: Id,
  at: Type.String({ description: 'UTC instant' }),
  userId: Type.Union([Id, Type.Null()]),
  userName: Type.String(),
  action: StringEnum(['create', 'update', 'delete'] as const),
  entity: StringEnum(AUDIT_ENTITIES),
  entityId: Type.Integer(),
  before: Type.Unknown({ description: 'Changed fields before (whole record for a delete)' }),
  after: Type.Unknown({ description: 'Changed fields after (whole record for a create)' }),
});

export const AuditVerification = Type.Object({
  ok: Type.Boolean({ description: 'Every row up to the last one matches its hash and follows the row before it' }),
  rows: Type.Integer({ description: 'Rows checked' }),
  verifiedUpTo: Type.Union([Type.Object({ id: Id, at: Type.String({ description: 'UTC instant the row was written' }) }), Type.Null()]),
  firstMismatch: Type.Union([Type.Object({ id: Type.Integer(), problem: Type.String() }), Type.Null()]),
  checkedAt: Type.String({ description: 'UTC instant of the check' }),
}, { $id: 'AuditVerification' });

export const AuditQuery = Type.Object(
  {
    entity: Type.Optional(StringEnum(AUDIT_ENTITIES)),
    entityId: Type.Optional(Id),
    userId: Type.Optional(Id),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export type AuditQuery = Static<typeof AuditQuery>;
