import { buildApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { startScheduledBackups, type ScheduledBackups } from './db/backup.ts';
import { startDatabaseThread } from './db/database-thread.ts';
import { closeDatabase, openDatabase } from './db/database.ts';
import { DatabaseInUseError, holdDatabase } from './db/in-use.ts';
import { today } from './domain/clock.ts';
import { loadHolidayCalendars } from './domain/working-days.ts';
import { loadDemoIfEmpty } from './fixtures/demo.ts';
import { loggerOptions } from './http/logging.ts';
import { createLazySchemaCompilers } from './http/validation.ts';

/** The routes the dashboard asks for first, whose schemas are compiled before the server listens. */
const FIRST_SCREEN = new Set(['/api/session', '/api/overview']);

/** How long after listening the rest of the routes' schemas are compiled. */
const SCHEMA_WARM_DELAY_MS = 2000;

async function main(): Promise<void> {
  const config = readConfig();
  // Restore and demo:reset refuse while this lock names a live server; it goes when the database is closed.
  const hold = holdDatabase(config.databaseFile, 'server');
  const db = openDatabase({ file: config.databaseFile });
  if (config.demoData && (await loadDemoIfEmpty(db))) console.log(`Loaded the demo programme into ${config.databaseFile}`);

  // WAL checkpoints, the audit chain's checks and the first counts of filtered lists, on one thread beside the serving one.
  const databaseThread = startDatabaseThread(db, config.databaseFile, { onError: (message) => console.warn(`Database thread: ${message}`) });

  // Request and reply schemas compiled on first use, and the rest once the server listens (http/validation.ts); the
  // first screen's (who is signed in, the overview) at once, as the dashboard asks for them first.
  const compilers = createLazySchemaCompilers({ now: ({ url }) => FIRST_SCREEN.has(url) });
  const app = await buildApp({
    db,
    compilers,
    logger: loggerOptions(config.logLevel),
    session: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    signInThrottle: { max: config.signInAttempts },
    trustProxy: config.trustProxy,
    notifications: config.notifications,
    voiceRetentionMonths: config.voiceRetentionMonths,
    raidEscalateAfterDays: config.raidEscalateAfterDays,
    readModelCache: config.readModelCache,
    databaseThread,
  });

  let backups: ScheduledBackups | null = null;
  if (config.backup.dir) {
    backups = startScheduledBackups({
      databaseFile: config.databaseFile, dir: config.backup.dir, everyHours: config.backup.everyHours, keep: config.backup.keep,
      onDone: (result, pruned) => app.log.info({ backup: result.file, bytes: result.bytes, copyMs: Math.round(result.copyMs), checkMs: Math.round(result.checkMs), pruned }, 'backup taken'),
      onError: (message) => app.log.error({ backupDir: config.backup.dir }, message),
    });
  }

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received, closing`);
    try {
      await app.close();
      await backups?.stop();
      await databaseThread.stop();
    } finally {
      closeDatabase(db);
      hold.release();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // The bank holidays of the years around today, read before the first request needs them (about 100 ms at once).
  loadHolidayCalendars(Number(today(app.clock).slice(0, 4)));
  // The OpenAPI document, made and written before the first request asks for it (some 250 ms in one piece).
  await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const address = await app.listen({ host: config.host, port: config.port });
  // Its compressed forms too, made off the event loop while the first requests are served.
  for (const encoding of ['br', 'gzip']) void app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': encoding } });
  // Every route's schemas not compiled yet, one a turn of the event loop, while requests are served; two seconds in,
  // so the overview and the trends warmed in the background since listening (dashboard/warm.ts) go first.
  setTimeout(() => void compilers.warm(app.services.background.turn).then((count) => app.log.debug({ count }, 'schemas compiled')), SCHEMA_WARM_DELAY_MS).unref();
  // The sender and scheduler: in every process, working only while this one holds the lease (docs/notifications.md).
  app.notifications.worker.start();
  if (config.notifications.smtpUrl === null) console.log('E-mail is off (SMTP_URL is not set): notifications are in the app only.');
  console.log(`Rollout Planner is running at ${address}/ (API docs at ${address}/api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DatabaseInUseError ? error.message : error);
  process.exit(1);
});
