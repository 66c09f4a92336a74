import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../server/config.ts';

describe('configuration', () => {
  it('has defaults that run the demo on a local file', () => {
    expect(readConfig({})).toEqual({
      host: '127.0.0.1', port: 3000, databaseFile: 'data/rollout.sqlite', logLevel: 'info', demoData: true,
      sessionIdleMinutes: 30, sessionAbsoluteHours: 12, signInAttempts: 10, trustProxy: false,
      backup: { dir: null, everyHours: 24, keep: 14 },
      notifications: {
        smtpUrl: null, mailFrom: 'Rollout Planner <rollout-planner@example.org>', publicUrl: 'http://127.0.0.1:3000', unsubscribeSecret: null,
        digestWeekday: 1, digestTime: '08:00', timeZone: 'Europe/London', lookaheadWeeks: 6, pollMs: 15_000, leaseSeconds: 60,
        maxAttempts: 6, retryBaseSeconds: 60, testPause: 'off',
      },
      voiceRetentionMonths: 24,
      raidEscalateAfterDays: 5,
      readModelCache: { today: 40_000, asOf: 10_000 },
    });
  });

  it('reads every option from the environment', () => {
    expect(readConfig({
      HOST: '0.0.0.0', PORT: '8080', DATABASE_FILE: '/var/lib/rollout/db.sqlite', LOG_LEVEL: 'warn', DEMO_DATA: 'off',
      SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8', SIGNIN_MAX_ATTEMPTS: '5', TRUST_PROXY: 'on',
      BACKUP_DIR: '/var/backups/rollout', BACKUP_EVERY_HOURS: '6', BACKUP_KEEP: '28',
      SMTP_URL: 'smtps://rollout:secret@mail.example.org', MAIL_FROM: 'Rollout <rollout@example.org>', PUBLIC_URL: 'https://rollout.example.org/',
      UNSUBSCRIBE_SECRET: 'x'.repeat(32), DIGEST_DAY: 'Friday', DIGEST_TIME: '16:30', DIGEST_TIME_ZONE: 'Europe/Dublin', NOTIFY_LOOKAHEAD_WEEKS: '8',
      NOTIFY_POLL_MS: '5000', NOTIFY_LEASE_SECONDS: '30', NOTIFY_MAX_ATTEMPTS: '4', NOTIFY_RETRY_BASE_SECONDS: '120', NOTIFY_TEST_PAUSE: 'after-send',
      VOICE_RETENTION_MONTHS: '36', RAID_ESCALATE_AFTER_DAYS: '10', READ_MODEL_CACHE_ITEMS: '80000', READ_MODEL_CACHE_AS_OF_ITEMS: '5000',
    })).toEqual({
      host: '0.0.0.0', port: 8080, databaseFile: '/var/lib/rollout/db.sqlite', logLevel: 'warn', demoData: false,
      sessionIdleMinutes: 15, sessionAbsoluteHours: 8, signInAttempts: 5, trustProxy: 1,
      backup: { dir: '/var/backups/rollout', everyHours: 6, keep: 28 },
      notifications: {
        smtpUrl: 'smtps://rollout:secret@mail.example.org', mailFrom: 'Rollout <rollout@example.org>', publicUrl: 'https://rollout.example.org',
        unsubscribeSecret: 'x'.repeat(32), digestWeekday: 5, digestTime: '16:30', timeZone: 'Europe/Dublin', lookaheadWeeks: 8, pollMs: 5000,
        leaseSeconds: 30, maxAttempts: 4, retryBaseSeconds: 120, testPause: 'after-send',
      },
      voiceRetentionMonths: 36,
      raidEscalateAfterDays: 10,
      readModelCache: { today: 80_000, asOf: 5_000 },
    });
  });

  it('TRUST_PROXY names how many proxies, or which, to trust: never every hop', () => {
    expect(readConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: 'on' }).trustProxy).toBe(1);
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16']);
    for (const bad of ['all', '0', '11', 'true', '10.0.0.1; rm']) {
      expect(() => readConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY must be off, on \(one proxy\), a number of proxy hops from 1 to 10, or a comma list of proxy addresses/);
    }
  });

  it('fails fast, naming every bad value', () => {
    expect(() => readConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DEMO_DATA: 'maybe' })).toThrow(ConfigError);
    expect(() => readConfig({ BACKUP_EVERY_HOURS: '0', BACKUP_KEEP: 'all' })).toThrow(/BACKUP_EVERY_HOURS must be a number of hours from 0.01 to 168, got "0"[\s\S]*BACKUP_KEEP must be a whole number from 1 to 10000, got "all"/);
    expect(() => readConfig({ SMTP_URL: 'mail.example.org', DIGEST_DAY: 'Funday', DIGEST_TIME: '8am', DIGEST_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /SMTP_URL must look like smtp:\/\/[\s\S]*UNSUBSCRIBE_SECRET is needed with SMTP_URL[\s\S]*DIGEST_DAY must be a day of the week[\s\S]*DIGEST_TIME must be a time of day as HH:MM, got "8am"[\s\S]*DIGEST_TIME_ZONE must be an IANA time zone/,
    );
    expect(() => readConfig({ RAID_ESCALATE_AFTER_DAYS: '91' })).toThrow(/RAID_ESCALATE_AFTER_DAYS must be a whole number from 1 to 90, got "91"/);
    expect(() => readConfig({ VOICE_RETENTION_MONTHS: '0' })).toThrow(/VOICE_RETENTION_MONTHS must be a whole number from 1 to 120, got "0"/);
    expect(() => readConfig({ VOICE_RETENTION_MONTHS: 'Infinity' })).toThrow(/VOICE_RETENTION_MONTHS must be a whole number/);
    expect(() => readConfig({ PORT: '70000', LOG_LEVEL: 'loud' })).toThrow(/PORT must be a whole number from 0 to 65535, got "70000"[\s\S]*LOG_LEVEL must be one of/);
  });
});
