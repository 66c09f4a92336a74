import type { Static } from 'typebox';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { settings } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { readSettings, type ProgrammeSettings } from './read-model.ts';
import type { UpdateSettings } from './schemas.ts';

export function createSettingsService(db: Db, clock: Clock) {
  return {
    get: (): ProgrammeSettings => readSettings(db),

    /** Changes the settings the caller last saw (If-Match), audited in the same transaction. */
    update(changes: Static<typeof UpdateSettings>, ifMatch: number, actor: Actor): ProgrammeSettings {
      return inTransaction(db, () => {
        const before = readSettings(db);
        assertFresh('settings', before, ifMatch, () => before);
        db.update(settings).set({ ...changes, version: sql`${settings.version} + 1`, updatedAt: clock().toISOString() }).where(eq(settings.id, 1)).run();
        const after = readSettings(db);
        recordAudit(db, actor, clock(), { action: 'update', entity: 'settings', entityId: 1, before, after });
        return after;
      });
    },
  };
}
