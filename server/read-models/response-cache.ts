import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastJson from 'fast-json-stringify';
import { withNullableTypes } from '../http/validation.ts';
import type { TSchema } from 'typebox';
import { changeSignalOf } from '../db/change-signal.ts';
import type { Db } from '../db/database.ts';
import { today, type Clock } from '../domain/clock.ts';
import { weakTagOf } from '../http/conditional.ts';
import { createReadModelCache, type CacheBudget } from './cache.ts';
import { createVersionReader, type PastMark } from './scopes.ts';
import { extend } from '../domain/objects.ts';

/** A serialised response; each compressed form is made the first time a client asks for it, then kept. */
export interface CachedResponse {
  json: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  /** A weak ETag of the JSON, the same whatever the encoding (http/conditional.ts answers If-None-Match). */
  etag?: string;
}

/**
 * What a cached response depends on beyond the change signal: one council's versions, the versions of the councils
 * with items in a wave today (read-models/scopes.ts, `waveStamp`), or every scope's.
 */
export type Scoping = number | { waveToday: number } | 'programme' | ProgrammeScoping | OwnTablesScoping;

/**
 * A response that depends on the tables of the scope map and on `also` (a fingerprint of anything else it shows,
 * such as the benefits figures), and on nothing else (no sessions, audit rows or outbox). About today or a later
 * day it is kept while every scope's versions and `also` stand; about a day before today, while the only writes
 * since it was made are readings dated after that day and new wins that day's views do not show
 * (read-models/scopes.ts, `pastUnchanged`, ADR 0019).
 */
export interface ProgrammeScoping {
  programme: true;
  also: string;
}

/**
 * A response made from tables of its own alone, none of them in the scope map's read models, which `fingerprint`
 * covers whole (every table it reads: a row count, highest id and sum of versions each, as the benefits figures'
 * fingerprint.ts). It is kept, about any day, while the fingerprint stands: a reading, a session or a notification
 * leaves it be.
 */
export interface OwnTablesScoping {
  fingerprint: string;
}

export interface CacheKey {
  /** What the response depends on beyond the change signal (see `get`). */
  scope?: Scoping;
  /** The day the response is about ("as of"); undefined or today's counts against today's budget. */
  day?: string;
}

interface Entry {
  signal: string;
  stamp?: string;
  /** For a response about a day before today: what it was made from (read-models/scopes.ts). */
  past?: PastMark;
  response: CachedResponse;
}

/** A response to be made: what it is to be kept under, and the response kept before it under the same key, if any. */
interface Missed {
  mark: Omit<Entry, 'response'>;
  previous: CachedResponse | undefined;
}

type Found = { response: CachedResponse } | Missed;

/** Bytes of serialised JSON kept by default: today's and other days' budgets (read-models/cache.ts). */
export const DEFAULT_RESPONSE_BUDGET: CacheBudget = { today: 32 * 1024 * 1024, asOf: 8 * 1024 * 1024 };

/**
 * Serialised read models, reused until the data behind them changes: caching only where it is correct.
 * Every entry remembers the change signal it was made under (any committed write moves it); while that
 * holds, the entry is served without asking the database anything else. A response about one council
 * also remembers that council's and the programme's read-model versions (bumped by database triggers in
 * the same transaction as each write), so a write to another council does not throw it away.
 *
 * Entries are kept in the read models' bounded cache, sized in bytes of JSON, with today's responses and other
 * days' in separate budgets.
 */
