import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastJson from 'fast-json-stringify';
import type { TSchema } from 'typebox';
import type { Db } from '../../db/database.ts';

/** A serialised response; each compressed form is made the first time a client asks for it, then kept. */
export interface CachedResponse {
  json: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/**
 * Serialised read models, reused until the data behind them changes: caching only where it is correct.
 * A response about one council is keyed by that council's and the programme's read-model versions
 * (bumped by database triggers in the same transaction as each write); a response about everything is
 * keyed by a signature that any committed write changes.
 */
export function createResponseCache(db: Db, maxEntries = 150) {
  // Any committed write changes one of these two: total_changes() counts this connection's row changes,
  // data_version moves when another connection (another process) commits. Both cost next to nothing.
  // Prepared once: better-sqlite3's pragma() prepares anew on every call, and the pragma as a table-valued
  // function costs more again; under load either was a third of serving a cached answer.
  const changes = db.$client.prepare('select total_changes()').pluck();
  const dataVersion = db.$client.prepare('PRAGMA data_version').pluck();
  const scoped = db.$client.prepare("select coalesce((select version from read_model_versions where scope = 'global'), 0) || ':' || coalesce((select version from read_model_versions where scope = ?), 0) as v");
  const entries = new Map<string, CachedResponse>();

  /** The data version a response depends on: one council's (and the programme's), or everything's. */
  const signature = (councilId?: number): string => {
    if (councilId !== undefined) return (scoped.get(`council:${councilId}`) as { v: string }).v;
    return `${changes.get() as number}:${dataVersion.get() as number}`;
  };

  return {
    /** A serialiser bound to a response schema: only the schema's fields go out, as the route would send them. */
    serialiser<T>(schema: TSchema): (value: T) => string {
      return fastJson(schema as never) as (value: T) => string;
    },

    /** `councilId`: the response depends on that council's data only (and programme-wide settings). */
    get<T>(key: string, serialise: (value: T) => string, compute: () => T, councilId?: number): CachedResponse {
      const full = `${key}|${signature(councilId)}`;
      const hit = entries.get(full);
      if (hit !== undefined) {
        entries.delete(full);
        entries.set(full, hit);
        return hit;
      }
      const entry: CachedResponse = { json: Buffer.from(serialise(compute())) };
      entries.set(full, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return entry;
    },
  };
}

/** Sends a cached response in the best encoding the client accepts. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse) {
  const accepts = String(request.headers['accept-encoding'] ?? '');
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (/\bbr\b/.test(accepts)) {
    entry.br ??= brotliCompressSync(entry.json, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    return reply.header('content-encoding', 'br').send(entry.br);
  }
  if (/\bgzip\b/.test(accepts)) {
    entry.gzip ??= gzipSync(entry.json, { level: 5 });
    return reply.header('content-encoding', 'gzip').send(entry.gzip);
  }
  return reply.send(entry.json);
}
