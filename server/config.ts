/**
 * The only place that reads the environment. Everything else receives a typed AppConfig.
 */
export interface AppConfig {
  host: string;
  port: number;
  databaseFile: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load the demo scenario when the database has no councils yet. */
  demoData: boolean;
  /** A session ends after this long without a request... */
  sessionIdleMinutes: number;
  /** ...and in any case this long after sign-in. */
  sessionAbsoluteHours: number;
  /** Sign-in attempts allowed per address and e-mail in 15 minutes. */
  signInAttempts: number;
  /**
   * Behind a TLS-terminating reverse proxy: false, the number of proxy hops to trust, or the proxies' addresses
   * (CIDR allowed). The client address is then the one the nearest trusted proxy saw, never a left-most,
   * client-written X-Forwarded-For entry.
   */
  trustProxy: false | number | string[];
  /** Scheduled online backups: off while dir is null (see docs/operations.md). */
  backup: { dir: string | null; everyHours: number; keep: number };
  /** Notifications: e-mail, the weekly digest and the sender (docs/notifications.md). */
  notifications: NotificationConfig;
  /** Staff voice answers and comments are deleted this many months after their round opened (docs/staff-voice.md). */
  voiceRetentionMonths: number;
  /** An action or RAID entry still open this many days after its date goes to the programme office (docs/raid.md, "Escalation"). */
  raidEscalateAfterDays: number;
  /**
   * Evaluated items the readiness engine keeps in memory for today and for other days ("as of"), each budget apart
   * (docs/adr/0014-composition-root-and-read-model-cache.md). Today's also grows to two whole passes over the plan.
   */
  readModelCache: { today: number; asOf: number };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {}

const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]*)(\/\d{1,3})?$/i;

/** TRUST_PROXY: off; on (one proxy, the usual case); a number of hops 1-10; or a comma list of proxy addresses. */
function readTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = (raw ?? 'off').trim().toLowerCase();
  if (value === 'off') return false;
  if (value === 'on') return 1;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value);
  const addresses = value.split(',').map((a) => a.trim()).filter(Boolean);
  if (addresses.length > 0 && addresses.every((a) => ADDRESS.test(a))) return addresses;
  problems.push(`TRUST_PROXY must be off, on (one proxy), a number of proxy hops from 1 to 10, or a comma list of proxy addresses, got "${raw}"`);
  return false;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);

  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const demo = (env.DEMO_DATA ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(demo)) problems.push(`DEMO_DATA must be "on" or "off", got "${env.DEMO_DATA}"`);

  const trustProxy = readTrustProxy(env.TRUST_PROXY, problems);

  const databaseFile = env.DATABASE_FILE ?? 'data/rollout.sqlite';
  if (databaseFile.trim() === '') problems.push('DATABASE_FILE must not be empty');

  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    const value = Number(raw ?? fallback);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
  const sessionIdleMinutes = whole('SESSION_IDLE_MINUTES', 30, 1, 24 * 60);
  const sessionAbsoluteHours = whole('SESSION_MAX_HOURS', 12, 1, 24 * 30);
  const signInAttempts = whole('SIGNIN_MAX_ATTEMPTS', 10, 1, 1000);
  const host = env.HOST ?? '127.0.0.1';
  const notifications = readNotificationConfig(env, problems, whole, `http://${host}:${port}`);

  const backupDir = (env.BACKUP_DIR ?? '').trim() || null;
  const everyRaw = env.BACKUP_EVERY_HOURS;
  const backupEveryHours = Number(everyRaw ?? 24);
  if (!Number.isFinite(backupEveryHours) || backupEveryHours < 0.01 || backupEveryHours > 24 * 7) {
    problems.push(`BACKUP_EVERY_HOURS must be a number of hours from 0.01 to 168, got "${everyRaw}"`);
  }
  const backupKeep = whole('BACKUP_KEEP', 14, 1, 10_000);
  const voiceRetentionMonths = whole('VOICE_RETENTION_MONTHS', 24, 1, 120);
  const raidEscalateAfterDays = whole('RAID_ESCALATE_AFTER_DAYS', 5, 1, 90);
  const readModelCache = { today: whole('READ_MODEL_CACHE_ITEMS', 40_000, 1_000, 10_000_000), asOf: whole('READ_MODEL_CACHE_AS_OF_ITEMS', 10_000, 100, 10_000_000) };

  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);

  return {
    host: env.HOST ?? '127.0.0.1', port, databaseFile, logLevel, demoData: demo === 'on',
    sessionIdleMinutes, sessionAbsoluteHours, signInAttempts, trustProxy,
    backup: { dir: backupDir, everyHours: backupEveryHours, keep: backupKeep },
    notifications,
    voiceRetentionMonths,
    raidEscalateAfterDays,
    readModelCache,
  };
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** Test-only: stop the sender at a point of a delivery so a test can kill the process there. */
export const SENDER_PAUSES = ['off', 'after-outbox', 'after-send'] as const;