export function createResponseCache(db: Db, clock: Clock, budget: CacheBudget = DEFAULT_RESPONSE_BUDGET) {
  const anyChange = changeSignalOf(db.$client);
  const stamps = createVersionReader(db);
  const entries = createReadModelCache<Entry>({ budget, today: () => today(clock), sizeOf: (entry) => entry.response.json.length });
  /** Responses being made in slices, by key, with the change signal each was started under. */
  const making = new Map<string, { signal: string; response: Promise<CachedResponse> }>();

  const keep = (key: string, entry: Entry, day: string | undefined) => {
    // Nothing made inside a transaction is kept: a rollback leaves the count of changes (the signal) and version
    // numbers that the next committed writes take again.
    if (!db.$client.inTransaction) entries.set(key, entry, day);
    return entry.response;
  };

  const stampOf = (scope: Scoping | undefined): string | undefined => {
    if (scope === undefined) return undefined;
    if (scope === 'programme') return stamps.programmeStamp();
    if (typeof scope === 'object' && 'programme' in scope) return `${stamps.programmeStamp()}|${scope.also}`;
    if (typeof scope === 'object' && 'fingerprint' in scope) return scope.fingerprint;
    return typeof scope === 'number' ? stamps.councilStamp(scope) : stamps.waveStamp(scope.waveToday);
  };

  /**
   * For a response about a day before today (one council's, or one on the whole scope map and `also`): kept, or
   * what a new one is to be kept under (read-models/scopes.ts, `pastUnchanged`).
   */
  const lookupPast = (key: string, on: { council?: number; also: string }, day: string, signal: string, hit: Entry | undefined): Found => {
    if (hit?.past && hit.stamp === on.also && hit.past.council === on.council) {
      const past = stamps.pastUnchanged(hit.past, day);
      if (past) return { response: keep(key, extend(hit, { signal, past }), day) };
    }
    const past = stamps.pastMark(on.council);
    anyChange.forget(); // see `lookup`
    return { mark: { signal, stamp: on.also, past }, previous: hit?.response };
  };

  /**
   * The entry still good for `key`, or what a new one is to be kept under and the response it replaces (whose
   * compressed forms and tag serve again when the new one's JSON is the same, byte for byte).
   */
  const lookup = (key: string, { scope, day }: CacheKey): Found => {
    const signal = anyChange();
    const hit = entries.get(key, day);
    if (hit?.signal === signal) return { response: hit.response };
    if (day !== undefined && day < today(clock)) {
      if (typeof scope === 'number') return lookupPast(key, { council: scope, also: '' }, day, signal, hit);
      if (typeof scope === 'object' && 'programme' in scope) return lookupPast(key, scope, day, signal, hit);
    }
    const stamp = stampOf(scope);
    if (hit && stamp !== undefined && hit.stamp === stamp) return { response: keep(key, extend(hit, { signal }), day) };
    // What is made now must be at least as new as the stamp just read from the tables: the answers it reuses are
    // checked against the change signal, whose `data_version` may have been read before the stamp (earlier in the
    // turn), so it is read again. Otherwise another process's commit between the two could be kept under the new
    // stamp with the old content, and served until the next write to its scope.
    anyChange.forget();
    return { mark: { signal, stamp }, previous: hit?.response };
  };

  /** A response made now under `found`'s mark and kept: the one it replaces, when that says the same. */
  const made = (key: string, found: Missed, json: Buffer, day: string | undefined): CachedResponse =>
    keep(key, extend(found.mark, { response: found.previous?.json.equals(json) ? found.previous : { json } }), day);

  return {
    /** A serialiser bound to a response schema: only the schema's fields go out, as the route would send them. */
    serialiser<T>(schema: TSchema): (value: T) => string {
      // "This or null" as a type list, as the routes' own serialisers have it (http/validation.ts): no Ajv compile on the first reply.
      return fastJson(withNullableTypes(schema) as never) as (value: T) => string;
    },

    /**
     * `scope`: a council id when the response depends on that council's data only (and programme-wide settings;
     * about a day before today, kept while that council's only writes are readings and wins dated after it);
     * 'programme' when on the tables of read-model-scopes.ts alone, so it outlives writes to anything else
     * (sessions, audit, outbox). Without a scope, any committed write makes it again.
     */
    get<T>(key: string, serialise: (value: T) => string, compute: () => T, at: CacheKey = {}): CachedResponse {
      const found = lookup(key, at);
      if ('response' in found) return found.response;
      return made(key, found, Buffer.from(serialise(compute())), at.day);
    },

    /**
     * The same for a read model made in slices (http/steps.ts). The entry is kept under the change signal read
     * before it was made, so a write that lands while it is being made is seen by the next request. A request that
     * misses while the same key is being made under the same signal waits for that making; one that comes after
     * a write (a new signal) makes its own, so a writer never reads a response begun before its write.
     */
    async getAsync<T>(key: string, serialise: (value: T) => string, compute: () => Promise<T>, at: CacheKey = {}): Promise<CachedResponse> {
      const found = lookup(key, at);
      if ('response' in found) return found.response;
      // Requests that miss under the same change signal share one making: a burst of readers after a write would
      // otherwise each start the same sliced build, and the slices of all of them would share the event loop.
      const running = making.get(key);
      if (running?.signal === found.mark.signal) return running.response;
      const response = (async () => made(key, found, Buffer.from(serialise(await compute())), at.day))();
      const entry = { signal: found.mark.signal, response };
      making.set(key, entry);
      const done = () => {
        if (making.get(key) === entry) making.delete(key);
      };
      response.then(done, done);
      return response;
    },

    /**
     * Keeps a response made elsewhere (a copy kept on disk, read-models/snapshots.ts) for `key` as if it were made
     * now, unless one is already kept; `load` is asked only then, and may have none.
     */
    adopt(key: string, at: CacheKey, load: () => Buffer | undefined): void {
      const found = lookup(key, at);
      if ('response' in found) return;
      const json = load();
      if (json) made(key, found, json, at.day);
    },

    stats: () => entries.stats(),
  };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;

/** From this size a body is compressed on zlib's thread pool rather than on the event loop (a few milliseconds of CPU). */
const COMPRESS_OFF_LOOP_FROM = 32 * 1024;
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/**
 * Brotli's quality: 4 off the event loop; 1 on it, for bodies under COMPRESS_OFF_LOOP_FROM, which are made again after
 * every write to what they show. At 1 an item's readiness (18 KB of JSON) took 44 µs against 229 at 4, for 3.2 KB
 * sent against 2.6 (docs/performance.md, "The mixed load's main thread").
 */
const BROTLI = { large: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }, small: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } } };
const GZIP = { level: 5 };

