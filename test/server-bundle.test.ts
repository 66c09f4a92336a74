/**
 * The server bundle (scripts/build-server.ts), as test/global-setup.ts built it for this run. V8 keeps a script's
 * whole source in the heap for as long as the process lives: a single character outside Latin-1, in a comment of a
 * bundled package, made the 6.9 MB bundle a two-byte string of 13.5 MB (docs/performance.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const script = inject('testServerScript');

describe('the server bundle', () => {
  const source = readFileSync(script);

  it('is ASCII only, so V8 keeps its source one byte a character', () => {
    const wide = source.findIndex((byte) => byte > 0x7f);
    expect(wide === -1 ? 'none' : source.subarray(Math.max(0, wide - 60), wide + 20).toString('utf8')).toBe('none');
  });

  it('carries no comments, and keeps the bundled packages\' licence notices in a file beside it', () => {
    // A comment in the server's own sources (server/db/schema/readiness.ts), which a bundle kept as written.
    expect(source.includes("a council's history is read from the index alone")).toBe(false);
    const legal = join(dirname(script), 'main.js.LEGAL.txt');
    expect(existsSync(legal)).toBe(true);
    expect(readFileSync(legal, 'utf8')).toMatch(/escape-html[\s\S]*MIT Licensed/);
  });

  it('keeps the names of functions and classes, which errors and logs show', () => {
    const text = source.toString('latin1');
    expect(text.includes('async function buildApp(')).toBe(true);
    // `ConfigError=class extends Error{}`: a class given to a named binding takes that binding's name.
    expect(/\bConfigError=class extends Error\b|\bclass ConfigError extends Error\b/.test(text)).toBe(true);
    // Without esbuild's keepNames, which would name every closure again each time it is made (on hot paths too).
    expect(text.includes('__name(')).toBe(false);
  });

  it('has a source map beside it, for stack traces read back to the sources', () => {
    const map = JSON.parse(readFileSync(`${script}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('server/app.ts'))).toBe(true);
  });
});
