/**
 * Builds the dashboard when it has never been built or its sources changed since: `npm start` runs
 * this first, so a fresh clone needs no separate build step.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildClient, CLIENT_OUT } from './build-client.ts';

function newest(dir: string): number {
  return readdirSync(dir).reduce((latest, name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }, 0);
}

const stamp = join(CLIENT_OUT, '.build-stamp');
const sources = Math.max(newest('client'), statSync('vite.config.ts').mtimeMs, statSync('package-lock.json').mtimeMs);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.log('Building the dashboard...');
  await buildClient();
}
