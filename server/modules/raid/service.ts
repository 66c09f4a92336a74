import { and, eq, lt, type SQL } from 'drizzle-orm';
import { answersFor, isOffice, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { programmeStatuses, raidActions, raidEntries, type ProgrammeRag } from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { Page, WriteContext } from '../../http/crud.ts';
import { AppError, badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { planDependencyLinks, planDependencyProblems, type PlanDependencyLink } from './plan-links.ts';
import { actionOverdue, entryOverdue, entryProblems, ownerProblems, riskScore } from './rules.ts';
import type {
  ActionQuery, CreateProgrammeStatus, PossibleOwner, CreateRaidAction, CreateRaidEntry, ProgrammeStatus, RaidAction, RaidEntry, RaidQuery,
  UpdateProgrammeStatus, UpdateRaidAction, UpdateRaidEntry,
} from './schemas.ts';
import { aboutOf, createRaidStore, ownerNameOf, type ActionRecord, type EntryRecord, type RaidStore, type StatusRow } from './store.ts';

const OFFICE_ONLY_SCOPE = 'Only the programme office keeps programme-, wave- and feature-level entries and programme-level actions.';

/** Leads manage their own council's entries and actions; the office all; nobody else. */
function assertMayManage(actor: Actor, councilId: number | null, councilName: string | null, what: string): void {
  if (isOffice(actor)) return;
  if (councilId === null) throw new AppError(403, OFFICE_ONLY_SCOPE);
  if (!answersFor(actor, councilId)) {
    throw new AppError(403, `You can only manage ${what} of the council(s) you lead; this one belongs to ${councilName ?? `council ${councilId}`}.`);
  }
}

/** An entry as the API gives it; `links` holds its plan dependency's state (planDependencyLinks), read once for a page. */
export function presentEntry(row: EntryRecord, asOf: string, links?: Map<number, PlanDependencyLink>): RaidEntry {
  return {
    id: row.id, type: row.type, scope: row.scope, councilId: row.councilId, councilName: row.councilName, waveId: row.waveId,
    featureId: row.featureId, itemId: row.itemId, about: aboutOf(row), title: row.title, description: row.description, shareable: row.shareable,
    owner: { userId: row.ownerUserId, name: ownerNameOf(row), external: row.ownerUserId === null },
    dueDate: row.dueDate, status: row.status, likelihood: row.likelihood, impact: row.impact, score: riskScore(row),
    proximity: row.proximity, trend: row.trend, response: row.response, validateBy: row.validateBy, raisedOn: row.raisedOn, closedOn: row.closedOn,
    overdue: entryOverdue(row, asOf), openActions: Number(row.openActions), legacyBlockerId: row.legacyBlockerId,
    planDependency: row.planDependencyId === null ? null
    : links?.get(row.planDependencyId) ?? { id: row.planDependencyId, label: `Plan dependency ${row.planDependencyId}`, state: 'not_judged', broken: [] },
    version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

export function presentAction(row: ActionRecord, asOf: string): RaidAction {
  return {
    id: row.id, title: row.title, owner: { userId: row.ownerUserId, name: ownerNameOf(row), external: row.ownerUserId === null },
    dueDate: row.dueDate, status: row.status, raisedOn: row.raisedOn, closedOn: row.closedOn, overdue: actionOverdue(row, asOf),
    councilId: row.councilId, raidEntryId: row.raidEntryId, itemId: row.itemId, gateDecisionId: row.gateDecisionId, condition: row.condition,
    blockerId: row.blockerId, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/** Checks the owner a request names: an active user, or an external contact's name. */
function resolveOwner(store: RaidStore, input: { ownerUserId?: number; ownerName?: string }, current?: { ownerUserId: number | null; ownerName: string }) {
  const touched = input.ownerUserId !== undefined || input.ownerName !== undefined;
  const owner = touched || !current
    ? { ownerUserId: input.ownerUserId ?? null, ownerName: input.ownerName?.trim() ?? '' }
    : current;
  const problems: ErrorDetail[] = ownerProblems(owner);
  if (touched && owner.ownerUserId !== null) {
    const user = store.activeUser(owner.ownerUserId);
    if (!user || user.disabledAt !== null) problems.push({ field: 'ownerUserId', message: `there is no active user ${owner.ownerUserId}` });
  }
  return { owner, problems };
}

// eslint-disable-next-line max-lines-per-function -- a service factory: entries, actions and the programme status share the scope checks, the owner checks and one store
export function createRaidService(db: Db, clock: Clock) {
  const store = createRaidStore(db);

  const loadEntry = (id: number): EntryRecord => {
    const row = store.entry(id);
    if (!row) throw notFound('RAID entry', id);
    return row;
  };
  /** Entries with their plan dependencies judged against the plan as it stands (one read of the plan for them all). */
  const presentEntries = (rows: EntryRecord[], asOf: string): RaidEntry[] => {
    const links = planDependencyLinks(db, rows.flatMap((r) => (r.planDependencyId !== null ? [r.planDependencyId] : [])));
    return rows.map((r) => presentEntry(r, asOf, links));
  };
  const showEntry = (id: number, asOf: string): RaidEntry => presentEntries([loadEntry(id)], asOf)[0]!;
  const loadAction = (id: number): ActionRecord => {
    const row = store.action(id);
    if (!row) throw notFound('Action', id);
    return row;
  };
  const loadStatus = (id: number): StatusRow => {
    const row = store.status(id);
    if (!row) throw notFound('Programme status', id);
    return row;
  };

  const presentStatus = (row: StatusRow): ProgrammeStatus => {
    const names = store.councilNames();
    const councils = (row.councils as Array<{ councilId: number; status: ProgrammeRag; commentary: string }>)
      .map((c) => ({ ...c, councilName: names.get(c.councilId) ?? `Council ${c.councilId}` }));
    return {
      id: row.id, period: row.period, status: row.status, commentary: row.commentary, decisionsNeeded: row.decisionsNeeded, councils,
      recordedByName: row.recordedByName, locked: store.issuedReportIn(row.period) !== undefined, version: row.version,
      createdAt: row.createdAt, updatedAt: row.updatedAt,
    };
  };

  /** Refuses a change to a period whose board report has been issued: what the board saw stays as it saw it. */
  const assertNotIssued = (period: string) => {
    const issued = store.issuedReportIn(period);
    if (issued) {
      throw conflict(`The programme status for ${period} cannot change: the board report "${issued.title}" for that period has been issued. Record the next period's status instead.`,
        [{ field: 'period', message: 'its board report has been issued' }]);
    }
  };

  const checkCouncilStatuses = (councils: Array<{ councilId: number }> | undefined): ErrorDetail[] => {
    if (!councils) return [];
    const seen = new Set<number>();
    return councils.flatMap((c, i) => {
      if (seen.has(c.councilId)) return [{ field: `councils/${i}/councilId`, message: 'each council appears once' }];
      seen.add(c.councilId);
      return store.council(c.councilId) ? [] : [{ field: `councils/${i}/councilId`, message: `there is no council ${c.councilId}` }];
    });
  };

  return {
    // ---- RAID entries -------------------------------------------------------------------------------------
    listEntries(query: RaidQuery): Page<RaidEntry> {
      const bounds = pageBounds(query);
      const where: SQL | undefined = and(
        query.type ? eq(raidEntries.type, query.type) : undefined,
        query.scope ? eq(raidEntries.scope, query.scope) : undefined,
        query.status ? eq(raidEntries.status, query.status) : undefined,
        query.councilId !== undefined ? eq(raidEntries.councilId, query.councilId) : undefined,
        query.itemId !== undefined ? eq(raidEntries.itemId, query.itemId) : undefined,
      );
      const asOf = today(clock);
      return toPage(presentEntries(store.entries(where, bounds.limit, bounds.offset), asOf), countWhere(db, raidEntries, where), bounds);
    },

    getEntry: (id: number): RaidEntry => showEntry(id, today(clock)),

    createEntry(input: CreateRaidEntry, ctx: WriteContext): RaidEntry {
      return inTransaction(db, () => {
        const problems: ErrorDetail[] = [];
        // The council the entry belongs to: named in the body (council scope) or the item's.
        let councilId: number | null = null;
        let councilName: string | null = null;
        if (input.councilId !== undefined) {
          const council = store.council(input.councilId);
          if (!council) problems.push({ field: 'councilId', message: `there is no council ${input.councilId}` });
          else ({ id: councilId, name: councilName } = council);
        }
        if (input.itemId !== undefined) {
          const item = store.item(input.itemId);
          if (!item) problems.push({ field: 'itemId', message: `there is no rollout item ${input.itemId}` });
          else ({ councilId, councilName } = item);
        }
        if (input.waveId !== undefined && !store.wave(input.waveId)) problems.push({ field: 'waveId', message: `there is no wave ${input.waveId}` });
        if (input.featureId !== undefined && !store.feature(input.featureId)) problems.push({ field: 'featureId', message: `there is no feature ${input.featureId}` });
        const { owner, problems: ownerIssues } = resolveOwner(store, input);
        const shape = {
          type: input.type, scope: input.scope, councilId, waveId: input.waveId ?? null, featureId: input.featureId ?? null, itemId: input.itemId ?? null,
          ...owner, likelihood: input.likelihood ?? null, impact: input.impact ?? null, proximity: input.proximity ?? null,
          response: input.response ?? null, validateBy: input.validateBy ?? null,
        };
        const rules = entryProblems(shape, input).filter((p) => !p.field.startsWith('owner'));
        const linkIssues = input.planDependencyId !== undefined && problems.length === 0 ? planDependencyProblems(db, input.planDependencyId, shape) : [];
        const all = [...problems, ...rules, ...ownerIssues, ...linkIssues];
        // Who you are before what you sent, once the council is known.
        if (problems.length === 0) assertMayManage(ctx.actor, councilId, councilName, 'RAID entries');
        if (input.shareable && !isOffice(ctx.actor)) throw new AppError(403, 'Only the programme office marks an entry shareable.', [{ field: 'shareable', message: 'only the programme office can change this' }]);
        if (all.length > 0) throw badRequest('The RAID entry is not complete; nothing was recorded.', all);
        const now = instant(clock);
        const row = store.insertEntry({
          ...shape, title: input.title.trim(), description: input.description?.trim() ?? '', shareable: input.shareable ?? false,
          trend: input.trend ?? null, dueDate: input.dueDate, status: 'open', raisedOn: today(clock), closedOn: null, createdAt: now, updatedAt: now,
          planDependencyId: input.planDependencyId ?? null,
        });
        const after = showEntry(row.id, today(clock));
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'raid_entry', entityId: row.id, after });
        return after;
      });
    },

    updateEntry(id: number, input: UpdateRaidEntry, ctx: WriteContext): RaidEntry {
      return inTransaction(db, () => {
        const row = loadEntry(id);
        const day = today(clock);
        const before = presentEntries([row], day)[0]!;
        assertMayManage(ctx.actor, row.councilId, row.councilName, 'RAID entries');
        if (input.shareable !== undefined && input.shareable !== row.shareable && !isOffice(ctx.actor)) {
          throw new AppError(403, 'Only the programme office marks an entry shareable.', [{ field: 'shareable', message: 'only the programme office can change this' }]);
        }
        assertFresh('RAID entry', before, ctx.ifMatch, () => before);
        const { owner, problems: ownerIssues } = resolveOwner(store, input, row);
        const next = {
          ...row, ...owner,
          likelihood: input.likelihood ?? row.likelihood, impact: input.impact ?? row.impact, proximity: input.proximity ?? row.proximity,
          response: input.response ?? row.response, validateBy: input.validateBy ?? row.validateBy,
        };
        const links = Object.fromEntries((['councilId', 'waveId', 'featureId', 'itemId'] as const)
          .filter((k) => k !== 'councilId' || row.scope === 'council')
          .flatMap((k) => (row[k] !== null ? [[k, row[k]]] : [])));
        const linkIssues = input.planDependencyId !== undefined && input.planDependencyId !== null ? planDependencyProblems(db, input.planDependencyId, row) : [];
        const problems = [...entryProblems(next, links).filter((p) => !p.field.startsWith('owner')), ...ownerIssues, ...linkIssues];
        if (problems.length > 0) throw badRequest('The RAID entry would not be complete; nothing was changed.', problems);
        const status = input.status ?? row.status;
        store.updateEntry(id, {
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description.trim() } : {}),
          ...(input.shareable !== undefined ? { shareable: input.shareable } : {}),
          ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
          ...(input.trend !== undefined ? { trend: input.trend } : {}),
          ownerUserId: owner.ownerUserId, ownerName: owner.ownerName,
          likelihood: next.likelihood, impact: next.impact, proximity: next.proximity, response: next.response, validateBy: next.validateBy,
          status, closedOn: status === 'closed' ? (row.status === 'closed' ? row.closedOn : day) : null,
          ...(input.planDependencyId !== undefined ? { planDependencyId: input.planDependencyId } : {}),
          updatedAt: instant(clock),
        });
        const after = showEntry(id, day);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'raid_entry', entityId: id, before, after });
        return after;
      });
    },

    // ---- Actions ------------------------------------------------------------------------------------------
    listActions(query: ActionQuery): Page<RaidAction> {
      const bounds = pageBounds(query);
      const day = today(clock);
      const where = and(
        query.status ? eq(raidActions.status, query.status) : undefined,
        query.councilId !== undefined ? eq(raidActions.councilId, query.councilId) : undefined,
        query.itemId !== undefined ? eq(raidActions.itemId, query.itemId) : undefined,
        query.raidEntryId !== undefined ? eq(raidActions.raidEntryId, query.raidEntryId) : undefined,
        query.ownerUserId !== undefined ? eq(raidActions.ownerUserId, query.ownerUserId) : undefined,
        query.overdue ? and(eq(raidActions.status, 'open'), lt(raidActions.dueDate, day)) : undefined,
      );
      return toPage(store.actions(where, bounds.limit, bounds.offset).map((r) => presentAction(r, day)), countWhere(db, raidActions, where), bounds);
    },

    getAction: (id: number): RaidAction => presentAction(loadAction(id), today(clock)),

    createAction(input: CreateRaidAction, ctx: WriteContext): RaidAction {
      return inTransaction(db, () => {
        const problems: ErrorDetail[] = [];
        const councils: Array<{ id: number; name: string | null; field: string }> = [];
        let itemId: number | null = input.itemId ?? null;
        const itemFrom = (field: string, id: number | null) => {
          if (id === null) return;
          if (itemId !== null && itemId !== id) problems.push({ field, message: `belongs to rollout item ${id}, not ${itemId}` });
          itemId ??= id;
        };
        if (input.itemId !== undefined) {
          const item = store.item(input.itemId);
          if (!item) problems.push({ field: 'itemId', message: `there is no rollout item ${input.itemId}` });
          else councils.push({ id: item.councilId, name: item.councilName, field: 'itemId' });
        }
        let entryCouncil: number | null | undefined;
        if (input.raidEntryId !== undefined) {
          const entry = store.entry(input.raidEntryId);
          if (!entry) problems.push({ field: 'raidEntryId', message: `there is no RAID entry ${input.raidEntryId}` });
          else {
            entryCouncil = entry.councilId;
            if (entry.councilId !== null) councils.push({ id: entry.councilId, name: entry.councilName, field: 'raidEntryId' });
            itemFrom('raidEntryId', entry.itemId);
          }
        }
        if (input.blockerId !== undefined) {
          const blocker = store.blocker(input.blockerId);
          if (!blocker) problems.push({ field: 'blockerId', message: `there is no blocker ${input.blockerId}` });
          else {
            councils.push({ id: blocker.councilId, name: null, field: 'blockerId' });
            itemFrom('blockerId', blocker.itemId);
          }
        }
        const distinct = [...new Set(councils.map((c) => c.id))];
        if (distinct.length > 1) problems.push({ field: councils[1]!.field, message: 'everything an action is linked to belongs to one council' });
        const councilId = distinct[0] ?? null;
        // An action on a programme-level entry stays programme-level unless linked to an item too.
        if (councilId === null && entryCouncil === undefined && input.itemId === undefined && input.blockerId === undefined && !isOffice(ctx.actor)) {
          throw new AppError(403, OFFICE_ONLY_SCOPE);
        }
        if (problems.length === 0) assertMayManage(ctx.actor, councilId, councils.find((c) => c.name)?.name ?? null, 'actions');
        const { owner, problems: ownerIssues } = resolveOwner(store, input);
        const all = [...problems, ...ownerIssues];
        if (all.length > 0) throw badRequest('The action is not complete; nothing was recorded.', all);
        const now = instant(clock);
        const row = store.insertAction({
          title: input.title.trim(), ...owner, dueDate: input.dueDate, status: 'open', raisedOn: today(clock), closedOn: null,
          councilId, raidEntryId: input.raidEntryId ?? null, itemId, gateDecisionId: null, condition: '', blockerId: input.blockerId ?? null,
          createdAt: now, updatedAt: now,
        });
        const after = presentAction(loadAction(row.id), today(clock));
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'raid_action', entityId: row.id, after });
        return after;
      });
    },

    updateAction(id: number, input: UpdateRaidAction, ctx: WriteContext): RaidAction {
      return inTransaction(db, () => {
        const row = loadAction(id);
        const day = today(clock);
        const before = presentAction(row, day);
        assertMayManage(ctx.actor, row.councilId, row.councilId !== null ? store.council(row.councilId)?.name ?? null : null, 'actions');
        assertFresh('action', before, ctx.ifMatch, () => before);
        const { owner, problems } = resolveOwner(store, input, row);
        if (problems.length > 0) throw badRequest('The action would have no clear owner; nothing was changed.', problems);
        const status = input.status ?? row.status;
        store.updateAction(id, {
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
          ...owner,
          status,
          closedOn: status === 'open' ? null : (row.status === status ? row.closedOn : day),
          updatedAt: instant(clock),
        });
        const after = presentAction(loadAction(id), day);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'raid_action', entityId: id, before, after });
        return after;
      });
    },

    /** Who may be named as an owner: for the office everyone in the office or leading a council; for a lead, the office and their own councils' leads. */
    owners: (actor: Actor): PossibleOwner[] => store.owners(isOffice(actor) ? null : actor.councilIds) as PossibleOwner[],

    // ---- Programme status ---------------------------------------------------------------------------------
    listStatuses(query: { limit?: number; offset?: number }): Page<ProgrammeStatus> {
      const bounds = pageBounds(query);
      return toPage(store.statuses(bounds.limit, bounds.offset).map(presentStatus), countWhere(db, programmeStatuses, undefined), bounds);
    },

    getStatus: (id: number): ProgrammeStatus => presentStatus(loadStatus(id)),

    createStatus(input: CreateProgrammeStatus, ctx: WriteContext): ProgrammeStatus {
      return inTransaction(db, () => {
        const problems = checkCouncilStatuses(input.councils);
        if (problems.length > 0) throw badRequest('The programme status names councils that do not exist; nothing was recorded.', problems);
        assertNotIssued(input.period);
        const existing = store.statusByPeriod(input.period);
        if (existing) throw conflict(`The programme status for ${input.period} is already recorded (id ${existing.id}); change that one.`, [{ field: 'period', message: 'already recorded' }]);
        const now = instant(clock);
        const row = store.insertStatus({
          period: input.period, status: input.status, commentary: input.commentary?.trim() ?? '', decisionsNeeded: input.decisionsNeeded?.trim() ?? '',
          councils: (input.councils ?? []).map((c) => ({ ...c, commentary: c.commentary.trim() })), recordedByName: ctx.actor.name, createdAt: now, updatedAt: now,
        });
        const after = presentStatus(row);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'programme_status', entityId: row.id, after });
        return after;
      });
    },

    updateStatus(id: number, input: UpdateProgrammeStatus, ctx: WriteContext): ProgrammeStatus {
      return inTransaction(db, () => {
        const row = loadStatus(id);
        const before = presentStatus(row);
        assertFresh('programme status', before, ctx.ifMatch, () => before);
        assertNotIssued(row.period);
        const problems = checkCouncilStatuses(input.councils);
        if (problems.length > 0) throw badRequest('The programme status names councils that do not exist; nothing was changed.', problems);
        store.updateStatus(id, {
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.commentary !== undefined ? { commentary: input.commentary.trim() } : {}),
          ...(input.decisionsNeeded !== undefined ? { decisionsNeeded: input.decisionsNeeded.trim() } : {}),
          ...(input.councils !== undefined ? { councils: input.councils.map((c) => ({ ...c, commentary: c.commentary.trim() })) } : {}),
          recordedByName: ctx.actor.name, updatedAt: instant(clock),
        });
        const after = presentStatus(loadStatus(id));
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'programme_status', entityId: id, before, after });
        return after;
      });
    },
  };
}

export type RaidService = ReturnType<typeof createRaidService>;
