import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { councils, features, rolloutItems, waves } from '../../db/schema.ts';
import { AppError, type ErrorDetail } from '../../http/errors.ts';
import type { CouncilService } from '../councils/read-model.ts';
import { CreateCouncil } from '../councils/schemas.ts';
import type { FeatureService } from '../features/read-model.ts';
import { CreateFeature } from '../features/schemas.ts';
import type { ItemService } from '../items/read-model.ts';
import { PLAN_COLUMNS } from '../exports/read-model.ts';
import { lineOf, previewOrApply, refuseIfProblems, shapeProblems } from './runner.ts';
import type { PlanImportResult } from './schemas.ts';

type Row = Record<string, string>;
const cell = (row: Row, column: string): string | undefined => (column in row ? row[column]!.trim() : undefined);
const headcount = (text: string | undefined): number | string | undefined => (text === undefined || text === '' ? undefined : /^\d+$/.test(text) ? Number(text) : text);

/**
 * Imports the plan from the CSV the plan export writes: councils and features are matched by code,
 * created when new and updated where a value differs; each council × feature row puts the rollout item
 * in the wave named (empty: not scheduled). Nothing is deleted. All rows are checked first; any problem
 * refuses the whole file, naming the line.
 */
/** The owning services a plan import writes through, handed over by the composition root (server/services.ts). */
export interface PlanImportServices {
  councils: CouncilService;
  features: FeatureService;
  items: ItemService;
}

