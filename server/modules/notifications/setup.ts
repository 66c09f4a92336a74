import type { Background } from '../../http/background.ts';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { NotificationConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ReadinessEngine } from '../readiness/read-model.ts';
import { createNotificationWorker } from './worker.ts';

export interface Notifications {
  config: NotificationConfig;
  /** Signs unsubscribe links: from config, else (no e-mail is sent) a random one for this process's previews. */
  secret: string;
  /** The sender and scheduler; server/main.ts starts it, tests call tick() on their own clock. */
  worker: ReturnType<typeof createNotificationWorker>;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: Notifications;
  }
}

export function createNotifications(db: Db, clock: Clock, engine: ReadinessEngine, config: NotificationConfig, log?: FastifyBaseLogger, background?: Background): Notifications {
  const secret = config.unsubscribeSecret ?? randomBytes(32).toString('base64url');
  const worker = createNotificationWorker({
    db, clock, engine, config, secret, turn: background?.turn,
    log: log ? { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) } : undefined,
  });
  return { config, secret, worker };
}
