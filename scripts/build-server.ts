/**
 * Bundles the server into dist/server/main.js (dependencies stay in node_modules): the production build
 * the benchmark runs, without a TypeScript loader in the process.
 */
import { build } from 'esbuild';

export async function buildServer(outfile = 'dist/server/main.js'): Promise<void> {
  await build({
    entryPoints: ['server/main.ts'],
    outfile,
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
