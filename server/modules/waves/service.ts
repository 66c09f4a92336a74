import { and, asc, eq, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { waves } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import { archivedFilter, setArchivedState, refuseDeleteWithHistory, type Archivable } from '../../http/archiving.ts';
import type { CrudService } from '../../http/crud.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { withPlanChange } from '../progress/read-model.ts';
import { requireReason } from '../../http/reasons.ts';
import type { CreateWave, UpdateWave, Wave, WaveQuery } from './schemas.ts';

export function createWaveService(db: Db, clock: Clock): CrudService<Wave, CreateWave, UpdateWave, WaveQuery> & Archivable<Wave> {
  const byId = db.select().from(waves).where(eq(waves.id, sql.placeholder('id'))).prepare();

  const load = (id: number): Wave => {
    const row = byId.get({ id });
    if (!row) throw notFound('Wave', id);
    return row;
  };

  return {
    list(query) {
      const bounds = pageBounds(query);
      const where = and(query.status ? eq(waves.status, query.status) : undefined, archivedFilter(waves.archivedAt, query.archived));
      const rows = db.select().from(waves).where(where).orderBy(asc(waves.sequence)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, waves, where), bounds);
    },

    get: load,

    create(input, ctx) {
      const now = instant(clock);
      return inTransaction(db, () => {
        const row = withPlanChange(db, { actor: ctx.actor, at: clock() }, () => db.insert(waves).values({
          name: input.name.trim(), sequence: input.sequence, plannedGoLive: input.plannedGoLive,
          status: input.status ?? 'planned', description: input.description ?? '', createdAt: now, updatedAt: now,
        }).returning().get());
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'wave', entityId: row.id, after: row });
        return row;
      });
    },

    /** Moving a wave's date moves every item in it that has no date of its own: the date is read through. */
    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('wave', before, ctx.ifMatch, () => before);
        const { reasonCategory, reason: why, ...change } = input;
        // Moving the wave's date moves its items: a change to the plan that needs a reason.
        const moves = change.plannedGoLive !== undefined && change.plannedGoLive !== before.plannedGoLive;
        const reason = moves ? requireReason(input, `Moving the wave "${before.name}"`) : reasonCategory && why?.trim() ? { reasonCategory, reason: why } : null;
        const row = withPlanChange(db, { actor: ctx.actor, at: clock(), reason }, () => db.update(waves).set({
          ...change,
          ...(change.name !== undefined ? { name: change.name.trim() } : {}),
          version: sql`${waves.version} + 1`,
          updatedAt: instant(clock),
        }).where(eq(waves.id, id)).returning().get());
        const after = row ?? load(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'wave', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const wave = load(id);
        assertFresh('wave', wave, ctx.ifMatch, () => wave);
        const items = db.all<{ label: string }>(sql`select c.code || ' ' || f.name as label from rollout_items i
          join councils c on c.id = i.council_id join features f on f.id = i.feature_id
          where i.wave_id = ${id} order by c.code, f.name`).map((r) => r.label);
        if (items.length > 0) {
          const shown = items.slice(0, 10).join(', ') + (items.length > 10 ? `, and ${items.length - 10} more` : '');
          throw conflict(`The wave "${wave.name}" cannot be deleted: ${items.length} rollout item(s) are in it (${shown}). Move them to another wave first.`);
        }
        const comms = db.get<{ n: number }>(sql`select count(*) as n from comms_activities where wave_id = ${id}`)?.n ?? 0;
        if (comms > 0) throw conflict(`The wave "${wave.name}" cannot be deleted: ${comms} communications activit${comms === 1 ? 'y is' : 'ies are'} planned for it. Move or delete them first.`);
        const decisions = db.get<{ n: number }>(sql`select count(*) as n from gate_decisions where wave_id = ${id}`)?.n ?? 0;
        refuseDeleteWithHistory(db, { entity: 'wave', id, label: `The wave "${wave.name}"`, archivePath: `/api/waves/${id}/archive` }, [['gate decision(s) taken for it', decisions]]);
        withPlanChange(db, { actor: ctx.actor, at: clock() }, () => db.delete(waves).where(eq(waves.id, id)).run());
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'wave', entityId: id, before: wave });
      });
    },

    setArchived(id, archived, ctx) {
      return setArchivedState(db, clock, { table: 'waves', entity: 'wave', label: 'wave', id, load: (key) => load(key) }, archived, ctx);
    },
  };
}
