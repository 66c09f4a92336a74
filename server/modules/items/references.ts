import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { councilGroups, councils, features, waves } from '../../db/schema.ts';
import type { ErrorDetail } from '../../http/errors.ts';

/**
 * Looks up, in one query per table, the councils, features, waves and groups a request names,
 * so that a request naming something that does not exist gets a 400 that says which field.
 */
export function loadReferences(db: Db, refs: { councilIds: number[]; featureIds: number[]; waveIds: number[]; groupIds: number[] }) {
  const ids = (list: number[]) => [...new Set(list)];
  const councilSet = new Set(
    refs.councilIds.length ? db.select({ id: councils.id }).from(councils).where(inArray(councils.id, ids(refs.councilIds))).all().map((r) => r.id) : [],
  );
  const featureSet = new Set(
    refs.featureIds.length ? db.select({ id: features.id }).from(features).where(inArray(features.id, ids(refs.featureIds))).all().map((r) => r.id) : [],
  );
  const waveSet = new Set(
    refs.waveIds.length ? db.select({ id: waves.id }).from(waves).where(inArray(waves.id, ids(refs.waveIds))).all().map((r) => r.id) : [],
  );
  const groupCouncil = new Map(
    refs.groupIds.length
      ? db.select({ id: councilGroups.id, councilId: councilGroups.councilId }).from(councilGroups)
        .where(inArray(councilGroups.id, ids(refs.groupIds))).all().map((r) => [r.id, r.councilId] as const)
      : [],
  );

  return {
    /** Problems with one item's references; prefix places them in a batch ("items/3"). */
    check(item: { councilId?: number; featureId?: number; waveId?: number | null; groupId?: number | null }, ownerCouncilId: number, prefix = ''): ErrorDetail[] {
      const field = (name: string): string => (prefix ? `${prefix}/${name}` : name);
      const problems: ErrorDetail[] = [];
      if (item.councilId !== undefined && !councilSet.has(item.councilId)) problems.push({ field: field('councilId'), message: `council ${item.councilId} does not exist` });
      if (item.featureId !== undefined && !featureSet.has(item.featureId)) problems.push({ field: field('featureId'), message: `feature ${item.featureId} does not exist` });
      if (item.waveId != null && !waveSet.has(item.waveId)) problems.push({ field: field('waveId'), message: `wave ${item.waveId} does not exist` });
      if (item.groupId != null) {
        const owner = groupCouncil.get(item.groupId);
        if (owner === undefined) problems.push({ field: field('groupId'), message: `group ${item.groupId} does not exist` });
        else if (owner !== ownerCouncilId) problems.push({ field: field('groupId'), message: `group ${item.groupId} belongs to another council` });
      }
      return problems;
    },
  };
}
