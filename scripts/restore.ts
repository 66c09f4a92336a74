/**
 * Puts a backup in place of the database: checks it first (integrity, known migrations), refuses while a
 * server holds the database, and keeps the file it replaces beside it.
 * Usage: npm run restore -- FILE   (DATABASE_FILE as for the server)
 */
import { readConfig } from '../server/config.ts';
import { DatabaseInUseError } from '../server/db/in-use.ts';
import { restoreDatabase, RestoreError } from '../server/db/restore.ts';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run restore -- FILE');
  process.exit(2);
}
const config = readConfig();
try {
  const result = restoreDatabase(file, config.databaseFile);
  console.log(`Restored ${result.restored} into ${result.into} (integrity check ok, ${result.applied.length} migrations applied).`);
  console.log(result.keptAs ? `The database it replaced is kept as ${result.keptAs}.` : 'There was no database there before.');
  if (result.pending.length > 0) console.log(`The server will apply ${result.pending.length} newer migration(s) when it starts: ${result.pending.join(', ')}.`);
} catch (error) {
  if (error instanceof DatabaseInUseError) console.error(`Refused: ${error.message} Nothing was changed.`);
  else if (error instanceof RestoreError) console.error(`Refused: ${error.message} Nothing was changed.`);
  else console.error(error);
  process.exit(1);
}
