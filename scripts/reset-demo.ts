/**
 * Deletes the configured database file (and its WAL files) and loads the demo programme afresh.
 * Usage: npm run demo:reset   (uses DATABASE_FILE, default data/rollout.sqlite)
 */
import { rmSync } from 'node:fs';
import { readConfig } from '../server/config.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

const config = readConfig();
for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.databaseFile}${suffix}`, { force: true });
const db = openDatabase({ file: config.databaseFile });
await loadDemo(db);
closeDatabase(db);
console.log(`The demo programme was reloaded into ${config.databaseFile}.`);
