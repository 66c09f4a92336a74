/**
 * Bundles the server into dist/server/main.js (dependencies stay in node_modules): the production build
 * the benchmark runs, without a TypeScript loader in the process. Each worker thread's entry
 * (`WORKER_SOURCES` in server/db/workers.ts) is bundled beside it.
 */
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { WORKER_SOURCES } from '../server/db/workers.ts';

export async function buildServer(outfile = 'dist/server/main.js'): Promise<void> {
  if (!outfile.endsWith('/main.js')) throw new Error(`The server bundle is main.js in its own folder, not ${outfile}`);
  await build({
    entryPoints: {
      main: 'server/main.ts',
      ...Object.fromEntries(Object.entries(WORKER_SOURCES).map(([name, source]) => [`${name}.worker`, `server/${source}`])),
    },
    outdir: dirname(outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildServer();
  console.log('Built the server into dist/server/main.js.');
}