export interface NotificationConfig {
  /** smtp://user:password@host:port or smtps://...; null: in-app notifications only, no e-mail. */
  smtpUrl: string | null;
  /** The From address of every e-mail. */
  mailFrom: string;
  /** Where the dashboard is reached from outside, for links in e-mails (no trailing slash). */
  publicUrl: string;
  /** Signs one-click unsubscribe links; required with SMTP_URL, so links stay valid across restarts. */
  unsubscribeSecret: string | null;
  /** The weekly digest: ISO weekday (1 = Monday), local time HH:MM, and the time zone it is read in. */
  digestWeekday: number;
  digestTime: string;
  timeZone: string;
  /** Reminders about readings look at items going live within this many weeks. */
  lookaheadWeeks: number;
  /** How often the sender looks for work. */
  pollMs: number;
  /** How long one server process holds the sending lease without renewing it. */
  leaseSeconds: number;
  /** Attempts before an e-mail is marked failed, and the first retry's delay (doubling after). */
  maxAttempts: number;
  retryBaseSeconds: number;
  /** Test-only (NOTIFY_TEST_PAUSE): "off" in production, where it changes nothing. */
  testPause: (typeof SENDER_PAUSES)[number];
}

function readNotificationConfig(
  env: NodeJS.ProcessEnv, problems: string[], whole: (name: string, fallback: number, min: number, max: number) => number, localUrl: string,
): NotificationConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null) {
    let protocol = '';
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch { /* reported below */ }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
  }
  const unsubscribeSecret = env.UNSUBSCRIBE_SECRET ?? null;
  if (unsubscribeSecret !== null && unsubscribeSecret.length < 32) problems.push('UNSUBSCRIBE_SECRET must be at least 32 characters');
  if (smtpUrl !== null && unsubscribeSecret === null) problems.push('UNSUBSCRIBE_SECRET is needed with SMTP_URL (at least 32 random characters), so unsubscribe links survive a restart');
  const mailFrom = env.MAIL_FROM ?? 'Rollout Planner <rollout-planner@example.org>';
  if (!/@/.test(mailFrom)) problems.push(`MAIL_FROM must hold an e-mail address, got "${mailFrom}"`);
  const publicUrl = (env.PUBLIC_URL ?? localUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push(`PUBLIC_URL must be an http or https address, got "${env.PUBLIC_URL}"`);
  const day = (env.DIGEST_DAY ?? 'monday').toLowerCase();
  const digestWeekday = WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]) + 1;
  if (digestWeekday === 0) problems.push(`DIGEST_DAY must be a day of the week (monday to sunday), got "${env.DIGEST_DAY}"`);
  const digestTime = env.DIGEST_TIME ?? '08:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(digestTime)) problems.push(`DIGEST_TIME must be a time of day as HH:MM, got "${digestTime}"`);
  const timeZone = env.DIGEST_TIME_ZONE ?? 'Europe/London';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    problems.push(`DIGEST_TIME_ZONE must be an IANA time zone such as Europe/London, got "${timeZone}"`);
  }
  const testPause = (env.NOTIFY_TEST_PAUSE ?? 'off') as NotificationConfig['testPause'];
  if (!SENDER_PAUSES.includes(testPause)) problems.push(`NOTIFY_TEST_PAUSE must be one of ${SENDER_PAUSES.join(', ')}, got "${env.NOTIFY_TEST_PAUSE}"`);
  return {
    smtpUrl, mailFrom, publicUrl, unsubscribeSecret, digestWeekday, digestTime, timeZone,
    lookaheadWeeks: whole('NOTIFY_LOOKAHEAD_WEEKS', 6, 1, 52),
    pollMs: whole('NOTIFY_POLL_MS', 15_000, 50, 3_600_000),
    leaseSeconds: whole('NOTIFY_LEASE_SECONDS', 60, 1, 3600),
    maxAttempts: whole('NOTIFY_MAX_ATTEMPTS', 6, 1, 20),
    retryBaseSeconds: whole('NOTIFY_RETRY_BASE_SECONDS', 60, 1, 86_400),
    testPause,
  };
}

/** The notification settings of an empty environment: in-app only, Monday 08:00 UK time. For tests and tools. */
export const defaultNotificationConfig = (): NotificationConfig => readNotificationConfig({}, [], (_name, fallback) => fallback, 'http://127.0.0.1:3000');
