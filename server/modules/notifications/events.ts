import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.ts';
import { auditLog, boardReports, councils, earlyWins, features, notificationEvents, rolloutItems, waves } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { dayWords } from './content.ts';
import { KINDS, type KindName } from './kinds.ts';
import { insertNotification, people, preferencesOf, type Person } from './store.ts';

/**
 * The plan changes that notify people. Triggers write each one to notification_events in the transaction of the
 * change (migrations/0016); `expandEvents` turns them into one notification per person who wants it.
 */
export type NotificationEvent =
  | { type: 'win_drafted'; winId: number; councilId: number; councilName: string; title: string; authorName: string }
  | { type: 'report_issued'; reportId: number; title: string; periodFrom: string; periodTo: string }
  | { type: 'item_live'; itemId: number; councilName: string; featureName: string; on: string }
  | { type: 'item_moved'; itemId: number; version: number; councilId: number; councilName: string; featureName: string; from: string; to: string; by: string; note: string }
  | { type: 'wave_moved'; waveId: number; version: number; waveName: string; councilIds: number[]; from: string; to: string; by: string; description: string };

interface Message {
  kind: KindName;
  dedupeKey: string;
  title: string;
  body: string;
  link: string;
  to: Person[];
}

function messageFor(db: Db, event: NotificationEvent): Message {
  switch (event.type) {
    case 'win_drafted':
      return {
        kind: 'wins_awaiting', dedupeKey: `win-drafted:${event.winId}`, link: `/councils/${event.councilId}#wins`,
        title: `Draft win to publish: ${event.councilName}`,
        body: `${event.authorName} recorded “${event.title}” as a draft; it waits for the programme office to publish it.`,
        to: people(db, { roles: ['office'] }),
      };
    case 'report_issued':
      return {
        kind: 'report_issued', dedupeKey: `report-issued:${event.reportId}`, link: `/reports/issued/${event.reportId}`,
        title: `Board report issued: ${event.title}`,
        body: `The programme office issued the board report for ${dayWords(event.periodFrom)} to ${dayWords(event.periodTo)}.`,
        to: people(db, { roles: KINDS.report_issued.roles }),
      };
    case 'item_live':
      return {
        kind: 'go_live', dedupeKey: `go-live:${event.itemId}:${event.on}`, link: `/items/${event.itemId}`,
        title: `Live: ${event.councilName}, ${event.featureName}`,
        body: `${event.councilName} went live with ${event.featureName} on ${dayWords(event.on)}.`,
        to: people(db, { roles: ['sponsor'] }),
      };
    case 'item_moved':
      return {
        kind: 'plan_moved', dedupeKey: `item-moved:${event.itemId}:v${event.version}`, link: `/items/${event.itemId}`,
        title: `Moved: ${event.councilName}, ${event.featureName}`,
        body: `${event.by} moved ${event.featureName} for ${event.councilName} from ${event.from} to ${event.to}.${event.note ? ` Note on the item: ${event.note}` : ''}`,
        to: people(db, { roles: ['lead'], councilIds: [event.councilId] }),
      };
    case 'wave_moved':
      return {
        kind: 'plan_moved', dedupeKey: `wave-moved:${event.waveId}:v${event.version}`, link: `/waves/${event.waveId}`,
        title: `Wave ${event.waveName} moved to ${dayWords(event.to)}`,
        body: `${event.by} moved the planned go-live of ${event.waveName} from ${dayWords(event.from)} to ${dayWords(event.to)}; your items in it without a date of their own move with it.${event.description ? ` ${event.description}` : ''}`,
        to: event.councilIds.length === 0 ? [] : people(db, { roles: ['lead'], councilIds: event.councilIds }),
      };
  }
}

/** Writes the event's notifications, one per person who wants it (the key makes a second write a no-op). */
export function notifyEvent(db: Db, clock: Clock, event: NotificationEvent): void {
  const message = messageFor(db, event);
  const at = clock().toISOString();
  for (const person of message.to) {
    if (!KINDS[message.kind].roles.includes(person.role)) continue;
    const switches = preferencesOf(db, person.id)[message.kind];
    insertNotification(db, at, {
      userId: person.id, kind: message.kind, dedupeKey: message.dedupeKey, title: message.title, body: message.body, link: message.link,
      shown: switches.inApp, emailTo: switches.email ? person.email : null,
    });
  }
}

type EventRow = typeof notificationEvents.$inferSelect;

/** Who made the change, from the audit trail written in the same transaction. */
const changedBy = (db: Db, entity: string, entityId: number): string =>
  db.select({ name: auditLog.userName }).from(auditLog).where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id)).limit(1).get()?.name ?? 'The programme office';

const when = (wave: string | null | undefined, date: string | null | undefined): string =>
  date ? `${dayWords(date)}${wave ? ` (${wave})` : ''}` : wave ? `${wave}, no date yet` : 'no wave';

