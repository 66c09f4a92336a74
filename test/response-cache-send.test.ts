import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownBytes, sendCached, type CachedResponse } from '../server/read-models/response-cache.ts';

/**
 * A cached response goes out in the encoding the client accepts, each form made once per entry; a large body is
 * compressed on zlib's thread pool (docs/performance.md), to the same bytes a client unpacks.
 */
const small: CachedResponse = { json: Buffer.from(JSON.stringify({ councils: ['Eastbridge', 'Westvale'] })) };
const large: CachedResponse = {
  json: Buffer.from(JSON.stringify({ items: Array.from({ length: 4000 }, (_, n) => ({ itemId: n, name: `Item ${n}`, rag: n % 3 === 0 ? 'red' : 'green' })) })),
};
const app = Fastify();
app.get('/small', async (request, reply) => sendCached(request, reply, small));
app.get('/large', async (request, reply) => sendCached(request, reply, large));
beforeAll(() => app.ready());
afterAll(() => app.close());

describe('sendCached', () => {
  it.each([['small', small], ['large', large]] as const)('sends the %s body plain, as brotli and as gzip, each unpacking to the same JSON', async (path, entry) => {
    expect(path === 'large' ? entry.json.length > 64 * 1024 : entry.json.length < 1024).toBe(true);
    const get = (encoding?: string) => app.inject({ method: 'GET', url: `/${path}`, headers: encoding ? { 'accept-encoding': encoding } : {} });
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(entry.json)).toBe(true);
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).equals(entry.json)).toBe(true);
    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(entry.json)).toBe(true);
    // Kept with the entry: the next client gets the same bytes without compressing again.
    expect(entry.br?.equals(br.rawPayload)).toBe(true);
    expect(entry.gzip?.equals(gz.rawPayload)).toBe(true);
    expect(br.headers.etag).toBe(plain.headers.etag);
    expect(br.headers.vary).toContain('accept-encoding');
    // Each kept form holds memory of its own size, not the rest of zlib's 16 KB output chunk.
    expect(entry.br!.buffer.byteLength).toBe(entry.br!.byteLength);
    expect(entry.gzip!.buffer.byteLength).toBe(entry.gzip!.byteLength);
  });

  it('keeps a body zlib made as a view of a larger chunk in memory of its own size, with the same bytes', () => {
    const chunk = Buffer.alloc(16 * 1024, 7);
    const view = chunk.subarray(100, 800);
    const own = ownBytes(view);
    expect(own.buffer.byteLength).toBe(700);
    expect(own.equals(view)).toBe(true);
    const whole = Buffer.allocUnsafeSlow(300).fill(1);
    expect(ownBytes(whole)).toBe(whole);
  });
});
