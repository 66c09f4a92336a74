import { and, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { councils, features, rolloutItems, users, waves } from '../../db/schema.ts';
import { AppError, type ErrorDetail } from '../../http/errors.ts';
import { CreateRaidEntry, UpdateRaidEntry, type RaidEntry } from '../raid/schemas.ts';
import type { RaidService } from '../raid/read-model.ts';
import { lineOf, previewOrApply, refuseIfProblems, shapeProblems } from './runner.ts';
import type { RaidImportResult } from './schemas.ts';

/** The RAID log export's columns (exports/tables.ts, raid-log); score, raised_on, closed_on and open_actions are worked out, so ignored. */
export const RAID_COLUMNS = [
  'id', 'type', 'scope', 'about', 'title', 'description', 'owner', 'owner_is_user', 'due_date', 'status', 'likelihood', 'impact', 'score',
  'proximity', 'trend', 'response', 'validate_by', 'raised_on', 'closed_on', 'open_actions', 'shareable',
] as const;
export const RAID_REQUIRED = ['type', 'scope', 'title', 'owner', 'due_date'] as const;

type Row = Record<string, string>;
/** Names as people type them: accents composed one way, case and runs of spaces ignored. */
const key = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const cell = (row: Row, column: string): string => (row[column] ?? '').normalize('NFC').trim();
const whole = (text: string): number | string | undefined => (text === '' ? undefined : /^\d{1,3}$/.test(text) ? Number(text) : text);
const yesNo = (text: string): boolean | string | undefined => {
  const k = key(text);
  return k === '' ? undefined : ['yes', 'y', 'true'].includes(k) ? true : ['no', 'n', 'false'].includes(k) ? false : text;
};

/** Which column an API field comes from, for a problem's line/column. */
const COLUMN_OF: Record<string, string> = {
  type: 'type', scope: 'scope', councilId: 'about', waveId: 'about', featureId: 'about', itemId: 'about', title: 'title', description: 'description',
  ownerUserId: 'owner', ownerName: 'owner', dueDate: 'due_date', status: 'status', likelihood: 'likelihood', impact: 'impact', proximity: 'proximity',
  trend: 'trend', response: 'response', validateBy: 'validate_by', shareable: 'shareable',
};
const UPDATABLE = ['title', 'description', 'dueDate', 'status', 'likelihood', 'impact', 'proximity', 'trend', 'response', 'validateBy', 'shareable'] as const;

/**
 * Imports a RAID log from the CSV the raid-log export writes (or a spreadsheet with those columns): a row without an
 * id records a new entry, a row with one changes that entry where a value differs (an empty cell leaves the value as
 * it is). Each row goes through the same rules as the API, with audit. Any problem refuses the whole file, naming the
 * line and column; a preview does everything and keeps nothing.
 */
// eslint-disable-next-line max-lines-per-function -- holds run(), the import's one check-then-write pass
export function createRaidImport(db: Db, service: RaidService) {

  // eslint-disable-next-line max-lines-per-function -- one pass over the rows: resolve each row's references, then write it through the RAID service; checked whole, then applied or rolled back
  function run(rows: Row[], actor: Actor, apply: boolean): RaidImportResult {
    // eslint-disable-next-line max-lines-per-function -- the body of that pass, in the transaction a preview rolls back
    return previewOrApply(db, apply, () => {
      const problems: ErrorDetail[] = [];
      const councilList = db.select({ id: councils.id, name: councils.name, code: councils.code }).from(councils).all();
      const councilBy = new Map(councilList.flatMap((c) => [[key(c.name), c.id], [key(c.code), c.id]] as const));
      const featureList = db.select({ id: features.id, name: features.name, code: features.code }).from(features).all();
      const featureBy = new Map(featureList.flatMap((f) => [[key(f.name), f.id], [key(f.code), f.id]] as const));
      const waveBy = new Map(db.select({ id: waves.id, name: waves.name }).from(waves).all().map((w) => [key(w.name), w.id]));
      const itemBy = new Map(db.select({ id: rolloutItems.id, councilId: rolloutItems.councilId, featureId: rolloutItems.featureId }).from(rolloutItems).all()
        .map((i) => [`${i.councilId}|${i.featureId}`, i.id]));
      const owners = new Map<string, number[]>();
      for (const u of db.select({ id: users.id, name: users.displayName }).from(users).where(and(isNull(users.disabledAt), inArray(users.role, ['office', 'lead']))).all()) {
        owners.set(key(u.name), [...(owners.get(key(u.name)) ?? []), u.id]);
      }

      /** The link an entry of this scope names, from the about column. */
      const linkOf = (scope: string, about: string, at: (c: string) => string): Record<string, number> | null => {
        const none = (what: string) => { problems.push({ field: at('about'), message: `no ${what} is called "${about}"` }); return null; };
        switch (scope) {
          case 'programme': return {};
          case 'council': { const id = councilBy.get(key(about)); return id ? { councilId: id } : none('council'); }
          case 'wave': { const id = waveBy.get(key(about)); return id ? { waveId: id } : none('wave'); }
          case 'feature': { const id = featureBy.get(key(about)); return id ? { featureId: id } : none('feature'); }
          case 'item': {
            const split = about.indexOf(':');
            const councilId = split > 0 ? councilBy.get(key(about.slice(0, split))) : undefined;
            const featureId = split > 0 ? featureBy.get(key(about.slice(split + 1))) : undefined;
            const id = councilId && featureId ? itemBy.get(`${councilId}|${featureId}`) : undefined;
            if (id) return { itemId: id };
            problems.push({ field: at('about'), message: `names no rollout item: write "Council: Feature" (e.g. "${councilList[0]?.name ?? 'Northmoor County Council'}: ${featureList[0]?.name ?? 'View payslip'}")` });
            return null;
          }
          default: return {};
        }
      };
      const ownerOf = (row: Row, at: (c: string) => string): { ownerUserId?: number; ownerName?: string } | null => {
        const name = cell(row, 'owner');
        const isUser = yesNo(cell(row, 'owner_is_user'));
        if (typeof isUser === 'string') { problems.push({ field: at('owner_is_user'), message: 'is yes or no' }); return null; }
        if (!isUser) return name === '' ? {} : { ownerName: name };
        const ids = owners.get(key(name)) ?? [];
        if (ids.length === 1) return { ownerUserId: ids[0]! };
        problems.push({ field: at('owner'), message: ids.length === 0 ? `no active office or lead account is called "${name}"` : `more than one account is called "${name}"; name them as an external contact or rename one` });
        return null;
      };

      const plans: Array<{ index: number; id: number | null; body: Record<string, unknown>; current?: RaidEntry }> = [];
      const seen = new Map<number, number>();
      rows.forEach((row, index) => {
        const at = lineOf(index);
        const before = problems.length;
        const idText = cell(row, 'id');
        let current: RaidEntry | undefined;
        if (idText !== '') {
          if (!/^\d{1,9}$/.test(idText)) { problems.push({ field: at('id'), message: 'is the number of an entry already in the log, or empty for a new one' }); return; }
          const id = Number(idText);
          if (seen.has(id)) { problems.push({ field: at('id'), message: `entry ${id} is already on line ${seen.get(id)! + 2}` }); return; }
          seen.set(id, index);
          try {
            current = service.getEntry(id);
          } catch {
            problems.push({ field: at('id'), message: `there is no RAID entry ${id}; leave id empty to record a new one` });
            return;
          }
        }
        const owner = ownerOf(row, at);
        const fields: Record<string, unknown> = {
          title: cell(row, 'title') || undefined, description: cell(row, 'description') || undefined, dueDate: cell(row, 'due_date') || undefined,
          status: key(cell(row, 'status')) || undefined, likelihood: whole(cell(row, 'likelihood')), impact: whole(cell(row, 'impact')),
          proximity: key(cell(row, 'proximity')) || undefined, trend: key(cell(row, 'trend')) || undefined, response: key(cell(row, 'response')) || undefined,
          validateBy: cell(row, 'validate_by') || undefined, shareable: yesNo(cell(row, 'shareable')),
        };
        const type = key(cell(row, 'type'));
        const scope = key(cell(row, 'scope'));
        if (current) {
          if (type !== current.type) problems.push({ field: at('type'), message: `entry ${current.id} is a ${current.type}; the type cannot change (close it and record a new one)` });
          if (scope !== current.scope) problems.push({ field: at('scope'), message: `entry ${current.id} is a ${current.scope}-level entry; that cannot change (close it and record a new one)` });
          else if (scope !== 'programme' && cell(row, 'about') !== '' && key(cell(row, 'about')) !== key(current.about)) {
            problems.push({ field: at('about'), message: `entry ${current.id} is about ${current.about}; that cannot change (close it and record a new one)` });
          }
          const was = current as unknown as Record<string, unknown>;
          const body = Object.fromEntries(UPDATABLE.filter((f) => fields[f] !== undefined && fields[f] !== was[f]).map((f) => [f, fields[f]]));
          if (owner && owner.ownerUserId !== undefined && owner.ownerUserId !== current.owner.userId) body.ownerUserId = owner.ownerUserId;
          if (owner && owner.ownerName !== undefined && (!current.owner.external || owner.ownerName !== current.owner.name)) body.ownerName = owner.ownerName;
          if (problems.length === before && Object.keys(body).length > 0) problems.push(...shapeProblems(UpdateRaidEntry, body, at, COLUMN_OF));
          plans.push({ index, id: current.id, body, current });
          return;
        }
        const link = linkOf(scope, cell(row, 'about'), at);
        const { status, ...create } = fields;
        const body = { type, scope, ...(link ?? {}), ...create, ...(owner ?? {}) };
        if (problems.length === before) problems.push(...shapeProblems(CreateRaidEntry, JSON.parse(JSON.stringify(body)), at, COLUMN_OF));
        if (status !== undefined && status !== 'open' && status !== 'closed') problems.push({ field: at('status'), message: 'is open or closed' });
        plans.push({ index, id: null, body: { ...body, ...(status === 'closed' ? { status } : {}) } });
      });
      refuseIfProblems(problems, rows.length);

      // Every row through the API's own rules and audit; a refusal names its line, and the others are still checked.
      const result: RaidImportResult = { applied: apply, rows: rows.length, created: [], updated: [], unchanged: 0 };
      const ctx = { actor };
      for (const plan of plans) {
        const at = lineOf(plan.index);
        try {
          if (plan.id === null) {
            const { status, ...create } = plan.body;
            const entry = service.createEntry(JSON.parse(JSON.stringify(create)), ctx);
            if (status === 'closed') service.updateEntry(entry.id, { status: 'closed' }, { ...ctx, ifMatch: entry.version });
            result.created.push({ line: plan.index + 2, id: entry.id, title: entry.title });
          } else if (Object.keys(plan.body).length === 0) {
            result.unchanged += 1;
          } else {
            service.updateEntry(plan.id, plan.body as never, { ...ctx, ifMatch: plan.current!.version });
            result.updated.push({ line: plan.index + 2, id: plan.id, fields: Object.keys(plan.body).map((f) => COLUMN_OF[f] ?? f).filter((c, i, all) => all.indexOf(c) === i) });
          }
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const details = error.details ?? [];
          problems.push(...(details.length > 0
            ? details.map((d) => ({ field: at(COLUMN_OF[d.field] ?? d.field), message: d.message }))
            : [{ field: at('id'), message: error.message }]));
        }
      }
      refuseIfProblems(problems, rows.length);
      return result;
    });
  }

  return { run };
}
