import { answersFor, isOffice, seesUnpublished, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { benefits, earlyWins } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { Page, WriteContext } from '../../http/crud.ts';
import { AppError, assertDateRange, badRequest, type ErrorDetail, notFound } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { loadReferences } from '../items/read-model.ts';
import { winProblems } from './rules.ts';
import type { CreateWin, UpdateWin, Win, WinQuery } from './schemas.ts';
import { createWinStore, winFilter } from './store.ts';

/** Like the standard CRUD service, but reading needs the actor: sponsors see published wins only. */
export interface WinService {
  list(query: WinQuery, actor: Actor): Page<Win>;
  get(id: number, actor: Actor): Win;
  create(input: CreateWin, ctx: WriteContext): Win;
  update(id: number, input: UpdateWin, ctx: WriteContext): Win;
  remove(id: number, ctx: WriteContext): void;
}

const PUBLISH_REFUSED: ErrorDetail = { field: 'published', message: 'only the programme office can publish a win' };

function rejectIf(problems: ErrorDetail[], message: string): void {
  if (problems.length > 0) throw badRequest(message, problems);
}

/** A lead changes or removes only drafts of their own council, and never publishes or unpublishes. */
function assertMayChange(actor: Actor, win: Win, input?: UpdateWin): void {
  if (isOffice(actor)) return;
  if (!answersFor(actor, win.councilId)) {
    throw new AppError(403, `You can only change early wins of the council(s) you lead; this one belongs to ${win.councilName}.`);
  }
  if (win.published) throw new AppError(403, 'This early win is published; only the programme office can change or remove it now.');
  if (input?.published !== undefined && input.published !== win.published) {
    throw new AppError(403, 'Only the programme office can publish an early win.', [PUBLISH_REFUSED]);
  }
}

/** A lead records wins only for a council they lead. Checked only once the council is known to exist (else 400). */
function assertMayUseCouncil(actor: Actor, councilId: number, referenceProblems: ErrorDetail[]): void {
  if (referenceProblems.some((p) => p.field === 'councilId')) return;
  if (!answersFor(actor, councilId)) {
    throw new AppError(403, 'You can only record early wins for the council(s) you lead.', [{ field: 'councilId', message: 'is not a council you lead' }]);
  }
}

// eslint-disable-next-line max-lines-per-function -- a CRUD service factory: the operations share the reference and benefit checks and the store
export function createWinService(db: Db, clock: Clock): WinService {
  const store = createWinStore(db);

  const view = (id: number): Win => {
    const win = store.view(id);
    if (!win) throw notFound('Early win', id);
    return win;
  };

  /** Unknown councils and features are the caller's mistake: 400 naming the field. */
  const referenceProblems = (councilId: number | undefined, featureId: number | null | undefined): ErrorDetail[] =>
    loadReferences(db, {
      councilIds: councilId !== undefined ? [councilId] : [], featureIds: featureId != null ? [featureId] : [], waveIds: [], groupIds: [],
    }).check({ councilId, featureId: featureId ?? undefined }, councilId ?? 0);

  /** A win may count towards a benefit in the register (docs/benefits.md): it must exist. */
  const benefitProblems = (benefitId: number | null | undefined): ErrorDetail[] =>
    benefitId != null && !db.select({ id: benefits.id }).from(benefits).where(eq(benefits.id, benefitId)).get()
      ? [{ field: 'benefitId', message: `benefit ${benefitId} does not exist` }] : [];

  return {
    list(query, actor) {
      const { limit, offset, ...filter } = query;
      assertDateRange(filter);
      const bounds = pageBounds({ limit, offset });
      const where = winFilter(seesUnpublished(actor) ? filter : { ...filter, published: true });
      return toPage(store.page(where, bounds.limit, bounds.offset), countWhere(db, earlyWins, where), bounds);
    },

    get(id, actor) {
      const win = store.view(id);
      // A sponsor is not told that a draft exists.
      if (!win || (!win.published && !seesUnpublished(actor))) throw notFound('Early win', id);
      return win;
    },

    create(input, ctx) {
      return inTransaction(db, () => {
        const refs = referenceProblems(input.councilId, input.featureId);
        assertMayUseCouncil(ctx.actor, input.councilId, refs);
        const published = input.published ?? false;
        if (published && !isOffice(ctx.actor)) {
          throw new AppError(403, 'Only the programme office can publish an early win; save it as a draft for the office to publish.', [PUBLISH_REFUSED]);
        }
        const shape = {
          wonOn: input.wonOn,
          evidenceValue: input.evidenceValue ?? null,
          evidenceNote: (input.evidenceNote ?? '').trim(),
          evidenceLink: input.evidenceLink ?? null,
        };
        rejectIf([...refs, ...benefitProblems(input.benefitId), ...winProblems(shape, today(clock))], 'The early win is not valid.');
        const now = instant(clock);
        const row = store.insert({
          councilId: input.councilId, featureId: input.featureId ?? null, title: input.title.trim(), story: input.story.trim(),
          ...shape, evidenceUnit: (input.evidenceUnit ?? '').trim(), benefitId: input.benefitId ?? null,
          authorId: ctx.actor.id, authorName: ctx.actor.name, published, publishedAt: published ? now : null,
          createdAt: now, updatedAt: now,
        });
        const after = view(row.id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'win', entityId: row.id, after });
        return after;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = view(id);
        assertMayChange(ctx.actor, before, input);
        assertFresh('early win', before, ctx.ifMatch, () => before);
        const refs = referenceProblems(input.councilId, input.featureId);
        if (input.councilId !== undefined) assertMayUseCouncil(ctx.actor, input.councilId, refs);
        const shape = {
          wonOn: input.wonOn ?? before.wonOn,
          evidenceValue: input.evidenceValue !== undefined ? input.evidenceValue : before.evidenceValue,
          evidenceNote: input.evidenceNote !== undefined ? input.evidenceNote.trim() : before.evidenceNote,
          evidenceLink: input.evidenceLink !== undefined ? input.evidenceLink : before.evidenceLink,
        };
        rejectIf([...refs, ...benefitProblems(input.benefitId), ...winProblems(shape, today(clock))], 'The change to the early win is not valid.');
        const now = instant(clock);
        const published = input.published ?? before.published;
        store.update(id, {
          ...shape,
          ...(input.councilId !== undefined ? { councilId: input.councilId } : {}),
          ...(input.featureId !== undefined ? { featureId: input.featureId } : {}),
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.story !== undefined ? { story: input.story.trim() } : {}),
          ...(input.evidenceUnit !== undefined ? { evidenceUnit: input.evidenceUnit.trim() } : {}),
          ...(input.benefitId !== undefined ? { benefitId: input.benefitId } : {}),
          published,
          // Stamped when it goes out, kept while it stays out, cleared when it is withdrawn.
          publishedAt: published ? (before.published ? before.publishedAt : now) : null,
          updatedAt: now,
        });
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'win', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const win = view(id);
        assertMayChange(ctx.actor, win);
        assertFresh('early win', win, ctx.ifMatch, () => win);
        store.delete(id);
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'win', entityId: id, before: win });
      });
    },
  };
}
