import { createHash } from 'node:crypto';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { inTransaction, type Db } from '../../db/database.ts';
import { VOICE_PROMPTS, VOICE_STAGES } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import { PROMPT_QUESTIONS, RECOMMEND_QUESTION, SCALE_WORDS, STAGE_STATEMENTS } from '../../domain/voice.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Answer } from './schemas.ts';
import { retentionInWords } from './retention.ts';
import { linkOpen } from './service.ts';
import { createVoiceStore } from './store.ts';

/**
 * Answers accepted without an account (docs/staff-voice.md, "Abuse"): per link and per address within the window.
 * Councils often share one public address for a whole office, so the per-address limit is generous; addresses are
 * counted in memory only and never written down.
 */
export interface VoiceLimits {
  perLink: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_VOICE_LIMITS: VoiceLimits = { perLink: 300, perAddress: 60, windowMs: 10 * 60_000 };

/** The request body limit of the answer route, in bytes: three answers of 1,000 characters and the scores fit. */
export const ANSWER_BODY_LIMIT = 16 * 1024;

/** The privacy statement staff read on the form; docs/staff-voice.md says the same at length. */
export const PRIVACY_STATEMENT = [
  'You do not give your name, and we do not keep your internet address, your device or browser, or the time you answered: only the day.',
  'Scores are shown only for groups where at least {min} people answered, so nobody can work out what you said.',
  'Your comments are read by the programme office or your council’s rollout lead before anyone else sees them. They take out anything that could identify you or someone else, or keep the comment back.',
  'Your browser keeps a random number so that it is not counted twice. It is stored only in a scrambled form, apart from your answers, and it cannot tell us who you are. It discourages answering twice; it cannot prevent it.',
  'Answers are kept for {retention} after the survey opened, then deleted. Figures made from them are kept with the programme’s records.',
];

/** Too many answers from one address or through one link: 429, with the seconds to wait. */
export class AnswersLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `Too many answers have come in from here in a short time. Please try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
  }
}

/** Stops a browser token being matched to its stored hash across surveys: the hash covers the survey too. */
const browserHash = (surveyId: number, token: string): string => createHash('sha256').update(`pulse:${surveyId}:${token}`).digest('base64url');

export function createVoiceIntake(db: Db, clock: Clock, limits: VoiceLimits, minResponses: () => number, retentionMonths: number) {
  const store = createVoiceStore(db);
  const duration = Math.max(1, Math.ceil(limits.windowMs / 1000));
  const perLink = new RateLimiterMemory({ keyPrefix: 'pulse-link', points: limits.perLink, duration });
  const perAddress = new RateLimiterMemory({ keyPrefix: 'pulse-address', points: limits.perAddress, duration });

  /** The link behind a token, refused with 404 when unknown and 410 when closed or past its last day. */
  const openLink = (token: string) => {
    const link = store.linkByToken(token);
    if (!link) throw notFound('Survey link', token.slice(0, 6) + '…');
    if (link.closedAt !== null) throw new AppError(410, 'This survey has closed. Thank you for your interest: look out for the next one.');
    if (!linkOpen(link, today(clock))) throw new AppError(410, `This survey closed on ${dayWords(link.expiresOn)}. Thank you for your interest: look out for the next one.`);
    return link;
  };

  /**
   * Counts one attempt against the address, then (if the address may still answer) against the link: one busy
   * address does not use up a link everyone else answers through. 429 with the wait when either is used up.
   */
  async function throttle(linkId: number, address: string): Promise<void> {
    for (const [limiter, key] of [[perAddress, address], [perLink, String(linkId)]] as const) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (refusal instanceof Error) throw refusal;
        throw new AnswersLimited(Math.max(Math.ceil((refusal as RateLimiterRes).msBeforeNext / 1000), 1));
      }
    }
  }

  return {
    form(token: string) {
      const link = openLink(token);
      const survey = store.survey(link.surveyId)!;
      return {
        title: survey.title, councilName: survey.councilName, groupName: survey.groupName, waveName: survey.waveName, expiresOn: link.expiresOn,
        statements: VOICE_STAGES.map((stage) => ({ stage, text: STAGE_STATEMENTS[stage] })),
        scale: [...SCALE_WORDS],
        recommend: survey.askRecommend ? RECOMMEND_QUESTION : null,
        prompts: VOICE_PROMPTS.map((prompt) => ({ prompt, text: PROMPT_QUESTIONS[prompt] })),
        privacy: PRIVACY_STATEMENT.map((p) => p.replace('{min}', String(minResponses())).replace('{retention}', retentionInWords(retentionMonths))),
      };
    },

    /** Stores one answer: scores in one row, each comment in its own, a browser mark apart; nothing else. */
    async answer(token: string, answer: Answer, address: string): Promise<{ message: string }> {
      const link = openLink(token);
      await throttle(link.id, address);
      const comments = VOICE_PROMPTS.flatMap((prompt) => {
        const text = answer[prompt]?.trim() ?? '';
        return text === '' ? [] : [{ prompt, text }];
      });
      const scores = { ...Object.fromEntries(VOICE_STAGES.map((s) => [s, answer[s] ?? null])), recommend: answer.recommend ?? null } as Record<string, number | null>;
      if (Object.values(scores).every((v) => v === null) && comments.length === 0) {
        throw new AppError(400, 'Answer at least one question before sending.', [{ field: 'awareness', message: 'choose how much you agree' }]);
      }
      const survey = store.survey(link.surveyId)!;
      if (!survey.askRecommend && scores.recommend !== null) throw new AppError(400, 'This survey does not ask the recommend question.', [{ field: 'recommend', message: 'is not asked in this survey' }]);
      const day = today(clock);
      return inTransaction(db, () => {
        if (answer.browserToken && !store.mark(survey.id, browserHash(survey.id, answer.browserToken))) {
          throw new AppError(409, 'It looks like this browser has already answered this survey, so this answer was not counted again. Thank you for taking part.');
        }
        store.insertResponse({ surveyId: survey.id, linkId: link.id, answeredOn: day, ...scores });
        for (const c of comments) store.insertComment({ surveyId: survey.id, linkId: link.id, answeredOn: day, prompt: c.prompt, text: c.text });
        return { message: 'Thank you. Your answers have been sent.' };
      });
    },
  };
}