// eslint-disable-next-line max-lines-per-function -- holds run(), the import's one check-then-write pass, and its columns
export function createPlanImport(db: Db, services: PlanImportServices) {
  const { councils: councilService, features: featureService, items: itemService } = services;

  // eslint-disable-next-line max-lines-per-function -- one pass over the rows, councils then features then items, each step reading what the previous one settled; checked whole, then applied or rolled back
  function run(rows: Row[], actor: Actor, apply: boolean): PlanImportResult {
    const problems: ErrorDetail[] = [];
    const line = lineOf;
    const existingCouncils = new Map(db.select().from(councils).all().map((c) => [c.code.toUpperCase(), c]));
    const existingFeatures = new Map(db.select().from(features).all().map((f) => [f.code.toUpperCase(), f]));
    const waveByName = new Map(db.select({ id: waves.id, name: waves.name }).from(waves).all().map((w) => [w.name.trim().toLowerCase(), w]));
    const waveNames = new Map([...waveByName.values()].map((w) => [w.id, w.name]));
    const liveItems = new Set(db.select({ council: councils.code, feature: features.code }).from(rolloutItems)
      .innerJoin(councils, eq(councils.id, rolloutItems.councilId)).innerJoin(features, eq(features.id, rolloutItems.featureId))
      .where(eq(rolloutItems.status, 'live')).all().map((i) => `${i.council.toUpperCase()}|${i.feature.toUpperCase()}`));

    // Each council and feature once, with the values its rows give (rows must agree with each other).
    type Entity = { index: number; values: Record<string, unknown>; lines: Record<string, number> };
    const councilRows = new Map<string, Entity>();
    const featureRows = new Map<string, Entity>();
    const collect = (into: Map<string, Entity>, code: string, index: number, values: Record<string, unknown>, columns: Record<string, string>) => {
      let seen = into.get(code);
      if (!seen) into.set(code, (seen = { index, values: {}, lines: {} }));
      for (const [field, value] of Object.entries(values)) {
        if (value === undefined) continue;
        if (seen.values[field] !== undefined && seen.values[field] !== value) {
          problems.push({ field: line(index)(columns[field]!), message: `says "${String(value)}" but line ${seen.lines[field]! + 2} says "${String(seen.values[field])}" for ${code}` });
        } else {
          seen.values[field] = value;
          seen.lines[field] = index;
        }
      }
    };

    const councilNames = { staffHeadcount: 'staff_headcount', managerHeadcount: 'manager_headcount', name: 'council_name', code: 'council_code' };
    const featureNames = { name: 'feature_name', code: 'feature_code', audience: 'audience' };
    const pairs = new Map<string, number>();
    const itemRows: Array<{ index: number; council: string; feature: string; waveId: number | null; note: string | undefined }> = [];
    rows.forEach((row, index) => {
      const at = line(index);
      const council = (cell(row, 'council_code') ?? '').toUpperCase();
      const feature = (cell(row, 'feature_code') ?? '').toUpperCase();
      if (!council && !feature) {
        problems.push({ field: at('council_code'), message: 'a row needs a council code, a feature code, or both' });
        return;
      }
      if (council) {
        collect(councilRows, council, index, {
          name: cell(row, 'council_name') || undefined, staffHeadcount: headcount(cell(row, 'staff_headcount')), managerHeadcount: headcount(cell(row, 'manager_headcount')),
        }, councilNames);
      }
      if (feature) collect(featureRows, feature, index, { name: cell(row, 'feature_name') || undefined, audience: cell(row, 'audience') || undefined }, featureNames);
      if (council && feature) {
        const pair = `${council}|${feature}`;
        if (pairs.has(pair)) problems.push({ field: at('feature_code'), message: `${council} and ${feature} are already on line ${pairs.get(pair)! + 2}` });
        pairs.set(pair, index);
        const waveText = cell(row, 'wave') ?? '';
        const wave = waveText ? waveByName.get(waveText.toLowerCase()) : null;
        if (wave === undefined) problems.push({ field: at('wave'), message: `no wave is called "${waveText}" (waves: ${[...waveNames.values()].join(', ') || 'none yet'})` });
        if (wave === null && liveItems.has(pair)) problems.push({ field: at('wave'), message: 'is needed: this item is live, so it stays in a wave' });
        itemRows.push({ index, council, feature, waveId: wave?.id ?? null, note: cell(row, 'note') });
      } else if (cell(row, 'wave')) {
        problems.push({ field: at('wave'), message: 'a wave needs both a council and a feature on the row' });
      }
    });

    for (const [code, { index, values }] of councilRows) {
      const existing = existingCouncils.get(code);
      const candidate = existing ? { name: existing.name, staffHeadcount: existing.staffHeadcount, managerHeadcount: existing.managerHeadcount, ...values, code } : { ...values, code };
      problems.push(...shapeProblems(CreateCouncil, candidate, line(index), councilNames));
    }
    for (const [code, { index, values }] of featureRows) {
      const existing = existingFeatures.get(code);
      problems.push(...shapeProblems(CreateFeature, existing ? { name: existing.name, audience: existing.audience, ...values, code } : { ...values, code }, line(index), featureNames));
    }
    refuseIfProblems(problems, rows.length);

    const result: PlanImportResult = {
      applied: apply, rows: rows.length,
      councils: { created: [], updated: [] }, features: { created: [], updated: [] },
      items: { created: [], moved: [], noteChanged: 0, unchanged: 0 },
    };
    const changed = (values: Record<string, unknown>, existing: Record<string, unknown>) => Object.keys(values).filter((k) => values[k] !== existing[k]);
    const ctx = { actor };
    /** Creates what is new, updates what differs, and says which id each code has. */
    const upsertByCode = (
      entities: Map<string, Entity>, existingByCode: Map<string, { id: number }>,
      service: { create(input: never, context: typeof ctx): { id: number }; update(id: number, input: never, context: typeof ctx): unknown },
      into: PlanImportResult['councils'],
    ) => {
      const ids = new Map<string, number>();
      for (const [code, { values }] of entities) {
        const existing = existingByCode.get(code);
        if (!existing) {
          ids.set(code, service.create({ ...values, code } as never, ctx).id);
          into.created.push(code);
          continue;
        }
        ids.set(code, existing.id);
        const fields = changed(values, existing);
        if (fields.length === 0) continue;
        service.update(existing.id, Object.fromEntries(fields.map((f) => [f, values[f]])) as never, ctx);
        into.updated.push({ code, fields });
      }
      return ids;
    };
    return previewOrApply(db, apply, () => {
      const councilIds = upsertByCode(councilRows, existingCouncils, councilService, result.councils);
      const featureIds = upsertByCode(featureRows, existingFeatures, featureService, result.features);

      const current = new Map(db.select({ id: rolloutItems.id, councilId: rolloutItems.councilId, featureId: rolloutItems.featureId, waveId: rolloutItems.waveId, note: rolloutItems.note })
        .from(rolloutItems).all().map((i) => [`${i.councilId}|${i.featureId}`, i]));
      const assignments: Array<{ councilId: number; featureId: number; waveId: number | null }> = [];
      const notes: Array<{ index: number; key: string; note: string }> = [];
      for (const row of itemRows) {
        const councilId = councilIds.get(row.council)!;
        const featureId = featureIds.get(row.feature)!;
        const key = `${councilId}|${featureId}`;
        const existing = current.get(key);
        if (!existing) {
          assignments.push({ councilId, featureId, waveId: row.waveId });
          result.items.created.push({ council: row.council, feature: row.feature, wave: row.waveId ? waveNames.get(row.waveId)! : null });
        } else if (existing.waveId !== row.waveId) {
          assignments.push({ councilId, featureId, waveId: row.waveId });
          result.items.moved.push({ council: row.council, feature: row.feature, from: existing.waveId ? waveNames.get(existing.waveId)! : null, to: row.waveId ? waveNames.get(row.waveId)! : null });
        }
        if (row.note !== undefined && row.note !== (existing?.note ?? '')) notes.push({ index: row.index, key, note: row.note });
        else if (existing && existing.waveId === row.waveId) result.items.unchanged += 1;
      }
      let assigned: Array<{ id: number; councilId: number; featureId: number }> = [];
      try {
        if (assignments.length > 0) assigned = itemService.assign({ items: assignments, reasonCategory: 'other', reason: 'Moved by a plan import (the file names no reason)' }, ctx).items;
      } catch (error) {
        // The item rules speak of positions in the batch; say which lines those are.
        if (!(error instanceof AppError)) throw error;
        const lineOf = (position: number) => itemRows.find((r) => `${councilIds.get(r.council)}|${featureIds.get(r.feature)}` === `${assignments[position]!.councilId}|${assignments[position]!.featureId}`)!.index + 2;
        throw new AppError(error.statusCode, `Nothing was imported: ${error.message}`, error.details?.map((d) => ({
          field: d.field.replace(/^items\/(\d+)\/(\w+)$/, (_m, n: string, f: string) => `line ${lineOf(Number(n))}/${f === 'waveId' ? 'wave' : f}`), message: d.message,
        })));
      }
      if (notes.length > 0) {
        // Items that already existed keep their ids; the new ones come back from the assignment.
        const assignedIds = new Map(assigned.map((i) => [`${i.councilId}|${i.featureId}`, i.id]));
        for (const { key, note } of notes) itemService.update(current.get(key)?.id ?? assignedIds.get(key)!, { note }, ctx);
        result.items.noteChanged = notes.length;
      }
      return result;
    });
  }

  return { run, columns: PLAN_COLUMNS };
}
