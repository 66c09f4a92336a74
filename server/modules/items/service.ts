import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { rolloutItems } from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import { answersFor, type Actor } from '../../auth/actor.ts';
import { setArchivedState, refuseDeleteWithHistory, type Archivable } from '../../http/archiving.ts';
import type { CrudService, WriteContext } from '../../http/crud.ts';
import { AppError, badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { allowsGoLive, latestDecision } from '../gates/read-model.ts';
import { withPlanChange, type PlanReason } from '../progress/read-model.ts';
import { requireReason } from '../../http/reasons.ts';
import { loadReferences } from './references.ts';
import { defaultStatus, itemProblems, leadRefusals } from './rules.ts';
import type { BatchAssignments, BatchResult, CreateItem, ItemQuery, RolloutItem, UpdateItem } from './schemas.ts';
import { createItemStore, itemFilter } from './store.ts';

export interface ItemService extends CrudService<RolloutItem, CreateItem, UpdateItem, ItemQuery>, Archivable<RolloutItem> {
  assign(input: BatchAssignments, ctx: WriteContext): BatchResult;
}

/** Object- and field-level rules for who may change an item; the route already let only office and leads in. */
function assertMayUpdate(actor: Actor, item: RolloutItem, input: UpdateItem): void {
  if (actor.role === 'office') return;
  if (!answersFor(actor, item.councilId)) {
    throw new AppError(403, `You can only change items of the council(s) you lead; this item belongs to ${item.councilName}.`);
  }
  const refusals = leadRefusals(item.status, input);
  if (refusals.length > 0) throw new AppError(403, 'A council lead cannot make this change.', refusals);
}

function rejectIf(problems: ErrorDetail[], message: string): void {
  if (problems.length > 0) throw badRequest(message, problems);
}

// eslint-disable-next-line max-lines-per-function -- a CRUD service factory with batch assignment: the operations share the status rules, the lead's limits and the plan-change record
export function createItemService(db: Db, clock: Clock): ItemService {
  const store = createItemStore(db);

  const view = (id: number): RolloutItem => {
    const item = store.view(id);
    if (!item) throw notFound('Rollout item', id);
    return item;
  };

  return {
    list(query) {
      const bounds = pageBounds(query);
      const where = itemFilter(query);
      return toPage(store.page(where, bounds.limit, bounds.offset), countWhere(db, rolloutItems, where), bounds);
    },

    get: view,

    create(input, ctx) {
      return inTransaction(db, () => {
        const waveId = input.waveId ?? null;
        const refs = loadReferences(db, {
          councilIds: [input.councilId], featureIds: [input.featureId], waveIds: waveId ? [waveId] : [], groupIds: input.groupId ? [input.groupId] : [],
        });
        const shape = {
          waveId, plannedDateOverride: input.plannedDateOverride ?? null, actualGoLive: null,
          status: input.status ?? defaultStatus(waveId),
        };
        rejectIf([...refs.check(input, input.councilId), ...itemProblems(shape, today(clock))], 'The rollout item is not valid.');
        if (store.rowFor(input.councilId, input.featureId)) {
          throw conflict('This council already has a rollout item for this feature; change that item instead.', [
            { field: 'featureId', message: 'already has a rollout item for this council' },
          ]);
        }
        const now = instant(clock);
        const created = withPlanChange(db, { actor: ctx.actor, at: clock() }, () => store.insert({
          councilId: input.councilId, featureId: input.featureId, groupId: input.groupId ?? null, note: input.note ?? '',
          ...shape, createdAt: now, updatedAt: now,
        }));
        const after = view(created.id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'item', entityId: created.id, after });
        return after;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = view(id);
        assertMayUpdate(ctx.actor, before, input);
        assertFresh('rollout item', before, ctx.ifMatch, () => before);
        const waveId = input.waveId !== undefined ? input.waveId : before.waveId;
        const shape = {
          waveId,
          plannedDateOverride: input.plannedDateOverride !== undefined ? input.plannedDateOverride : before.plannedDateOverride,
          actualGoLive: input.actualGoLive !== undefined ? input.actualGoLive : before.actualGoLive,
          status: input.status ?? (input.waveId !== undefined ? defaultStatus(waveId, before.status) : before.status),
        };
        const refs = loadReferences(db, { councilIds: [], featureIds: [], waveIds: waveId ? [waveId] : [], groupIds: input.groupId ? [input.groupId] : [] });
        rejectIf([...refs.check({ waveId, groupId: input.groupId }, before.councilId), ...itemProblems(shape, today(clock))], 'The change to the rollout item is not valid.');
        if (shape.status === 'live' && before.status !== 'live' && !allowsGoLive(latestDecision(db, id))) {
          throw conflict('This item needs a go decision at its gate before it can be marked live.', [
            { field: 'status', message: 'record a go (or go with override) decision first' },
          ]);
        }
        // Moving the item (another wave, or its own date) is a change to the plan that needs a reason.
        // Putting an unscheduled item in a wave for the first time plans it; it does not move it.
        const moves = before.waveId !== null && (shape.waveId !== before.waveId || shape.plannedDateOverride !== before.plannedDateOverride);
        const reason: PlanReason | null = moves ? requireReason(input, 'Moving a rollout item')
          : input.reasonCategory && input.reason?.trim() ? { reasonCategory: input.reasonCategory, reason: input.reason } : null;
        withPlanChange(db, { actor: ctx.actor, at: clock(), reason }, () => store.update(id, {
          ...shape,
          ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          updatedAt: instant(clock),
        }));
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'item', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const item = view(id);
        assertFresh('rollout item', item, ctx.ifMatch, () => item);
        if (item.status === 'live') throw conflict('A live rollout item is part of the record and cannot be deleted.');
        const records = store.records(item);
        refuseDeleteWithHistory(db, { entity: 'item', id, label: `The rollout item ${item.councilCode} ${item.featureName}`, archivePath: `/api/items/${id}/archive` }, [
          ['gate decision(s)', records.decisions], ['RAID entry(ies) or action(s)', records.blockers], ['reading(s) of its council for its feature', records.readings],
        ]);
        withPlanChange(db, { actor: ctx.actor, at: clock() }, () => store.delete(id));
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'item', entityId: id, before: item });
      });
    },

    setArchived(id, archived, ctx) {
      return setArchivedState(db, clock, { table: 'rollout_items', entity: 'item', label: 'rollout item', id, load: (key) => view(key) }, archived, ctx);
    },

    /** Creates or moves many items in one transaction: every row is checked first, then all are written or none. */
    assign(input, ctx) {
      return inTransaction(db, () => {
        const refs = loadReferences(db, {
          councilIds: input.items.map((i) => i.councilId),
          featureIds: input.items.map((i) => i.featureId),
          waveIds: input.items.flatMap((i) => (i.waveId ? [i.waveId] : [])),
          groupIds: [],
        });
        const todayIs = today(clock);
        const seen = new Set<string>();
        const problems: ErrorDetail[] = [];
        const plans = input.items.map((item, index) => {
          const prefix = `items/${index}`;
          const pair = `${item.councilId}:${item.featureId}`;
          if (seen.has(pair)) problems.push({ field: `${prefix}/featureId`, message: 'this council and feature appear more than once in the request' });
          seen.add(pair);
          const existing = store.rowFor(item.councilId, item.featureId);
          const shape = {
            waveId: item.waveId,
            plannedDateOverride: item.plannedDateOverride !== undefined ? item.plannedDateOverride : item.waveId === existing?.waveId ? existing?.plannedDateOverride ?? null : null,
            actualGoLive: existing?.actualGoLive ?? null,
            status: defaultStatus(item.waveId, existing?.status),
          };
          problems.push(...refs.check(item, item.councilId, prefix), ...itemProblems(shape, todayIs, prefix));
          return { item, existing, shape };
        });
        rejectIf(problems, `Nothing was saved: ${problems.length} problem(s) in the request.`);
        // Moving items that are already planned is a change to the plan that needs a reason; first assignments do not.
        const moves = plans.some(({ existing, shape }) => existing && existing.waveId !== null
          && (existing.waveId !== shape.waveId || existing.plannedDateOverride !== shape.plannedDateOverride));
        const reason: PlanReason | null = moves ? requireReason(input, 'Moving rollout items to another wave or date') : null;
        return withPlanChange(db, { actor: ctx.actor, at: clock(), reason }, () => {
          const now = instant(clock);
          const at = clock();
          const ids: number[] = [];
          let created = 0;
          for (const { item, existing, shape } of plans) {
            if (existing) {
              const before = view(existing.id);
              store.update(existing.id, { ...shape, updatedAt: now });
              recordAudit(db, ctx.actor, at, { action: 'update', entity: 'item', entityId: existing.id, before, after: view(existing.id) });
              ids.push(existing.id);
            } else {
              const id = store.insert({ councilId: item.councilId, featureId: item.featureId, ...shape, createdAt: now, updatedAt: now }).id;
              recordAudit(db, ctx.actor, at, { action: 'create', entity: 'item', entityId: id, after: view(id) });
              ids.push(id);
              created += 1;
            }
          }
          return { created, updated: plans.length - created, items: store.views(ids) };
        });
      });
    },
  };
}
