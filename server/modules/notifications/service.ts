import { and, eq, sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../../auth/actor.ts';
import type { NotificationConfig } from '../../config.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import type { ReadinessEngine } from '../readiness/read-model.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { notificationSchedule, notifications, users } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Page } from '../../http/crud.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../../db/audit.ts';
import { digestFor } from './digest.ts';
import { isKind, KINDS, kindsFor, type KindName } from './kinds.ts';
import { renderEmail, validSignature } from './render.ts';
import { localDay } from './schedule.ts';
import type { DigestPreview, Notification, NotificationQuery, OutboxDetail, OutboxEntry, OutboxQuery, Preferences, UpdatePreferences } from './schemas.ts';
import {
  centrePage, markRead, outboxEntry, outboxPage, outboxWhere, people, preferencesOf, setPreference, unreadCount, type NotificationRow, type StoredSection,
} from './store.ts';

const WEEKDAY_WORDS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const asNotification = (row: NotificationRow): Notification => ({
  id: row.id, kind: row.kind as KindName, title: row.title, body: row.body, link: row.link,
  sections: ((row.details as StoredSection[] | null) ?? []).filter((s) => s.inApp !== false).map(({ kind, heading, lines }) => ({ kind, heading, lines })),
  createdAt: row.createdAt, readAt: row.readAt,
});

