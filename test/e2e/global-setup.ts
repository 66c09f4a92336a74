/**
 * Runs once before the e2e files: builds the dashboard if its sources changed since the last build, so
 * the servers the files start serve the current client. Nothing to build for when the browser is absent
 * (the files then skip, or fail in CI).
 */
import { browserAvailable, ensureClient } from './harness.ts';

export default function setup(): void {
  if (browserAvailable()) ensureClient();
}
