/**
 * Runs once before the e2e files: builds the dashboard if its sources changed since the last build, so
 * the servers the files start serve the current client, bundles the server once (each file's server runs
 * the bundle), and loads the demo programme into one database that every server starts on a copy of. Nothing to do when the browser is absent (the files then skip,
 * or fail in CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build-server.ts';
import { browserAvailable, E2E_SERVER_SCRIPT, ensureClient, makeDemoDatabase } from './harness.ts';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (!browserAvailable()) return undefined;
  ensureClient();
  await buildServer(E2E_SERVER_SCRIPT);
  project.provide('e2eServerScript', E2E_SERVER_SCRIPT);
  const dir = mkdtempSync(join(tmpdir(), 'rollout-e2e-demo-'));
  project.provide('e2eDemoDatabase', makeDemoDatabase(dir));
  return () => rmSync(dir, { recursive: true, force: true });
}
