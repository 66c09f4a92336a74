import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { dependencies, raidEntries, rolloutItems, type RaidScope, type RaidType } from '../../db/schema.ts';
import type { ErrorDetail } from '../../http/errors.ts';
import { createPlanState, type DependencyRow } from '../timeline/read-model.ts';

/** A RAID dependency's plan dependency (the timeline's), with whether the plan keeps it today. */
export interface PlanDependencyLink {
  id: number;
  label: string;
  /** kept: every check holds; broken: at least one fails; not_judged: no item it ties has a day yet. */
  state: 'kept' | 'broken' | 'not_judged';
  /** Each check the plan breaks, in words. */
  broken: string[];
}

/** The RAID entries that name each plan dependency, for the timeline's side of the link. */
export interface RaidEntryRef {
  id: number;
  title: string;
  status: 'open' | 'closed';
  councilId: number | null;
}

/** The links of these plan dependencies, judged against the plan as it stands, in one read of the plan. */
export function planDependencyLinks(db: Db, ids: Iterable<number>): Map<number, PlanDependencyLink> {
  const wanted = new Set(ids);
  const out = new Map<number, PlanDependencyLink>();
  if (wanted.size === 0) return out;
  const state = createPlanState(db);
  const rows = state.dependencies().filter((d) => wanted.has(d.id));
  if (rows.length === 0) return out;
  const checks = state.checks(state.items(), rows);
  for (const row of rows) {
    const mine = checks.filter((c) => c.dependencyId === row.id);
    const broken = mine.filter((c) => c.broken).map((c) => c.description);
    out.set(row.id, { id: row.id, label: state.labelOf(row), state: mine.length === 0 ? 'not_judged' : broken.length > 0 ? 'broken' : 'kept', broken });
  }
  return out;
}

/** The RAID entries linked to each of these plan dependencies, oldest first. */
export function raidEntriesOfPlanDependencies(db: Db, ids: number[]): Map<number, RaidEntryRef[]> {
  const out = new Map<number, RaidEntryRef[]>();
  if (ids.length === 0) return out;
  const rows = db.select({ planDependencyId: raidEntries.planDependencyId, id: raidEntries.id, title: raidEntries.title, status: raidEntries.status, councilId: raidEntries.councilId })
    .from(raidEntries).where(sql`${raidEntries.planDependencyId} in (select value from json_each(${JSON.stringify(ids)}))`).orderBy(raidEntries.id).all();
  for (const { planDependencyId, ...ref } of rows) {
    const list = out.get(planDependencyId!) ?? [];
    list.push(ref);
    out.set(planDependencyId!, list);
  }
  return out;
}

/**
 * Whether a RAID entry may name this plan dependency: it must exist, the entry must be a dependency, and the plan
 * dependency must concern what the entry is about (the same council scope rules as the rest of the entry):
 * - an item entry: the dependency ties that item, or (a feature-wide one) the item's feature;
 * - a council entry: it ties an item of that council, or a feature the council has an item of;
 * - a feature entry: it ties that feature, or an item of it;
 * - programme and wave entries (kept by the office): any.
 */
export function planDependencyProblems(
  db: Db, planDependencyId: number,
  entry: { type: RaidType; scope: RaidScope; councilId: number | null; featureId: number | null; itemId: number | null },
): ErrorDetail[] {
  const field = 'planDependencyId';
  const dep = db.select().from(dependencies).where(eq(dependencies.id, planDependencyId)).get();
  if (!dep) return [{ field, message: `there is no plan dependency ${planDependencyId}` }];
  if (entry.type !== 'dependency') return [{ field, message: 'only a dependency entry links to a plan dependency' }];
  const concerns = (() => {
    switch (entry.scope) {
      case 'programme':
      case 'wave':
        return true;
      case 'item': {
        const item = db.select({ featureId: rolloutItems.featureId }).from(rolloutItems).where(eq(rolloutItems.id, entry.itemId!)).get();
        return [dep.beforeItemId, dep.afterItemId].includes(entry.itemId) || (item !== undefined && featuresOf(dep).includes(item.featureId));
      }
      case 'council': {
        const items = db.select({ id: rolloutItems.id, featureId: rolloutItems.featureId }).from(rolloutItems).where(eq(rolloutItems.councilId, entry.councilId!)).all();
        return items.some((i) => i.id === dep.beforeItemId || i.id === dep.afterItemId || featuresOf(dep).includes(i.featureId));
      }
      case 'feature': {
        const itemFeatures = [dep.beforeItemId, dep.afterItemId].flatMap((id) => (id === null ? [] :
          db.select({ featureId: rolloutItems.featureId }).from(rolloutItems).where(eq(rolloutItems.id, id)).all().map((i) => i.featureId)));
        return [...featuresOf(dep), ...itemFeatures].includes(entry.featureId!);
      }
    }
  })();
  return concerns ? [] : [{ field, message: `plan dependency ${planDependencyId} does not concern what this entry is about (${entry.scope})` }];
}

const featuresOf = (dep: DependencyRow): number[] => [dep.beforeFeatureId, dep.afterFeatureId].filter((id): id is number => id !== null);
