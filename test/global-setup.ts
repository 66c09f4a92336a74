/**
 * Runs once before the unit files: bundles the server once for the run (scripts/build-server.ts), so the tests
 * that start it as a child process (test/server-process.ts, the notification crash test) run the bundle instead
 * of compiling every server module again through a TypeScript loader in each process they start.
 */
import type { TestProject } from 'vitest/node';
import { buildServer } from '../scripts/build-server.ts';

/** Its own file: the e2e project and the benchmark's smoke test build theirs meanwhile. */
export const TEST_SERVER_SCRIPT = 'dist/test-server/main.js';

export default async function setup(project: TestProject): Promise<void> {
  await buildServer(TEST_SERVER_SCRIPT);
  project.provide('testServerScript', TEST_SERVER_SCRIPT);
}
