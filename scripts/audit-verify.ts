/**
 * Recomputes the audit trail's hash chain and names the first row that does not match.
 * Usage: npm run audit:verify   (DATABASE_FILE as for the server; safe while it runs: it only reads)
 * Exit code 0: the whole trail matches; 1: it does not (or the file cannot be read).
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { readConfig } from '../server/config.ts';
import { verifyAuditChain } from '../server/db/audit-chain.ts';

const config = readConfig();
if (!existsSync(config.databaseFile)) {
  console.error(`${config.databaseFile} does not exist.`);
  process.exit(1);
}
const db = new Database(config.databaseFile, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
  const result = await verifyAuditChain(db);
  const upTo = result.verifiedUpTo ? `row ${result.verifiedUpTo.id}, written at ${result.verifiedUpTo.at}` : 'no row';
  if (result.ok) {
    console.log(`Audit trail verified: all ${result.rows} rows match, up to ${upTo}.`);
  } else {
    console.error(`Audit trail does NOT verify: row ${result.firstMismatch!.id} ${result.firstMismatch!.problem}. Verified up to ${upTo}.`);
    process.exitCode = 1;
  }
} finally {
  db.close();
}
