import { parseISO, subMonths } from 'date-fns';
import { systemActor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { isoDay } from '../../domain/clock.ts';
import { tallyOf } from '../../domain/voice.ts';
import { recordAudit } from '../../db/audit.ts';
import { createVoiceStore } from './store.ts';

/** How long answers and comments are kept after their round opened, unless config says otherwise (VOICE_RETENTION_MONTHS). */
export const DEFAULT_VOICE_RETENTION_MONTHS = 24;

/** The retention period in words, for the statement staff read on the form. */
export function retentionInWords(months: number): string {
  const words = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  if (months % 12 === 0) {
    const years = months / 12;
    return `${words[years] ?? years} year${years === 1 ? '' : 's'}`;
  }
  return `${months} month${months === 1 ? '' : 's'}`;
}

export interface RetentionReport {
  /** Rounds whose answers were deleted on this run. */
  surveys: Array<{ surveyId: number; answersDeleted: number; commentsDeleted: number; marksDeleted: number; linksClosed: number; ideasUnlinked: number }>;
}

const ACTOR = systemActor('Staff voice retention');

/**
 * The end of the retention period (docs/staff-voice.md, "Retention"): every round that opened `months` or more
 * before the day loses its answers, comments and browser marks, discarded ones too. What it keeps is its tally,
 * how many gave each score, from which its figures are made exactly as before; readings fed from it, issued board
 * reports, discards and ideas are programme records and stay. Its open links close, so no answer arrives after.
 * One transaction per round, each audited: a round is either untouched or fully done.
 * Run daily by the scheduler (`scheduleDaily` in modules/notifications/worker.ts); a rerun finds nothing to do.
 */
export function createVoiceRetention(db: Db, months: number) {
  const store = createVoiceStore(db);

  return {
    months,
    run(now: Date, day: string): RetentionReport {
      const openedOnOrBefore = isoDay(subMonths(parseISO(day), months));
      const at = now.toISOString();
      const surveys = store.pastRetention(openedOnOrBefore).flatMap((surveyId) => inTransaction(db, () => {
        // Read again inside the transaction: another process may have done this round meanwhile.
        if (store.tallies([surveyId]).size > 0) return [];
        const kept = store.keptAnswers(surveyId);
        const counts = tallyOf(kept);
        const lastAnsweredOn = kept.reduce<string | null>((last, a) => (last === null || a.answeredOn > last ? a.answeredOn : last), null);
        const linksClosed = store.links([surveyId]).filter((l) => l.closedAt === null);
        for (const link of linksClosed) {
          store.updateLink(link.id, { closedAt: at, updatedAt: at });
          recordAudit(db, ACTOR, now, { action: 'update', entity: 'survey_link', entityId: link.id, before: { closedAt: null }, after: { closedAt: at } });
        }
        const done = store.deleteAnswers(surveyId, { responses: kept.length, counts, lastAnsweredOn, deletedOn: day }, at);
        for (const idea of done.ideas) {
          recordAudit(db, ACTOR, now, { action: 'update', entity: 'voice_idea', entityId: idea.id, before: { commentId: idea.commentId }, after: { commentId: null } });
        }
        recordAudit(db, ACTOR, now, {
          action: 'delete', entity: 'survey_answers', entityId: surveyId,
          before: { answers: done.answersDeleted, comments: done.commentsDeleted, browserMarks: done.marksDeleted },
          after: { tallied: kept.length, retentionMonths: months, openedOnOrBefore, deletedOn: day },
        });
        return [{
          surveyId, answersDeleted: done.answersDeleted, commentsDeleted: done.commentsDeleted, marksDeleted: done.marksDeleted,
          linksClosed: linksClosed.length, ideasUnlinked: done.ideas.length,
        }];
      }));
      return { surveys };
    },
  };
}
