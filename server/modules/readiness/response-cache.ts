import fastJson from 'fast-json-stringify';
import type { TSchema } from 'typebox';
import type { Db } from '../../db/database.ts';

/**
 * Serialised read models, reused until the data behind them changes: caching only where it is correct.
 * A response about one council is keyed by that council's and the programme's read-model versions
 * (bumped by database triggers in the same transaction as each write); a response about everything is
 * keyed by a signature that any committed write changes.
 */
export function createResponseCache(db: Db, maxEntries = 150) {
  // Any committed write changes one of these two: total_changes() counts this connection's row changes,
  // data_version moves when another connection (another process) commits. Both cost next to nothing.
  const everything = db.$client.prepare('select total_changes() as v');
  const scoped = db.$client.prepare("select coalesce((select version from read_model_versions where scope = 'global'), 0) || ':' || coalesce((select version from read_model_versions where scope = ?), 0) as v");
  const entries = new Map<string, string>();

  /** The data version a response depends on: one council's (and the programme's), or everything's. */
  const signature = (councilId?: number): string => {
    if (councilId !== undefined) return (scoped.get(`council:${councilId}`) as { v: string }).v;
    return `${(everything.get() as { v: number }).v}:${db.$client.pragma('data_version', { simple: true }) as number}`;
  };

  return {
    /** A serialiser bound to a response schema: only the schema's fields go out, as the route would send them. */
    serialiser<T>(schema: TSchema): (value: T) => string {
      return fastJson(schema as never) as (value: T) => string;
    },

    /** `councilId`: the response depends on that council's data only (and programme-wide settings). */
    json<T>(key: string, serialise: (value: T) => string, compute: () => T, councilId?: number): string {
      const full = `${key}|${signature(councilId)}`;
      const hit = entries.get(full);
      if (hit !== undefined) {
        entries.delete(full);
        entries.set(full, hit);
        return hit;
      }
      const text = serialise(compute());
      entries.set(full, text);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return text;
    },
  };
}
