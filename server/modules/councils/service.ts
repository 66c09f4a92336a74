import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { councils } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import { archivedFilter, setArchivedState, refuseDeleteWithHistory, type Archivable } from '../../http/archiving.ts';
import type { CrudService } from '../../http/crud.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import type { Council, CouncilQuery, CreateCouncil, UpdateCouncil } from './schemas.ts';
import { createCouncilStore, type CouncilRow, type GroupRow } from './store.ts';

interface GroupInput {
  name: string;
  headcount: number;
}

/** Headcount rules: managers are staff, and a sub-group cannot be bigger than its council. */
export function headcountProblems(staff: number, managers: number, groups: GroupInput[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (managers > staff) problems.push({ field: 'managerHeadcount', message: `cannot be more than the staff headcount (${staff})` });
  const names = new Set<string>();
  groups.forEach((group, index) => {
    if (group.headcount > staff) problems.push({ field: `groups/${index}/headcount`, message: `cannot be more than the council's staff headcount (${staff})` });
    const key = group.name.trim().toLowerCase();
    if (names.has(key)) problems.push({ field: `groups/${index}/name`, message: `"${group.name}" appears twice` });
    names.add(key);
  });
  return problems;
}

function present(row: CouncilRow, groups: GroupRow[]): Council {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    staffHeadcount: row.staffHeadcount,
    managerHeadcount: row.managerHeadcount,
    region: row.region,
    groups: groups.map((g) => ({ id: g.id, name: g.name, headcount: g.headcount })),
    archivedAt: row.archivedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// eslint-disable-next-line max-lines-per-function -- a CRUD service factory: the five operations share the council-with-groups checks and statements
export function createCouncilService(db: Db, clock: Clock): CrudService<Council, CreateCouncil, UpdateCouncil, CouncilQuery> & Archivable<Council> {
  const store = createCouncilStore(db);

  const load = (id: number): CouncilRow => {
    const row = store.find(id);
    if (!row) throw notFound('Council', id);
    return row;
  };

  const replaceGroups = (councilId: number, wanted: GroupInput[]): void => {
    const existing = new Map(store.groupsOf(councilId).map((g) => [g.name.toLowerCase(), g]));
    for (const group of wanted) {
      const key = group.name.trim().toLowerCase();
      const match = existing.get(key);
      if (match) {
        store.updateGroup(match.id, group.name.trim(), group.headcount);
        existing.delete(key);
      } else {
        store.insertGroup(councilId, group.name.trim(), group.headcount);
      }
    }
    for (const removed of existing.values()) {
      const users = store.itemsUsingGroup(removed.id);
      if (users > 0) throw conflict(`The group "${removed.name}" cannot be removed: ${users} rollout item(s) are scoped to it.`);
      store.deleteGroup(removed.id);
    }
  };

  return {
    list(query) {
      const bounds = pageBounds(query);
      const where = archivedFilter(councils.archivedAt, query.archived);
      const rows = store.page(where, bounds.limit, bounds.offset);
      const groups = store.groupsOfMany(rows.map((r) => r.id));
      return toPage(rows.map((r) => present(r, groups.get(r.id) ?? [])), countWhere(db, councils, where), bounds);
    },

    get(id) {
      return present(load(id), store.groupsOf(id));
    },

    create(input, ctx) {
      const groups = input.groups ?? [];
      const problems = headcountProblems(input.staffHeadcount, input.managerHeadcount, groups);
      if (problems.length > 0) throw badRequest('The council is not valid.', problems);
      const now = instant(clock);
      return inTransaction(db, () => {
        const row = store.insert({
          name: input.name.trim(), code: input.code.toUpperCase(), staffHeadcount: input.staffHeadcount,
          managerHeadcount: input.managerHeadcount, region: input.region ?? 'england-wales', createdAt: now, updatedAt: now,
        });
        for (const group of groups) store.insertGroup(row.id, group.name.trim(), group.headcount);
        const created = present(row, store.groupsOf(row.id));
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'council', entityId: row.id, after: created });
        return created;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        const shownBefore = present(before, store.groupsOf(id));
        assertFresh('council', before, ctx.ifMatch, () => shownBefore);
        const staff = input.staffHeadcount ?? before.staffHeadcount;
        const managers = input.managerHeadcount ?? before.managerHeadcount;
        const groups = input.groups ?? store.groupsOf(id);
        const problems = headcountProblems(staff, managers, groups);
        if (problems.length > 0) throw badRequest('The council is not valid.', problems);
        const row = store.update(id, {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.code !== undefined ? { code: input.code.toUpperCase() } : {}),
          staffHeadcount: staff,
          managerHeadcount: managers,
          ...(input.region !== undefined ? { region: input.region } : {}),
          updatedAt: instant(clock),
        });
        if (input.groups) replaceGroups(id, input.groups);
        const after = present(row ?? before, store.groupsOf(id));
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'council', entityId: id, before: shownBefore, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const row = load(id);
        const shown = present(row, store.groupsOf(id));
        assertFresh('council', row, ctx.ifMatch, () => shown);
        const dependents = store.dependentFeatureNames(id);
        if (dependents.length > 0) {
          throw conflict(
            `The council "${row.name}" cannot be deleted: it has ${dependents.length} rollout item(s) (${dependents.join(', ')}). Delete those items first.`,
          );
        }
        const records = store.recordsOf(id);
        if (records.readings + records.wins > 0) {
          throw conflict(`The council "${row.name}" cannot be deleted: ${records.readings} reading(s) and ${records.wins} early win(s) are recorded for it.`);
        }
        if (records.activities + records.questions > 0) {
          throw conflict(`The council "${row.name}" cannot be deleted: ${records.activities} communications activit${records.activities === 1 ? 'y' : 'ies'} and ${records.questions} staff question(s) are recorded for it.`);
        }
        refuseDeleteWithHistory(db, { entity: 'council', id, label: `The council "${row.name}"`, archivePath: `/api/councils/${id}/archive` });
        store.delete(id);
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'council', entityId: id, before: shown });
      });
    },

    setArchived(id, archived, ctx) {
      return setArchivedState(db, clock, { table: 'councils', entity: 'council', label: 'council', id, load: (key) => present(load(key), store.groupsOf(key)) }, archived, ctx);
    },
  };
}
