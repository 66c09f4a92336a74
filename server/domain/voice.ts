import { VOICE_PROMPTS, VOICE_STAGES, type PulseTallyCounts, type VoicePrompt, type VoiceStage } from '../db/schema.ts';
import { dayWords } from './date-words.ts';
import { extend } from './objects.ts';

/**
 * Staff voice rules (docs/staff-voice.md), pure: the statements staff score, how scores add up, when a group's
 * results may be shown, and when a council has gone quiet.
 */

/** The five statements, one per ADKAR stage, in the order staff see them. Scored 1 (strongly disagree) to 5. */
export const STAGE_STATEMENTS: Record<VoiceStage, string> = {
  awareness: 'I know what is changing and when',
  desire: 'I can see what is in it for me',
  knowledge: 'I know how to do it',
  ability: 'I have done it',
  reinforcement: 'I will keep doing it',
};

export const STAGE_NAMES: Record<VoiceStage, string> = {
  awareness: 'Awareness', desire: 'Desire', knowledge: 'Knowledge', ability: 'Ability', reinforcement: 'Reinforcement',
};

export const PROMPT_QUESTIONS: Record<VoicePrompt, string> = {
  working_well: 'What is working well?',
  going_wrong: 'What is going wrong?',
  ideas: 'What would you change? Any ideas?',
};

export const SCALE_WORDS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] as const;

export const RECOMMEND_QUESTION = 'How likely are you to recommend the new way of doing things to a colleague?';

export { VOICE_PROMPTS, VOICE_STAGES };

/** One person's scores (null: not answered). */
export type Scores = Record<VoiceStage, number | null> & { recommend: number | null };

export interface StageFigure {
  stage: VoiceStage;
  /** People who scored this statement. */
  answered: number;
  /** Mean on 1-5, one decimal. */
  mean: number | null;
  /** Percent who agree (4 or 5), whole number. */
  agreePercent: number | null;
}

export interface Figures {
  responses: number;
  stages: StageFigure[];
  /** People who gave a recommend score. */
  recommendAnswered: number;
  /** Net score: percent scoring 9-10 less percent scoring 0-6, from -100 to 100. */
  recommendNet: number | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** Adds up answers. Each statement is counted over those who scored it. */
export function figuresOf(answers: Scores[]): Figures {
  const stages = VOICE_STAGES.map((stage): StageFigure => {
    const scores = answers.map((a) => a[stage]).filter((v): v is number => v !== null);
    if (scores.length === 0) return { stage, answered: 0, mean: null, agreePercent: null };
    const sum = scores.reduce((s, v) => s + v, 0);
    return { stage, answered: scores.length, mean: oneDecimal(sum / scores.length), agreePercent: Math.round((scores.filter((v) => v >= 4).length / scores.length) * 100) };
  });
  const recommend = answers.map((a) => a.recommend).filter((v): v is number => v !== null);
  const net = recommend.length === 0 ? null
    : Math.round(((recommend.filter((v) => v >= 9).length - recommend.filter((v) => v <= 6).length) / recommend.length) * 100);
  return { responses: answers.length, stages, recommendAnswered: recommend.length, recommendNet: net };
}

/** Scores a statement takes: 1-5 for the stages, 0-10 for recommend. */
const lowest = (question: VoiceStage | 'recommend') => (question === 'recommend' ? 0 : 1);
const QUESTIONS = [...VOICE_STAGES, 'recommend'] as const;

/**
 * How many people gave each score, per statement: what is kept of a round once its answers are deleted
 * (docs/staff-voice.md, "Retention"). Every figure is counted statement by statement, so the figures of the
 * tally are exactly those of the answers (`answersOfTally`).
 */
export function tallyOf(answers: Scores[]): PulseTallyCounts {
  const counts = Object.fromEntries(QUESTIONS.map((q) => [q, new Array<number>(q === 'recommend' ? 11 : 5).fill(0)])) as PulseTallyCounts;
  for (const answer of answers) {
    for (const q of QUESTIONS) {
      const value = answer[q];
      if (value !== null) counts[q][value - lowest(q)]! += 1;
    }
  }
  return counts;
}

/**
 * Answers that add up to a tally: the i-th answer takes the i-th score of each statement in order. They are not
 * the people's answers (how one person scored across statements is not kept), and nothing here needs them to be:
 * `figuresOf` counts each statement over those who scored it.
 */
export function answersOfTally(responses: number, counts: PulseTallyCounts): Scores[] {
  const columns = Object.fromEntries(QUESTIONS.map((q) => [q, (counts[q] ?? []).flatMap((n, i) => new Array<number>(n).fill(i + lowest(q)))])) as Record<(typeof QUESTIONS)[number], number[]>;
  return Array.from({ length: responses }, (_, i) => Object.fromEntries(QUESTIONS.map((q) => [q, columns[q][i] ?? null])) as Scores);
}

/**
 * What may be shown of a group's figures: everything when at least `min` people answered, else only how many
 * answered (so response rates and silence still show) and nothing they said.
 */
export function suppressed(figures: Figures, min: number): Figures & { suppressed: boolean } {
  if (figures.responses >= min) return extend(figures, { suppressed: false });
  return {
    responses: figures.responses, suppressed: true, recommendAnswered: 0, recommendNet: null,
    stages: figures.stages.map((s) => ({ stage: s.stage, answered: 0, mean: null, agreePercent: null })),
  };
}

/** Responses as a percent of the people asked, one decimal; null without a headcount. */
export function responseRate(responses: number, headcount: number): number | null {
  if (headcount <= 0) return null;
  return oneDecimal(Math.min(100, (responses / headcount) * 100));
}

/**
 * A council has gone quiet when its latest round drew under half the response rate of the round before, or no
 * answer has come in for `silenceAfterDays` days while one of its links is open. Silence is a warning, not a
 * verdict: it is shown with the figures behind it.
 */
export function quietReason(input: {
  latestRate: number | null; previousRate: number | null; lastAnsweredOn: string | null; openLink: boolean; today: string; silenceSince: string;
}): string | null {
  const { latestRate, previousRate } = input;
  if (latestRate !== null && previousRate !== null && previousRate > 0 && latestRate < previousRate / 2) {
    return `The latest round drew ${latestRate}% of staff, under half the ${previousRate}% of the round before.`;
  }
  if (input.openLink && (input.lastAnsweredOn === null || input.lastAnsweredOn < input.silenceSince)) {
    return input.lastAnsweredOn === null ? 'A survey is open and nobody has answered it yet.' : `A survey is open and nobody has answered since ${dayWords(input.lastAnsweredOn)}.`;
  }
  return null;
}