/**
 * A compressed body in memory of its own size. zlib hands back a view of its 16 KB output chunk when the body fits in
 * one, and a kept entry would hold the whole chunk: a 700-byte body kept 16 KB (docs/performance.md, "Compressed
 * bodies of their own size").
 */
export function ownBytes(body: Buffer): Buffer {
  if (body.byteLength === body.buffer.byteLength) return body;
  const copy = Buffer.allocUnsafeSlow(body.byteLength);
  body.copy(copy);
  return copy;
}

/**
 * Sends a cached response in the best encoding the client accepts. Each compressed form is made once per entry;
 * a large one off the event loop, so the first sponsor to open a national overview holds up no other request.
 */
export async function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse) {
  const accepts = String(request.headers['accept-encoding'] ?? '');
  const large = entry.json.length >= COMPRESS_OFF_LOOP_FROM;
  entry.etag ??= weakTagOf(entry.json);
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding').header('etag', entry.etag);
  if (/\bbr\b/.test(accepts)) {
    entry.br ??= ownBytes(large ? await brotliAsync(entry.json, BROTLI.large) : brotliCompressSync(entry.json, BROTLI.small));
    return reply.header('content-encoding', 'br').send(entry.br);
  }
  if (/\bgzip\b/.test(accepts)) {
    entry.gzip ??= ownBytes(large ? await gzipAsync(entry.json, GZIP) : gzipSync(entry.json, GZIP));
    return reply.header('content-encoding', 'gzip').send(entry.gzip);
  }
  return reply.send(entry.json);
}
