/**
 * Deletes the configured database file (and its WAL files) and loads the demo programme afresh.
 * Refuses while a server (or a restore) holds the database: deleting the file under a running server loses
 * every write it acknowledges afterwards. The lock is held until the demo is loaded, so a server cannot start
 * half-way through either (server/db/in-use.ts).
 * Usage: npm run demo:reset   (uses DATABASE_FILE, default data/rollout.sqlite)
 */
import { rmSync } from 'node:fs';
import { readConfig } from '../server/config.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { DatabaseInUseError, holdDatabase } from '../server/db/in-use.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

const config = readConfig();
let hold: { release(): void };
try {
  hold = holdDatabase(config.databaseFile, 'demo reset');
} catch (error) {
  if (!(error instanceof DatabaseInUseError)) throw error;
  console.error(`Refused: ${error.message} Nothing was changed.`);
  process.exit(1);
}
try {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.databaseFile}${suffix}`, { force: true });
  const db = openDatabase({ file: config.databaseFile });
  await loadDemo(db);
  closeDatabase(db);
} finally {
  hold.release();
}
console.log(`The demo programme was reloaded into ${config.databaseFile}.`);
