import { parseISO, subDays } from 'date-fns';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { isoDay, today, type Clock } from '../../domain/clock.ts';
import { figuresOf, quietReason, responseRate, suppressed, type Scores } from '../../domain/voice.ts';
import { readSettings } from '../settings/read-model.ts';
import { linkOpen } from './service.ts';
import { createVoiceStore, type SurveyRow } from './store.ts';

/**
 * Who results are for (docs/staff-voice.md, "Who sees what"): the office sees every council; a lead their own;
 * sponsors and share links every council's aggregates, and nothing counted from comments. Every figure of every
 * audience goes through the threshold: there is no way round it here.
 */
export type VoiceReader = { kind: 'office' } | { kind: 'lead'; councilIds: number[] } | { kind: 'aggregates' };

export function readerOf(actor: Actor | null | undefined): VoiceReader {
  if (!actor || actor.role === 'sponsor') return { kind: 'aggregates' };
  if (actor.role === 'office') return { kind: 'office' };
  return { kind: 'lead', councilIds: actor.councilIds };
}

// eslint-disable-next-line max-lines-per-function -- the results' factory: the results and the board's section share the store and the threshold rule (roundsOf)
export function createVoiceResults(db: Db, clock: Clock) {
  const store = createVoiceStore(db);

  /** Figures of rounds, each under the threshold on its own. */
  function roundsOf(rows: SurveyRow[], reader: VoiceReader, min: number, upTo?: string) {
    const ids = rows.map((r) => r.id);
    const answers = store.answers(ids, upTo);
    const comments = reader.kind === 'aggregates' ? new Map<number, number>() : store.publishedCommentCounts(ids);
    return rows.map((row) => {
      const all = answers.get(row.id) ?? [];
      const figures = suppressed(figuresOf(all), min);
      return {
        surveyId: row.id, title: row.title, councilId: row.councilId, councilName: row.councilName, groupId: row.groupId, groupName: row.groupName,
        waveId: row.waveId, waveName: row.waveName, opensOn: row.opensOn, headcount: row.headcount, responseRate: responseRate(all.length, row.headcount),
        figures,
        // Comments are shown only with figures: a round under the threshold shows none, reviewed or not.
        publishedComments: reader.kind === 'aggregates' ? null : (figures.suppressed ? 0 : comments.get(row.id) ?? 0),
        answers: figures.suppressed ? [] : all,
      };
    });
  }

  const inScope = (reader: VoiceReader, councilId: number) => reader.kind !== 'lead' || reader.councilIds.includes(councilId);

  return {
    results(filter: { councilId?: number; waveId?: number; groupId?: number }, reader: VoiceReader) {
      const settings = readSettings(db);
      const min = settings.surveyMinResponses;
      const day = today(clock);
      const rows = store.surveys(undefined).filter((s) => inScope(reader, s.councilId)
        && (filter.councilId === undefined || s.councilId === filter.councilId)
        && (filter.waveId === undefined || s.waveId === filter.waveId)
        && (filter.groupId === undefined || s.groupId === filter.groupId));
      const rounds = roundsOf(rows, reader, min);

      // Per council and wave: only rounds that meet the threshold on their own are added up, so a round held back
      // cannot be worked out as the total less the rounds shown.
      const waveKeys = [...new Map(rounds.map((r) => [`${r.councilId}/${r.waveId}`, r])).values()];
      const byWave = waveKeys.map((first) => {
        const same = rounds.filter((r) => r.councilId === first.councilId && r.waveId === first.waveId);
        const shown = same.filter((r) => !r.figures.suppressed);
        const answers: Scores[] = shown.flatMap((r) => r.answers);
        return {
          councilId: first.councilId, councilName: first.councilName, waveId: first.waveId, waveName: first.waveName,
          figures: suppressed(figuresOf(answers), min), leftOut: same.length - shown.length,
        };
      });

      const councilList = store.councils().filter((c) => inScope(reader, c.id) && (filter.councilId === undefined || c.id === filter.councilId));
      const last = store.lastAnswered(councilList.map((c) => c.id));
      const adopted = store.adoptedCounts();
      const links = store.links(rows.map((r) => r.id));
      const silenceSince = isoDay(subDays(parseISO(day), settings.silenceAfterDays));
      const councils = councilList.map((c) => {
        // Silence is judged on the council's whole-council rounds, whatever the filter: a group round is a different audience.
        const own = rounds.filter((r) => r.councilId === c.id && r.groupId === null);
        const latest = own.at(-1) ?? null;
        const previous = own.at(-2) ?? null;
        const openLink = links.some((l) => linkOpen(l, day) && rows.some((r) => r.id === l.surveyId && r.councilId === c.id && r.opensOn < silenceSince));
        const reason = quietReason({
          latestRate: latest?.responseRate ?? null, previousRate: previous?.responseRate ?? null, lastAnsweredOn: last.get(c.id) ?? null,
          openLink, today: day, silenceSince,
        });
        const strip = (r: (typeof rounds)[number] | null) => (r ? (({ answers: _a, ...rest }) => rest)(r) : null);
        return {
          councilId: c.id, councilName: c.name, councilCode: c.code, rounds: rounds.filter((r) => r.councilId === c.id).length, latest: strip(latest),
          quiet: reason !== null, quietReason: reason, lastAnsweredOn: last.get(c.id) ?? null, adoptedIdeas: adopted.get(c.id) ?? 0,
        };
      });

      return { minResponses: min, councils, rounds: rounds.map(({ answers: _a, ...r }) => r), byWave };
    },

    /**
     * The board report's staff voice section for a period ending `to`: per council its latest round opened by
     * then, counted from answers given by then, under the threshold like everywhere else; ideas adopted in the period.
     */
    board(from: string, to: string) {
      const min = readSettings(db).surveyMinResponses;
      const rows = store.surveys(undefined).filter((s) => s.opensOn <= to && s.groupId === null);
      const rounds = roundsOf(rows, { kind: 'aggregates' }, min, to);
      const ideas = store.ideas({ status: 'adopted' }).filter((i) => i.decidedOn !== null && i.decidedOn > from && i.decidedOn <= to);
      const councils = store.councils().flatMap((c) => {
        const own = rounds.filter((r) => r.councilId === c.id);
        const latest = own.at(-1);
        if (!latest) return [];
        const previous = own.at(-2);
        return [{
          councilId: c.id, councilName: c.name, title: latest.title, opensOn: latest.opensOn, waveName: latest.waveName,
          responses: latest.figures.responses, responseRate: latest.responseRate, previousResponseRate: previous?.responseRate ?? null,
          suppressed: latest.figures.suppressed,
          stages: latest.figures.stages.map((s) => ({ stage: s.stage, mean: s.mean, agreePercent: s.agreePercent })),
          recommendNet: latest.figures.recommendNet,
        }];
      });
      return { minResponses: min, councils, ideasAdopted: ideas.map((i) => ({ councilName: i.councilName, title: i.title, weDid: i.weDid, decidedOn: i.decidedOn! })) };
    },
  };
}

export type VoiceResults = ReturnType<typeof createVoiceResults>;
