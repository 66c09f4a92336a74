/**
 * Takes a consistent copy of the database while the server runs, checks it, and prints where it is.
 * Usage: npm run backup [-- --dir FOLDER]   (DATABASE_FILE as for the server; the folder defaults to
 * BACKUP_DIR, else "backups" beside the database file)
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config.ts';
import { backupDatabase } from '../server/db/backup.ts';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
const config = readConfig();
const dir = values.dir ?? config.backup.dir ?? join(dirname(config.databaseFile), 'backups');

try {
  const result = await backupDatabase(config.databaseFile, dir);
  const mb = (result.bytes / 1_048_576).toFixed(1);
  console.log(`Backed up ${config.databaseFile} to ${result.file} (${mb} MB, ${result.migrations} migrations; copied in ${Math.round(result.copyMs)} ms, integrity check ok in ${Math.round(result.checkMs)} ms).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
