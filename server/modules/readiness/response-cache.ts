import fastJson from 'fast-json-stringify';
import type { TSchema } from 'typebox';
import type { Db } from '../../db/database.ts';

/**
 * Serialised read models, reused until the data behind them changes. The key includes a signature of
 * every read-model version (bumped by database triggers in the same transaction as each write), so a
 * cached answer is never served after a change: caching only where it is correct.
 */
export function createResponseCache(db: Db, maxEntries = 400) {
  const signature = db.$client.prepare('select total(version) as v, count(*) as n from read_model_versions');
  const entries = new Map<string, string>();

  return {
    /** A serialiser bound to a response schema: only the schema's fields go out, as the route would send them. */
    serialiser<T>(schema: TSchema): (value: T) => string {
      return fastJson(schema as never) as (value: T) => string;
    },

    json<T>(key: string, serialise: (value: T) => string, compute: () => T): string {
      const { v, n } = signature.get() as { v: number; n: number };
      const full = `${key}|${v}|${n}`;
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
