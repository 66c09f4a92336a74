import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { Type, type Static, type TSchema } from 'typebox';
import type { Access } from '../auth/access.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { instant, type Clock } from '../domain/clock.ts';
import { recordAudit } from '../db/audit.ts';
import type { AuditEntity } from '../db/audit.ts';
import { actorOf, type WriteContext } from './crud.ts';
import { conflict, type ErrorDetail } from './errors.ts';
import { IdParams, IfMatchHeader, StringEnum, errors } from './schemas.ts';
import { assertFresh, requiredIfMatch, setEtag } from './versioning.ts';

/**
 * Archiving: what has history is never deleted (decisions, readings and changes would lose their subject),
 * it is archived. An archived council, feature, wave, item or criterion is left out of the plan's lists
 * unless asked for (`?archived=true` for the archived ones only, `all` for both), and kept everywhere the
 * record is read: by id, in history, exports and reports. Unarchiving puts it back. See ADR 0009.
 */

/** The row field every archivable resource carries. */
export const ArchivedAt = Type.Union([Type.String({ description: 'UTC instant it was archived' }), Type.Null()], {
  description: 'Set when archived: hidden from lists unless ?archived=true or all; null while in use',
});

/** The list filter every archivable resource's query takes. */
export const ArchivedQuery = {
  archived: Type.Optional(StringEnum(['false', 'true', 'all'] as const, { description: 'false (the default): in use only; true: archived only; all: both' })),
};

export function archivedFilter(column: SQLiteColumn, archived: 'false' | 'true' | 'all' | undefined): SQL | undefined {
  if (archived === 'all') return undefined;
  return archived === 'true' ? isNotNull(column) : isNull(column);
}

/** How many audit rows record a change to the record after its creation. */
export function changesSinceCreated(db: Db, entity: AuditEntity, id: number): number {
  return db.get<{ n: number }>(sql`select count(*) as n from audit_log where entity = ${entity} and entity_id = ${id} and action <> 'create'`)?.n ?? 0;
}

/**
 * Refuses to delete a record that has history, naming what it has and the way out (archive). `records`
 * lists what else depends on it, e.g. [["gate decision(s)", 2]]; recorded changes are counted here.
 */
export function refuseDeleteWithHistory(db: Db, what: { entity: AuditEntity; id: number; label: string; archivePath: string }, records: Array<[string, number]> = []): void {
  const changes = changesSinceCreated(db, what.entity, what.id);
  const held = [...records, ['recorded change(s) since it was created', changes] as [string, number]].filter(([, n]) => n > 0);
  if (held.length === 0) return;
  const details: ErrorDetail[] = held.map(([name, n]) => ({ field: 'id', message: `has ${n} ${name}` }));
  throw conflict(
    `${what.label} cannot be deleted: it has ${held.map(([name, n]) => `${n} ${name}`).join(', ')}, and history is never deleted. Archive it instead (POST ${what.archivePath}).`,
    details,
  );
}

/** The tables whose rows can be archived. */
export type ArchivableTable = 'councils' | 'features' | 'waves' | 'rollout_items' | 'criteria';

/**
 * Archives a record or brings it back, as one audited change with If-Match: the one way every archivable
 * resource's service does it. `load` reads the record as the API shows it.
 */
export function setArchivedState<T extends { version: number; archivedAt: string | null }>(
  db: Db, clock: Clock, what: { table: ArchivableTable; entity: AuditEntity; label: string; id: number; load: (id: number) => T },
  archived: boolean, ctx: WriteContext,
): T {
  return inTransaction(db, () => {
    const before = what.load(what.id);
    assertFresh(what.label, before, ctx.ifMatch, () => before);
    if ((before.archivedAt !== null) === archived) return before;
    const now = instant(clock);
    markArchived(db, what.table, what.id, archived ? now : null, now);
    const after = what.load(what.id);
    recordAudit(db, ctx.actor, clock(), { action: 'update', entity: what.entity, entityId: what.id, before, after });
    return after;
  });
}

/** Marks a row archived (now) or in use again (null), bumping its version like any change. */
export function markArchived(db: Db, table: ArchivableTable, id: number, archivedAt: string | null, now: string): void {
  db.run(sql`update ${sql.identifier(table)} set archived_at = ${archivedAt}, version = version + 1, updated_at = ${now} where id = ${id}`);
}

export interface Archivable<Row> {
  setArchived(id: number, archived: boolean, ctx: WriteContext): Row;
}

/** `POST {path}/:id/archive` and `POST {path}/:id/unarchive`, with If-Match like every change. */
export function registerArchiveRoutes<R extends TSchema>(
  parent: FastifyInstance,
  options: { path: string; tag: string; noun: string; access?: Access },
  row: R,
  service: Archivable<Static<R>>,
): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  const idOf = (request: FastifyRequest) => (request.params as Static<typeof IdParams>).id;
  for (const [verb, archived, summary] of [
    ['archive', true, `Archive a ${options.noun}: hidden from lists, kept in history, exports and reports`],
    ['unarchive', false, `Put an archived ${options.noun} back in use`],
  ] as const) {
    app.post(`${options.path}/:id/${verb}`, {
      config: { access: options.access ?? 'office' },
      schema: {
        tags: [options.tag], summary, description: 'Send If-Match with the ETag you read: 428 without it, 412 with the current state if it is stale.',
        params: IdParams, headers: IfMatchHeader, response: { 200: row, ...errors(400, 401, 403, 404, 412, 428) },
      },
    }, async (request, reply) => {
      const updated = service.setArchived(idOf(request), archived, { actor: actorOf(request), ifMatch: requiredIfMatch(request) }) as { version: number };
      setEtag(reply, updated);
      return reply.send(updated);
    });
  }
}
