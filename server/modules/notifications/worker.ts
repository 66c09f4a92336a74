import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, isNull, lte, ne, sql } from 'drizzle-orm';
import type { NotificationConfig } from '../../config.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import type { ReadinessEngine } from '../readiness/read-model.ts';
import { notificationAttempts, notificationLeases, notificationSchedule, notifications, users } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { enqueueAlerts, enqueueDigests, enqueueMonthlySummaries } from './digest.ts';
import { expandEventsInSlices } from './events.ts';
import type { KindName } from './kinds.ts';
import { compose, deliver, DeliveryError } from './mailer.ts';
import { renderEmail, unsubscribeUrl } from './render.ts';
import { localDay, nextDaily, nextMonthly, nextWeekly } from './schedule.ts';
import { insertNotification, people, preferencesOf, type NotificationRow, type StoredSection } from './store.ts';

const LEASE = 'sender';
const BATCH = 50;

export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface TickReport {
  /** This process held the lease and did the work (else another process does). */
  held: boolean;
  jobsRun: string[];
  sent: number;
  failed: number;
  recovered: number;
  /** Plan changes turned into notifications this round. */
  events: number;
}

/** The stable Message-ID of a notification: from the person and the de-duplication key, so a resend carries the same one. */
export function messageIdOf(row: Pick<NotificationRow, 'userId' | 'dedupeKey'>, mailFrom: string): string {
  const domain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'rollout-planner.invalid';
  const hash = createHash('sha256').update(`${row.userId}\n${row.dedupeKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

/**
 * The sender and the scheduler, in every server process, with one doing the work at a time: whoever holds the
 * lease row (renewed on every tick, taken over when it expires). See docs/notifications.md for the delivery states
 * and why a crash at any point neither loses a notification nor sends one twice.
 */
// eslint-disable-next-line max-lines-per-function -- the one leased sender and scheduler: its timers, lease and state live in this closure (docs/adr/0011)
export function createNotificationWorker(options: {
  db: Db; clock: Clock; engine: ReadinessEngine; config: NotificationConfig; secret: string; log?: WorkerLog; holder?: string;
  /** Awaited between slices of the events' expansion: the app's background turn, so requests being served go first. */
  turn?: () => Promise<unknown>;
}) {
  const { db, clock, config, secret } = options;
  const log: WorkerLog = options.log ?? { info: () => undefined, warn: () => undefined, error: () => undefined };
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const iso = (d: Date) => d.toISOString();
  const today = (at: Date) => localDay(at, config.timeZone);

  // --- the lease -------------------------------------------------------------------------------------------
  const takeLease = db.$client.prepare(`
    insert into notification_leases (name, holder, acquired_at, expires_at) values (@name, @holder, @now, @expires)
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at,
      acquired_at = case when notification_leases.holder = excluded.holder then notification_leases.acquired_at else excluded.acquired_at end
    where notification_leases.holder = excluded.holder or notification_leases.expires_at <= @now
    returning holder`);
  /** Takes or renews the lease; false while another live process holds it. One statement, so two processes cannot both win. */
  const holdLease = (now: Date): boolean =>
    takeLease.get({ name: LEASE, holder, now: iso(now), expires: iso(new Date(now.getTime() + config.leaseSeconds * 1000)) }) !== undefined;
  const stillHolds = (now: Date): boolean =>
    db.select({ holder: notificationLeases.holder }).from(notificationLeases)
      .where(and(eq(notificationLeases.name, LEASE), eq(notificationLeases.holder, holder), sql`${notificationLeases.expiresAt} > ${iso(now)}`)).get() !== undefined;

  // --- the schedule ----------------------------------------------------------------------------------------
  const jobs: Record<string, { next: (after: Date) => Date; run: (now: Date, slot: Date) => void }> = {
    'weekly-digest': {
      next: (after) => nextWeekly(after, config.digestWeekday, config.digestTime, config.timeZone),
      run: (now, slot) => void enqueueDigests(db, options.engine, now, localDay(slot, config.timeZone), today(now), config.lookaheadWeeks),
    },
    'daily-alerts': {
      next: (after) => nextDaily(after, config.digestTime, config.timeZone),
      run: (now) => void enqueueAlerts(db, now, today(now)),
    },
    'monthly-summary': {
      next: (after) => nextMonthly(after, config.digestTime, config.timeZone),
      run: (now) => void enqueueMonthlySummaries(db, now, today(now)),
    },
  };

  /**
   * Another module's job, run once a day at the digest time under the same lease and durable schedule (e.g. the
   * staff voice retention, modules/voice/retention.ts). It gets the instant and the local day it runs on; what it
   * writes commits with the move of its next-run time.
   */
  function scheduleDaily(job: string, run: (now: Date, day: string) => void): void {
    if (job in jobs) throw new Error(`A scheduled job called ${job} already exists`);
    jobs[job] = { next: (after) => nextDaily(after, config.digestTime, config.timeZone), run: (now) => run(now, today(now)) };
  }

  /**
   * Runs each job whose time has come, once, whatever it missed: the next run is computed from now, not from the
   * missed time, so a week of downtime gives one digest, not a backlog. The move of the next-run time and what the
   * job writes commit together (and only if the next-run time is still the one read), so a crash runs it again
   * and two processes cannot both run it.
   */
  function runDueJobs(now: Date): string[] {
    const ran: string[] = [];
    for (const [job, spec] of Object.entries(jobs)) {
      const row = db.select().from(notificationSchedule).where(eq(notificationSchedule.job, job)).get();
      if (!row) {
        db.insert(notificationSchedule).values({ job, nextRunAt: iso(spec.next(now)) }).onConflictDoNothing().run();
        continue;
      }
      if (row.nextRunAt > iso(now)) continue;
      inTransaction(db, () => {
        const moved = db.update(notificationSchedule).set({ nextRunAt: iso(spec.next(now)), lastRunAt: iso(now) })
          .where(and(eq(notificationSchedule.job, job), eq(notificationSchedule.nextRunAt, row.nextRunAt))).run();
        if (moved.changes === 0) return;
        spec.run(now, new Date(row.nextRunAt));
        ran.push(job);
      });
    }
    return ran;
  }

  // --- delivery --------------------------------------------------------------------------------------------
  const finishAttempt = (notificationId: number, now: Date, outcome: (typeof notificationAttempts.$inferSelect)['outcome'], error: string | null) =>
    db.update(notificationAttempts).set({ finishedAt: iso(now), outcome, error })
      .where(and(eq(notificationAttempts.notificationId, notificationId), isNull(notificationAttempts.finishedAt))).run();

  /** Tells the programme office (in the app by default) that an e-mail needs their attention. Never about such a notice itself. */
  const tellOffice = (row: NotificationRow, now: Date, what: string) => {
    if (row.kind === 'delivery_failed') return;
    const to = db.select({ name: users.displayName }).from(users).where(eq(users.id, row.userId)).get()?.name ?? 'someone';
    for (const person of people(db, { roles: ['office'] })) {
      const switches = preferencesOf(db, person.id).delivery_failed;
      insertNotification(db, iso(now), {
        userId: person.id, kind: 'delivery_failed', dedupeKey: `delivery:${row.id}:${row.attempts}`,
        title: `E-mail ${what}: “${row.title}” to ${to}`, body: row.lastError ?? '', link: `/notifications/outbox?id=${row.id}`,
        shown: switches.inApp, emailTo: switches.email ? person.email : null,
      });
    }
  };

  /**
   * After another process lost the lease (it stopped, or crashed): its unfinished deliveries are settled.
   * "sending": the server never got the end of the message, so it was not delivered: send it again.
   * "committing": the end was being handed over: it may have arrived, so it is taken as sent and never resent
   * automatically; the office is told, and can resend after checking.
   */
  function recover(now: Date): number {
    return inTransaction(db, () => {
      const stranded = db.select().from(notifications)
        .where(and(sql`${notifications.emailState} in ('sending', 'committing')`, ne(notifications.claimedBy, holder))).all();
      for (const row of stranded) {
        if (row.emailState === 'sending') {
          db.update(notifications).set({ emailState: 'pending', claimedBy: null, nextAttemptAt: iso(now), lastError: 'Interrupted before the message was complete; sent again.' })
            .where(eq(notifications.id, row.id)).run();
          finishAttempt(row.id, now, 'interrupted', 'The sending process stopped before the message was complete.');
        } else {
          const note = 'The sending process stopped as the message was completed, before the mail server’s acceptance was recorded: taken as delivered and not resent. Resend if the person did not get it.';
          db.update(notifications).set({ emailState: 'sent', claimedBy: null, sentAt: iso(now), lastError: note }).where(eq(notifications.id, row.id)).run();
          finishAttempt(row.id, now, 'assumed_sent', note);
          tellOffice({ ...row, lastError: note }, now, 'delivery not confirmed');
        }
      }
      return stranded.length;
    });
  }

  /** Test-only: stop here for good (the test kills the process). Off in production. */
  const pauseAt = async (point: NotificationConfig['testPause'], id: number) => {
    if (config.testPause !== point) return;
    process.stdout.write(`notifications: paused ${point} notification ${id}\n`);
    await new Promise(() => undefined);
  };

  async function deliverOne(row: NotificationRow, smtpUrl: string): Promise<'sent' | 'failed' | 'retry' | 'skipped'> {
    await pauseAt('after-outbox', row.id);
    const claimedAt = clock();
    const claimed = inTransaction(db, () => {
      if (!stillHolds(claimedAt)) return false;
      const changed = db.update(notifications).set({ emailState: 'sending', claimedBy: holder, attempts: sql`${notifications.attempts} + 1` })
        .where(and(eq(notifications.id, row.id), eq(notifications.emailState, 'pending'))).run().changes;
      if (changed === 0) return false;
      db.insert(notificationAttempts).values({ notificationId: row.id, startedAt: iso(claimedAt), holder }).run();
      return true;
    });
    if (!claimed) return 'skipped';
    const current = db.select().from(notifications).where(eq(notifications.id, row.id)).get()!;
    const name = db.select({ name: users.displayName }).from(users).where(eq(users.id, row.userId)).get()?.name ?? '';
    const rendered = renderEmail({ name, kind: row.kind as KindName, title: row.title, body: row.body, link: row.link, details: row.details as StoredSection[] | null },
      config.publicUrl, secret, row.userId);
    try {
      const { raw, envelope } = await compose({
        from: config.mailFrom, to: row.emailTo!, ...rendered, messageId: messageIdOf(row, config.mailFrom), date: clock(),
        unsubscribeUrl: unsubscribeUrl(config.publicUrl, secret, row.userId, row.kind),
      });
      // The commit point: recorded just before the end of the message goes, and only while this process still
      // holds the lease and the claim (otherwise the message is abandoned and the server never delivers it).
      await deliver(smtpUrl, envelope, raw, () => inTransaction(db, () => stillHolds(clock()) && db.update(notifications).set({ emailState: 'committing' })
        .where(and(eq(notifications.id, row.id), eq(notifications.emailState, 'sending'), eq(notifications.claimedBy, holder))).run().changes === 1));
      await pauseAt('after-send', row.id);
      const done = clock();
      inTransaction(db, () => {
        db.update(notifications).set({ emailState: 'sent', sentAt: iso(done), claimedBy: null, lastError: null, nextAttemptAt: null })
          .where(and(eq(notifications.id, row.id), eq(notifications.claimedBy, holder))).run();
        finishAttempt(row.id, done, 'sent', null);
      });
      return 'sent';
    } catch (error) {
      const failedAt = clock();
      const problem = error instanceof DeliveryError ? error : new DeliveryError(String((error as Error)?.message ?? error), false, undefined);
      return inTransaction(db, () => {
        if (problem.committed && problem.responseCode === undefined) {
          // The end of the message went, but no answer came: it may have been accepted. Not resent automatically.
          const note = `No answer from the mail server after the message was complete (${problem.message}): taken as delivered. Resend if the person did not get it.`;
          db.update(notifications).set({ emailState: 'sent', sentAt: iso(failedAt), claimedBy: null, lastError: note }).where(eq(notifications.id, row.id)).run();
          finishAttempt(row.id, failedAt, 'assumed_sent', note);
          tellOffice({ ...current, lastError: note }, failedAt, 'delivery not confirmed');
          return 'sent' as const;
        }
        const permanent = problem.responseCode !== undefined && problem.responseCode >= 500;
        const giveUp = permanent || current.attempts >= config.maxAttempts;
        const message = problem.responseCode ? `${problem.responseCode}: ${problem.message}` : problem.message;
        if (giveUp) {
          db.update(notifications).set({ emailState: 'failed', claimedBy: null, lastError: message, nextAttemptAt: null }).where(eq(notifications.id, row.id)).run();
          finishAttempt(row.id, failedAt, 'failed', message);
          tellOffice({ ...current, lastError: message }, failedAt, 'not delivered');
          return 'failed' as const;
        }
        const delay = config.retryBaseSeconds * 1000 * 2 ** (current.attempts - 1);
        db.update(notifications).set({ emailState: 'pending', claimedBy: null, lastError: message, nextAttemptAt: iso(new Date(failedAt.getTime() + delay)) })
          .where(eq(notifications.id, row.id)).run();
        finishAttempt(row.id, failedAt, 'retry', message);
        return 'retry' as const;
      });
    }
  }

  let running: Promise<TickReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function work(): Promise<TickReport> {
    const now = clock();
    const report: TickReport = { held: false, jobsRun: [], sent: 0, failed: 0, recovered: 0, events: 0 };
    if (!holdLease(now)) return report;
    report.held = true;
    report.recovered = recover(now);
    report.events = await expandEventsInSlices(db, clock, undefined, options.turn);
    report.jobsRun = runDueJobs(now);
    const due = db.select().from(notifications)
      .where(and(eq(notifications.emailState, 'pending'), lte(notifications.nextAttemptAt, iso(now)))).orderBy(notifications.id).limit(BATCH).all();
    if (config.smtpUrl === null) {
      // In-app only: nothing is e-mailed, and the outbox says why. One transaction, so one sync to disk, not one per row.
      inTransaction(db, () => {
        for (const row of due) {
          db.update(notifications).set({ emailState: 'none', nextAttemptAt: null, lastError: 'Not e-mailed: SMTP_URL is not set, so notifications are in the app only.' })
            .where(and(eq(notifications.id, row.id), eq(notifications.emailState, 'pending'))).run();
        }
      });
      return report;
    }
    for (const row of due) {
      if (stopped) break;
      const outcome = await deliverOne(row, config.smtpUrl);
      if (outcome === 'sent') report.sent += 1;
      if (outcome === 'failed') report.failed += 1;
      if (outcome === 'skipped' && !stillHolds(clock())) break;
    }
    return report;
  }

  return {
    holder,
    scheduleDaily,
    /** One round: take or renew the lease, settle what a stopped process left, run due jobs, deliver what is due. */
    tick(): Promise<TickReport> {
      if (!running) running = work().finally(() => { running = null; });
      return running;
    },
    start(): void {
      stopped = false;
      const loop = () => {
        timer = setTimeout(() => {
          void this.tick().catch((error: unknown) => log.error(`notifications: ${(error as Error).stack ?? error}`)).finally(() => { if (!stopped) loop(); });
        }, config.pollMs);
        timer.unref();
      };
      void this.tick().catch((error: unknown) => log.error(`notifications: ${(error as Error).stack ?? error}`)).finally(() => { if (!stopped) loop(); });
    },
    /** Stops, waits for the round in progress, and gives the lease up so another process can take over at once. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      if (db.$client.open) db.delete(notificationLeases).where(and(eq(notificationLeases.name, LEASE), eq(notificationLeases.holder, holder))).run();
    },
  };
}
