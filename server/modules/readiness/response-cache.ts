import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastJson from 'fast-json-stringify';
import type { TSchema } from 'typebox';
import { createChangeSignal } from '../../db/change-signal.ts';
import type { Db } from '../../db/database.ts';
import { weakTagOf } from '../../http/conditional.ts';

/** A serialised response; each compressed form is made the first time a client asks for it, then kept. */
export interface CachedResponse {
  json: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  /** A weak ETag of the JSON, the same whatever the encoding (http/conditional.ts answers If-None-Match). */
  etag?: string;
}

/** What a cached response depends on beyond the change signal: one council's versions, or every scope's. */
type Scoping = number | 'programme';

/**
 * Serialised read models, reused until the data behind them changes: caching only where it is correct.
 * Every entry remembers the change signal it was made under (any committed write moves it); while that
 * holds, the entry is served without asking the database anything else. A response about one council
 * also remembers that council's and the programme's read-model versions (bumped by database triggers in
 * the same transaction as each write), so a write to another council does not throw it away.
 */
export function createResponseCache(db: Db, maxEntries = 150) {
  const anyChange = createChangeSignal(db.$client);
  const scoped = db.$client.prepare("select coalesce((select version from read_model_versions where scope = 'global'), 0) || ':' || coalesce((select version from read_model_versions where scope = ?), 0)").pluck();
  // Every scope at once: versions only grow, so their sum and count move whenever any of them does.
  const programme = db.$client.prepare('select coalesce(sum(version), 0) || \':\' || count(*) from read_model_versions').pluck();
  const entries = new Map<string, { signal: string; councilVersion?: string; response: CachedResponse }>();

  const keep = (key: string, entry: { signal: string; councilVersion?: string; response: CachedResponse }) => {
    entries.delete(key);
    entries.set(key, entry); // most recently used last
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return entry.response;
  };

  /** The entry still good for `key`, or what a new one is to be kept under. */
  const lookup = (key: string, councilId?: Scoping): { response: CachedResponse } | { signal: string; councilVersion?: string } => {
    const signal = anyChange();
    const hit = entries.get(key);
    if (hit?.signal === signal) return { response: keep(key, hit) };
    const councilVersion = councilId === undefined ? undefined : councilId === 'programme' ? (programme.get() as string) : (scoped.get(`council:${councilId}`) as string);
    if (hit && councilVersion !== undefined && hit.councilVersion === councilVersion) return { response: keep(key, { ...hit, signal }) };
    return { signal, councilVersion };
  };

  return {
    /** A serialiser bound to a response schema: only the schema's fields go out, as the route would send them. */
    serialiser<T>(schema: TSchema): (value: T) => string {
      return fastJson(schema as never) as (value: T) => string;
    },

    /**
     * `councilId`: the response depends on that council's data only (and programme-wide settings); 'programme': on
     * the tables of read-model-scopes.ts alone, so it outlives writes to anything else (sessions, audit, outbox).
     */
    get<T>(key: string, serialise: (value: T) => string, compute: () => T, councilId?: Scoping): CachedResponse {
      const found = lookup(key, councilId);
      if ('response' in found) return found.response;
      return keep(key, { ...found, response: { json: Buffer.from(serialise(compute())) } });
    },

    /**
     * The same for a read model made in slices (http/steps.ts). The entry is kept under the change signal read
     * before it was made, so a write that lands while it is being made is seen by the next request.
     */
    async getAsync<T>(key: string, serialise: (value: T) => string, compute: () => Promise<T>, councilId?: Scoping): Promise<CachedResponse> {
      const found = lookup(key, councilId);
      if ('response' in found) return found.response;
      const value = await compute();
      return keep(key, { ...found, response: { json: Buffer.from(serialise(value)) } });
    },
  };
}

/** Sends a cached response in the best encoding the client accepts. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse) {
  const accepts = String(request.headers['accept-encoding'] ?? '');
  entry.etag ??= weakTagOf(entry.json);
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding').header('etag', entry.etag);
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