/** The event as the notifications need it, read now; null when what it was about is gone or did not really move. */
export function eventFromRow(db: Db, row: EventRow): NotificationEvent | null {
  const payload = (row.payload ?? {}) as Record<string, string | null>;
  switch (row.type) {
    case 'report_issued': {
      const r = db.select().from(boardReports).where(eq(boardReports.id, row.entityId)).get();
      return r ? { type: 'report_issued', reportId: r.id, title: r.title, periodFrom: r.periodFrom, periodTo: r.periodTo } : null;
    }
    case 'win_drafted': {
      const w = db.select({ id: earlyWins.id, councilId: earlyWins.councilId, councilName: councils.name, title: earlyWins.title, authorName: earlyWins.authorName, published: earlyWins.published })
        .from(earlyWins).innerJoin(councils, eq(councils.id, earlyWins.councilId)).where(eq(earlyWins.id, row.entityId)).get();
      return w && !w.published ? { type: 'win_drafted', winId: w.id, councilId: w.councilId, councilName: w.councilName, title: w.title, authorName: w.authorName } : null;
    }
    case 'item_live':
    case 'item_moved': {
      const item = db.select({ id: rolloutItems.id, councilId: rolloutItems.councilId, councilName: councils.name, featureName: features.name, note: rolloutItems.note, actualGoLive: rolloutItems.actualGoLive })
        .from(rolloutItems).innerJoin(councils, eq(councils.id, rolloutItems.councilId)).innerJoin(features, eq(features.id, rolloutItems.featureId))
        .where(eq(rolloutItems.id, row.entityId)).get();
      if (!item) return null;
      if (row.type === 'item_live') {
        const on = payload.on ?? item.actualGoLive;
        return on ? { type: 'item_live', itemId: item.id, councilName: item.councilName, featureName: item.featureName, on } : null;
      }
      if (payload.fromDate === payload.toDate && payload.fromWave === payload.toWave) return null;
      return {
        type: 'item_moved', itemId: item.id, version: row.entityVersion, councilId: item.councilId, councilName: item.councilName, featureName: item.featureName,
        from: when(payload.fromWave, payload.fromDate), to: when(payload.toWave, payload.toDate), by: changedBy(db, 'item', item.id), note: item.note,
      };
    }
    case 'wave_moved': {
      const wave = db.select().from(waves).where(eq(waves.id, row.entityId)).get();
      if (!wave || !payload.from || !payload.to) return null;
      const councilIds = [...new Set(db.select({ councilId: rolloutItems.councilId }).from(rolloutItems)
        .where(and(eq(rolloutItems.waveId, wave.id), isNull(rolloutItems.plannedDateOverride))).all().map((r) => r.councilId))];
      return {
        type: 'wave_moved', waveId: wave.id, version: row.entityVersion, waveName: wave.name, councilIds, from: payload.from, to: payload.to,
        by: changedBy(db, 'wave', wave.id), description: '',
      };
    }
    default:
      return null;
  }
}

/**
 * Turns pending events into notifications: each batch and the stamp that it was done commit together, so an
 * event is expanded once, and a crash halfway expands it again into the same keys (which adds nothing).
 */
export function expandEvents(db: Db, clock: Clock, limit = 200): number {
  return inTransaction(db, () => {
    const pending = db.select().from(notificationEvents).where(isNull(notificationEvents.processedAt)).orderBy(notificationEvents.id).limit(limit).all();
    const at = clock().toISOString();
    for (const row of pending) {
      const event = eventFromRow(db, row);
      if (event) notifyEvent(db, clock, event);
      db.update(notificationEvents).set({ processedAt: at }).where(eq(notificationEvents.id, row.id)).run();
    }
    return pending.length;
  });
}

/** Events expanded per transaction by the sender: a few milliseconds of work at the demo's and the benchmark's sizes. */
export const EVENTS_PER_SLICE = 5;

/**
 * The sender's expansion, up to `limit` events a round: `EVENTS_PER_SLICE` at a time, each slice its own
 * transaction, the event loop let go between slices. Events pile up after a plan import (one per draft win, moved
 * item, go-live); expanding 200 of them in one transaction held every request for about 340 ms at 400 councils
 * (docs/performance.md, "Stalls measured honestly, and their sources").
 */
export async function expandEventsInSlices(db: Db, clock: Clock, limit = 200, turn: () => Promise<unknown> = nextTurn): Promise<number> {
  let done = 0;
  while (done < limit) {
    const expanded = expandEvents(db, clock, Math.min(EVENTS_PER_SLICE, limit - done));
    done += expanded;
    if (expanded < EVENTS_PER_SLICE) break;
    await turn();
  }
  return done;
}