/** The notification centre (each person's own), their switches, and the office's outbox and previews. */
// eslint-disable-next-line max-lines-per-function -- a service factory: the centre, the switches, the outbox and the digest preview share the caller checks and the store
export function createNotificationService(db: Db, clock: Clock, engine: ReadinessEngine, config: NotificationConfig, secret: string) {
  const own = (actor: Actor): number => {
    if (actor.id === null) throw new AppError(403, 'Notifications belong to a signed-in person.');
    return actor.id;
  };

  const preferencesView = (actor: Actor): Preferences => {
    const mine = preferencesOf(db, own(actor));
    return {
      emailConfigured: config.smtpUrl !== null,
      digest: `${WEEKDAY_WORDS[config.digestWeekday - 1]}s at ${config.digestTime}, ${config.timeZone} time`,
      preferences: kindsFor(actor.role).map((k) => ({
        kind: k.kind, label: k.label, description: k.description, delivery: k.delivery, alert: k.alert ?? null,
        inApp: mine[k.kind].inApp, email: mine[k.kind].email, defaults: k.defaults,
      })),
    };
  };

  const outboxDetail = (id: number): OutboxDetail => {
    const entry = outboxEntry(db, id);
    if (!entry || entry.emailTo === null) throw notFound('Outbox entry', id);
    return entry as OutboxDetail;
  };

  return {
    list(actor: Actor, query: NotificationQuery): Page<Notification> {
      const bounds = pageBounds(query);
      const { rows, total } = centrePage(db, own(actor), query.unread ?? false, bounds.limit, bounds.offset);
      return toPage(rows.map(asNotification), total, bounds);
    },

    unread: (actor: Actor) => ({ unread: unreadCount(db, own(actor)) }),

    /** Marks your own notifications read; ids that are not yours are refused, naming them, and nothing changes. */
    markRead(actor: Actor, body: { ids?: number[]; all?: true }) {
      const userId = own(actor);
      return inTransaction(db, () => {
        if (body.ids) {
          const mine = new Set(db.select({ id: notifications.id }).from(notifications)
            .where(and(eq(notifications.userId, userId), sql`${notifications.id} in (select value from json_each(${JSON.stringify(body.ids)}))`)).all().map((r) => r.id));
          const unknown = body.ids.filter((id) => !mine.has(id));
          if (unknown.length > 0) throw notFound('Notification', unknown.join(', '));
        }
        markRead(db, userId, body.ids ?? 'all', clock().toISOString());
        return { unread: unreadCount(db, userId) };
      });
    },

    preferences: preferencesView,

    /** Sets your switches for the kinds given (others keep theirs). A kind your role never gets is refused. */
    updatePreferences(actor: Actor, body: UpdatePreferences): Preferences {
      const userId = own(actor);
      const allowed = new Set(kindsFor(actor.role).map((k) => k.kind));
      const problems = body.preferences.flatMap((p, i) => (allowed.has(p.kind) ? [] : [{ field: `preferences/${i}/kind`, message: `${p.kind} is not sent to a ${actor.role}` }]));
      const seen = new Set<string>();
      body.preferences.forEach((p, i) => {
        if (seen.has(p.kind)) problems.push({ field: `preferences/${i}/kind`, message: `${p.kind} is given twice` });
        seen.add(p.kind);
      });
      if (problems.length > 0) throw badRequest('Some notification settings cannot be saved.', problems);
      return inTransaction(db, () => {
        const before = preferencesView(actor).preferences.map(({ kind, inApp, email }) => ({ kind, inApp, email }));
        const at = clock().toISOString();
        for (const p of body.preferences) setPreference(db, userId, p.kind, { inApp: p.inApp, email: p.email }, at);
        const after = preferencesView(actor);
        recordAudit(db, actor, clock(), {
          action: 'update', entity: 'user', entityId: userId,
          before: { notificationPreferences: before }, after: { notificationPreferences: after.preferences.map(({ kind, inApp, email }) => ({ kind, inApp, email })) },
        });
        return after;
      });
    },

    outbox(query: OutboxQuery) {
      const { limit, offset } = pageBounds(query);
      const where = outboxWhere(query);
      return toPage(outboxPage(db, where, limit, offset) as OutboxEntry[], countWhere(db, notifications, where), { limit, offset });
    },

    outboxSummary() {
      const rows = db.select({ state: notifications.emailState, n: sql<number>`count(*)` }).from(notifications).groupBy(notifications.emailState).all();
      return { emailConfigured: config.smtpUrl !== null, counts: Object.fromEntries(rows.map((r) => [r.state, r.n])) };
    },

    outboxEntry: outboxDetail,

    /**
     * Puts an e-mail back in the queue, to go at the next round: one that failed, or one taken as sent that the
     * person did not get. Same notification, same Message-ID. Refused while it is still on its way.
     */
    resend(id: number, actor: Actor): OutboxDetail {
      return inTransaction(db, () => {
        const before = outboxDetail(id);
        if (!['failed', 'sent'].includes(before.emailState)) {
          throw conflict(`This e-mail is ${before.emailState === 'pending' ? 'already waiting to be sent' : 'being sent now'}; it can be resent once it has been sent or has failed.`);
        }
        db.update(notifications).set({ emailState: 'pending', nextAttemptAt: clock().toISOString(), lastError: `Resent by ${actor.name}.` })
          .where(eq(notifications.id, id)).run();
        const after = outboxDetail(id);
        recordAudit(db, actor, clock(), { action: 'update', entity: 'user', entityId: before.userId, before: { email: { id, state: before.emailState } }, after: { email: { id, state: 'pending', resentBy: actor.name } } });
        return after;
      });
    },

    /** What the weekly digest would say to this person now, exactly as it would be e-mailed. */
    preview(userId: number): DigestPreview {
      const person = people(db, { roles: ['office', 'lead', 'sponsor'], ids: [userId] })[0];
      if (!person) throw notFound('Active user', userId);
      const now = clock();
      const day = localDay(now, config.timeZone);
      const digest = person.role === 'sponsor' ? null : digestFor(db, engine, person, day, config.lookaheadWeeks);
      const nextRunAt = db.select({ at: notificationSchedule.nextRunAt }).from(notificationSchedule).where(eq(notificationSchedule.job, 'weekly-digest')).get()?.at ?? null;
      const title = digest?.title ?? (person.role === 'sponsor' ? 'Sponsors get the monthly summary, not the weekly digest' : 'Nothing to say this week: no digest would be written');
      const rendered = renderEmail({ name: person.name, kind: 'digest', title, body: digest?.body ?? '', link: '/notifications', details: digest?.sections ?? [] },
        config.publicUrl, secret, person.id);
      return {
        userId: person.id, name: person.name, role: person.role, asOf: day, nextRunAt, empty: digest === null,
        emailed: digest !== null && digest.emailed && config.smtpUrl !== null,
        ...rendered, sections: digest?.sections ?? [],
      };
    },

    /** The one-click unsubscribe: a valid signature for (person, kind) switches that kind's e-mail off. */
    unsubscribe(userId: number, kind: string, signature: string): { name: string; label: string } {
      if (!isKind(kind) || !validSignature(secret, userId, kind, signature)) {
        throw new AppError(400, 'This unsubscribe link is not valid. Open Rollout Planner and change your notification settings there.');
      }
      return inTransaction(db, () => {
        const user = db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, userId)).get();
        if (!user) throw new AppError(400, 'This unsubscribe link is not valid any more.');
        const current = preferencesOf(db, userId)[kind];
        if (current.email) {
          setPreference(db, userId, kind, { inApp: current.inApp, email: false }, clock().toISOString());
          recordAudit(db, systemActor('Unsubscribe link'), clock(), {
            action: 'update', entity: 'user', entityId: userId,
            before: { notificationPreferences: [{ kind, email: true }] }, after: { notificationPreferences: [{ kind, email: false }] },
          });
        }
        return { name: user.name, label: KINDS[kind].label };
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
