import { Type, type Static } from 'typebox';
import { Id, IsoDate, PageQuery, StringEnum } from '../../http/schemas.ts';
import { AUDIT_ENTITIES, type AuditEntity } from '../../db/audit.ts';

/** Every kind of record the audit trail covers (declared with the trail's writer, `db/audit.ts`). */
export { AUDIT_ENTITIES, type AuditEntity };

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
