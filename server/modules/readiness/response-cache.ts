import fastJson from 'fast-json-stringify';
import type { TSchema } from 'typebox';
import type { Db } from '../../db/database.ts';

/**
 * Serialised read models, reused until the data behind them changes. The key includes a signature of
 * every read-model version (bumped by database triggers in the same transaction as each write), so a
 * cached answer is never served after a change: caching only where it is correct.
 */
export function createResponseCache(db: Db, maxEntries = 150) {
  const everything = db.$client.prepare('select total(version) as v, count(*) as n from read_model_versions');
  const scoped = db.$client.prepare("select coalesce((select version from read_model_versions where scope = 'global'), 0) || ':' || coalesce((select version from read_model_versions where scope = ?), 0) as v");
  const entries = new Map<string, string>();

  /** The data version a response depends on: one council's (and the programme's), or everything's. */
  const signature = (councilId?: number): string => {
    if (councilId !== undefined) return (scoped.get(`council:${councilId}`) as { v: string }).v;
    const { v, n } = everything.get() as { v: number; n: number };
    return `${v}:${n}`;
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
