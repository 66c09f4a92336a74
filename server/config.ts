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
  /** Behind a TLS-terminating reverse proxy (trust X-Forwarded-For and -Proto). */
  trustProxy: boolean;
  /** Scheduled online backups: off while dir is null (see docs/operations.md). */
  backup: { dir: string | null; everyHours: number; keep: number };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);

  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const demo = (env.DEMO_DATA ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(demo)) problems.push(`DEMO_DATA must be "on" or "off", got "${env.DEMO_DATA}"`);

  const trustProxy = (env.TRUST_PROXY ?? 'off').toLowerCase();
  if (!['on', 'off'].includes(trustProxy)) problems.push(`TRUST_PROXY must be "on" or "off", got "${env.TRUST_PROXY}"`);

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

  const backupDir = (env.BACKUP_DIR ?? '').trim() || null;
  const everyRaw = env.BACKUP_EVERY_HOURS;
  const backupEveryHours = Number(everyRaw ?? 24);
  if (!Number.isFinite(backupEveryHours) || backupEveryHours < 0.01 || backupEveryHours > 24 * 7) {
    problems.push(`BACKUP_EVERY_HOURS must be a number of hours from 0.01 to 168, got "${everyRaw}"`);
  }
  const backupKeep = whole('BACKUP_KEEP', 14, 1, 10_000);

  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);

  return {
    host: env.HOST ?? '127.0.0.1', port, databaseFile, logLevel, demoData: demo === 'on',
    sessionIdleMinutes, sessionAbsoluteHours, signInAttempts, trustProxy: trustProxy === 'on',
    backup: { dir: backupDir, everyHours: backupEveryHours, keep: backupKeep },
  };
}
