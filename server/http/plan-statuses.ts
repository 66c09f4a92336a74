import { ITEM_STATUSES, WAVE_STATUSES } from '../db/schema.ts';
import { StringEnum } from './schemas.ts';

/**
 * The plan's statuses as the API states them: one definition below the modules that show them (items and waves own
 * them and re-export them from their schemas.ts; progress, baselines and the readiness screens read them here, so
 * they need not depend on the items and waves modules, which depend on them).
 */
export const ItemStatus = StringEnum(ITEM_STATUSES, {
  description: 'not_scheduled: no wave yet; planned; ready: passed readiness; live; deferred; cancelled',
});

export const WaveStatus = StringEnum(WAVE_STATUSES);
