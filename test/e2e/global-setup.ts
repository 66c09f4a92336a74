/**
 * Runs once before the e2e files: builds the dashboard if its sources changed since the last build, so
 * the servers the files start serve the current client, and loads the demo programme into one database
 * that every server starts on a copy of. Nothing to do when the browser is absent (the files then skip,
 * or fail in CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { browserAvailable, ensureClient, makeDemoDatabase } from './harness.ts';

export default function setup(project: TestProject): (() => void) | undefined {
  if (!browserAvailable()) return undefined;
  ensureClient();
  const dir = mkdtempSync(join(tmpdir(), 'rollout-e2e-demo-'));
  project.provide('e2eDemoDatabase', makeDemoDatabase(dir));
  return () => rmSync(dir, { recursive: true, force: true });
}
