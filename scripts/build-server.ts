/**
 * Bundles the server and its dependencies into dist/server/main.js (native addons and the API explorer stay in
 * node_modules): the production build the benchmark runs, without a TypeScript loader in the process. Each worker
 * thread's entry (`WORKER_SOURCES` in server/db/workers.ts) is bundled beside it.
 */
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { WORKER_SOURCES } from '../server/db/workers.ts';

/**
 * Packages left in node_modules: native addons (loaded from their build folders) and packages that read files of
 * their own at run time (the API explorer's static assets). A package that starts a worker from a file of its own
 * must join them before it is used: pino's transports (thread-stream), for one, would fail to start bundled. Today
 * the logger writes to standard output and needs none; moment, inside date-holidays, finds no locale files bundled
 * and stays in English, which is all it is used in.
 */
const KEPT_OUT = ['better-sqlite3', '@node-rs/argon2', '@fastify/swagger-ui'];

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
    // Dependencies are bundled too, so start-up reads one file instead of resolving and loading hundreds of modules
    // in node_modules (docs/performance.md, "Start-up"); only those that find files of their own at run time stay out.
    external: KEPT_OUT,
    // Bundled CommonJS packages call require() for Node's own modules, which an ES module has no binding for.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: true,
    // V8 keeps the bundle's source in the heap for the life of the process: without comments and white space it is
    // 5.0 MB instead of 6.9, and ASCII only, so one byte a character (one character outside Latin-1, in a bundled
    // package's comment, made it a two-byte string of 13.5 MB). Identifiers are not minified, so functions and classes keep
    // the bundle's names in errors and logs without esbuild's keepNames, which renames every closure as it is made, on
    // hot paths too; main.js.map maps stack positions back to the sources, and the packages' licence notices go to
    // main.js.LEGAL.txt beside it (test/server-bundle.test.ts).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'external',
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildServer();
  console.log('Built the server into dist/server/main.js.');
}
