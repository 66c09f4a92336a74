import { answersFor, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { blockers } from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { Page, WriteContext } from '../../http/crud.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import type { Blocker, BlockerQuery, CreateBlocker, UpdateBlocker } from './schemas.ts';
import { blockerFilter, createBlockerStore, isOverdue, type BlockerRecord } from './store.ts';

export interface BlockerService {
  listFor(itemId: number, query: BlockerQuery): Page<Blocker>;
  get(id: number): Blocker;
  create(itemId: number, input: CreateBlocker, ctx: WriteContext): Blocker;
  update(id: number, input: UpdateBlocker, ctx: WriteContext): Blocker;
  remove(id: number, ctx: WriteContext): void;
}

/** A lead manages the blockers of their own councils' items; the programme office any. */
function assertMayManage(actor: Actor, owner: { councilId: number; councilName: string }): void {
  if (!answersFor(actor, owner.councilId)) {
    throw new AppError(403, `You can only manage blockers on rollout items of the council(s) you lead; this item belongs to ${owner.councilName}.`);
  }
}

function present(row: BlockerRecord, asOf: string): Blocker {
  return {
    id: row.id,
    itemId: row.itemId,
    councilId: row.councilId,
    description: row.description,
    owner: row.owner,
    dueDate: row.dueDate,
    status: row.status,
    raisedOn: row.raisedOn,
    resolvedOn: row.resolvedOn,
    overdue: isOverdue(row, asOf),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createBlockerService(db: Db, clock: Clock): BlockerService {
  const store = createBlockerStore(db);

  const load = (id: number): BlockerRecord => {
    const row = store.find(id);
    if (!row) throw notFound('Blocker', id);
    return row;
  };
  const itemOf = (itemId: number) => {
    const item = store.item(itemId);
    if (!item) throw notFound('Rollout item', itemId);
    return item;
  };

  return {
    listFor(itemId, query) {
      itemOf(itemId);
      const bounds = pageBounds(query);
      const where = blockerFilter(itemId, query.status);
      const asOf = today(clock);
      return toPage(store.page(where, bounds.limit, bounds.offset).map((r) => present(r, asOf)), countWhere(db, blockers, where), bounds);
    },

    get: (id) => present(load(id), today(clock)),

    create(itemId, input, ctx) {
      return inTransaction(db, () => {
        assertMayManage(ctx.actor, itemOf(itemId));
        const now = instant(clock);
        const row = store.insert({
          itemId, description: input.description.trim(), owner: input.owner.trim(), dueDate: input.dueDate ?? null,
          status: 'open', raisedOn: today(clock), resolvedOn: null, createdAt: now, updatedAt: now,
        });
        const after = present(load(row.id), today(clock));
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'blocker', entityId: row.id, after });
        return after;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const row = load(id);
        const todayIs = today(clock);
        const before = present(row, todayIs);
        assertMayManage(ctx.actor, row);
        assertFresh('blocker', before, ctx.ifMatch, () => before);
        const status = input.status ?? row.status;
        store.update(id, {
          ...(input.description !== undefined ? { description: input.description.trim() } : {}),
          ...(input.owner !== undefined ? { owner: input.owner.trim() } : {}),
          ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
          status,
          // The day it was resolved; kept while it stays resolved, cleared when it is reopened.
          resolvedOn: status === 'resolved' ? (row.status === 'resolved' ? row.resolvedOn : todayIs) : null,
          updatedAt: instant(clock),
        });
        const after = present(load(id), todayIs);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'blocker', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const row = load(id);
        const blocker = present(row, today(clock));
        assertMayManage(ctx.actor, row);
        assertFresh('blocker', blocker, ctx.ifMatch, () => blocker);
        store.delete(id);
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'blocker', entityId: id, before: blocker });
      });
    },
  };
}
