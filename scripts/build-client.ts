/**
 * Builds the dashboard with Vite into dist/client, then writes .br and .gz beside every text asset
 * (@fastify/static serves them with preCompressed), and a stamp the start script compares against.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

export const CLIENT_OUT = 'dist/client';
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export async function buildClient(): Promise<void> {
  // Always the production build (minified, production JSX, no source paths), whoever calls: Vite takes its
  // mode from NODE_ENV when it is set, and the e2e set-up builds from inside vitest, where it is 'test'.
  const callerEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
  } finally {
    if (callerEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerEnv;
  }
  for (const file of files(CLIENT_OUT).filter((f) => COMPRESSIBLE.test(f))) {
    const content = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  }
  writeFileSync(join(CLIENT_OUT, '.build-stamp'), new Date().toISOString());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildClient();
  console.log(`Built the dashboard into ${CLIENT_OUT}.`);
}
