import { rememberedUntilWrite, versionedTableStamp } from '../../db/change-signal.ts';
import type { Db } from '../../db/database.ts';

/** The tables the benefits figures read that carry versions (volume entries are append-only and have none). */
const VERSIONED = ['benefit_baselines', 'unit_costs', 'transaction_types', 'benefits', 'setup_costs', 'councils', 'features'];

/**
 * What the benefits figures were made from, as one string: row count, highest id and the sum of versions of every
 * table they read, so an insert, an update, a move between councils and a delete each change it. Volume entries
 * are append-only (migration 0013 refuses updates, deletes and replacements), so their highest id alone says
 * which there are: counting 86,400 of them at 400 councils took 4.2 ms, the rest of the fingerprint 0.2 ms.
 *
 * Read again only after a committed write (db/change-signal.ts), so the overview, its "as of" days and the
 * benefits summary asked for after one reading is saved share one read.
 */
export function createBenefitsFingerprint(db: Db): () => string {
  const read = db.$client.prepare(`select (select coalesce(max(id), 0) from benefit_volumes) || '|' || ${VERSIONED.map(versionedTableStamp).join(" || '|' || ")}`).pluck();
  return rememberedUntilWrite(db.$client, () => read.get() as string);
}
