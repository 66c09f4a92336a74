import { and, asc, eq, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { features } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import { archivedFilter, setArchivedState, refuseDeleteWithHistory, type Archivable } from '../../http/archiving.ts';
import type { CrudService } from '../../http/crud.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { conflict, notFound } from '../../http/errors.ts';
import type { CreateFeature, Feature, FeatureQuery, UpdateFeature } from './schemas.ts';

export function createFeatureService(db: Db, clock: Clock): CrudService<Feature, CreateFeature, UpdateFeature, FeatureQuery> & Archivable<Feature> {
  const byId = db.select().from(features).where(eq(features.id, sql.placeholder('id'))).prepare();

  const load = (id: number): Feature => {
    const row = byId.get({ id });
    if (!row) throw notFound('Feature', id);
    return row;
  };

  return {
    list(query) {
      const bounds = pageBounds(query);
      const where = and(query.audience ? eq(features.audience, query.audience) : undefined, archivedFilter(features.archivedAt, query.archived));
      const rows = db.select().from(features).where(where).orderBy(asc(features.name)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, features, where), bounds);
    },

    get: load,

    create(input, ctx) {
      const now = instant(clock);
      return inTransaction(db, () => {
        const row = db.insert(features).values({
          code: input.code.toUpperCase(), name: input.name.trim(), description: input.description ?? '',
          audience: input.audience, benefit: input.benefit ?? '', createdAt: now, updatedAt: now,
        }).returning().get();
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'feature', entityId: row.id, after: row });
        return row;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('feature', before, ctx.ifMatch, () => before);
        const row = db.update(features).set({
          ...input,
          ...(input.code !== undefined ? { code: input.code.toUpperCase() } : {}),
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          version: sql`${features.version} + 1`,
          updatedAt: instant(clock),
        }).where(eq(features.id, id)).returning().get();
        const after = row ?? load(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'feature', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const feature = load(id);
        assertFresh('feature', feature, ctx.ifMatch, () => feature);
        const councilNames = db.all<{ name: string }>(sql`select c.name from rollout_items i join councils c on c.id = i.council_id
          where i.feature_id = ${id} order by c.name`).map((r) => r.name);
        if (councilNames.length > 0) {
          throw conflict(
            `The feature "${feature.name}" cannot be deleted: ${councilNames.length} council(s) have a rollout item for it (${councilNames.join(', ')}). Delete those items first.`,
          );
        }
        const readingCount = db.get<{ n: number }>(sql`select count(*) as n from readings where feature_id = ${id}`)?.n ?? 0;
        refuseDeleteWithHistory(db, { entity: 'feature', id, label: `The feature "${feature.name}"`, archivePath: `/api/features/${id}/archive` }, [['reading(s)', readingCount]]);
        db.delete(features).where(eq(features.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'feature', entityId: id, before: feature });
      });
    },

    setArchived(id, archived, ctx) {
      return setArchivedState(db, clock, { table: 'features', entity: 'feature', label: 'feature', id, load: (key) => load(key) }, archived, ctx);
    },
  };
}
