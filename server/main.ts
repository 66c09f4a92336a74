import { buildApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { startBackgroundCheckpoints } from './db/checkpointer.ts';
import { closeDatabase, openDatabase } from './db/database.ts';
import { loadDemoIfEmpty } from './fixtures/demo.ts';
import { loggerOptions } from './http/logging.ts';

async function main(): Promise<void> {
  const config = readConfig();
  const db = openDatabase({ file: config.databaseFile });
  if (config.demoData && (await loadDemoIfEmpty(db))) console.log(`Loaded the demo programme into ${config.databaseFile}`);

  const checkpoints = startBackgroundCheckpoints(db, config.databaseFile, { onError: (message) => console.warn(`WAL checkpoint: ${message}`) });

  const app = await buildApp({
    db,
    logger: loggerOptions(config.logLevel),
    session: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    signInThrottle: { max: config.signInAttempts },
    trustProxy: config.trustProxy,
  });

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received, closing`);
    try {
      await app.close();
      await checkpoints.stop();
    } finally {
      closeDatabase(db);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  console.log(`Rollout Planner is running at ${address}/ (API docs at ${address}/api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
