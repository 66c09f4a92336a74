import type { Rag } from '../../domain/readiness.ts';

/**
 * One council's share of one week. The item scores are kept, not their sum, so the programme's mean adds them in
 * the same order as judging every item at once would: floating-point sums depend on the order.
 */
export interface Part {
  scores: number[];
  red: number;
  amber: number;
  green: number;
  live: number;
  worst: Rag | null;
}

/** A council's week with no items in scope: one shared, unchanging part. */
export const NO_ITEMS: Part = Object.freeze({ scores: Object.freeze([]) as unknown as number[], red: 0, amber: 0, green: 0, live: 0, worst: null });

/** Every field of a part, each of which `samePart` compares (a test fails if a part has one it does not). */
export const PART_FIELDS_COMPARED = ['scores', 'red', 'amber', 'green', 'live', 'worst'] as const;

/** Two parts that say the same, to the bit of every score. */
export function samePart(a: Part, b: Part): boolean {
  if (a.red !== b.red || a.amber !== b.amber || a.green !== b.green || a.live !== b.live || a.worst !== b.worst) return false;
  if (a.scores.length !== b.scores.length) return false;
  for (let i = 0; i < a.scores.length; i += 1) if (!Object.is(a.scores[i], b.scores[i])) return false;
  return true;
}

/** What a part of its own costs, in the 8-byte words that `CouncilWeeks.words` counts (the object, its list and scores). */
const wordsOf = (part: Part): number => (part === NO_ITEMS ? 0 : 14 + part.scores.length);

/** 1970-01-04, the epoch's first Sunday, as days since the epoch: every week ending is a whole number of weeks on. */
const FIRST_SUNDAY = 3;
const slotOf = (day: number): number => (day - FIRST_SUNDAY) / 7;

/**
 * The most weeks from the first a council holds to the last: ten years. One trend spans at most five
 * (trends.ts, MAX_TREND_WEEKS), so the weeks a trend is being made from are never let go while it is made.
 */
export const MAX_SPAN_WEEKS = 522;

/**
 * One council's remembered weeks (under one filter): the part of each week ending, by the week ending's day number
 * (`epochDay`), held in a list with a slot for every week from the first held to the last. A slot costs one word
 * where a Map's entry cost about seven (docs/performance.md, "Trends"); and a week that says the same as the week
 * before is given that week's part, so a council whose readiness did not move holds one part for the run of weeks.
 * The list spans at most `maxSpan` weeks: a week further than that from those held lets go of those at the far end
 * (a trend of 1900 after one of 2199 would otherwise have made every council a list of 15,000 slots at once).
 */
export class CouncilWeeks {
  readonly #maxSpan: number;
  /** The slot (weeks since the epoch's first Sunday) of `#parts[0]`. */
  #first = 0;
  #parts: Array<Part | undefined> = [];
  #size = 0;
  #words = 0;

  constructor(maxSpan = MAX_SPAN_WEEKS) {
    this.#maxSpan = maxSpan;
  }

  /** Weeks held. */
  get size(): number {
    return this.#size;
  }

  /** What the weeks cost in 8-byte words: a slot for each week in their span, and each part not shared with the week before. */
  get words(): number {
    return this.#parts.length + this.#words;
  }

  get(weekEnding: number): Part | undefined {
    return this.#parts[slotOf(weekEnding) - this.#first];
  }

  has(weekEnding: number): boolean {
    return this.get(weekEnding) !== undefined;
  }

  /** Holds a week's part, or the week before's when it says the same. `weekEnding` must be a Sunday's day number. */
  set(weekEnding: number, part: Part): void {
    const slot = slotOf(weekEnding);
    if (!Number.isSafeInteger(slot)) throw new Error(`Day ${weekEnding} is not a week ending (a Sunday).`);
    if (this.#parts.length > 0) {
      // Those too far from the new week go first: the list never spans more than maxSpan weeks.
      if (slot - this.#first >= this.#maxSpan) this.#forgetBefore(slot - this.#maxSpan + 1);
      else if (this.#first + this.#parts.length - 1 - slot >= this.#maxSpan) this.#forgetSlotsFrom(slot + this.#maxSpan);
    }
    if (this.#parts.length === 0) this.#first = slot;
    else if (slot < this.#first) {
      this.#parts = [...Array.from({ length: this.#first - slot }, () => undefined), ...this.#parts];
      this.#first = slot;
    }
    const i = slot - this.#first;
    // Slots between the last held and this one are filled one by one, so the list stays a plain, unbroken one.
    while (this.#parts.length < i) this.#parts.push(undefined);
    const before = this.#parts[i - 1];
    this.#words -= this.#owned(i) + this.#owned(i + 1);
    if (this.#parts[i] === undefined) this.#size += 1;
    this.#parts[i] = before !== undefined && samePart(before, part) ? before : part;
    this.#words += this.#owned(i) + this.#owned(i + 1);
  }

  /** Forgets the weeks ending on or after a day (any day); all of them if the day is not a number (a date that did not parse). */
  forgetFrom(day: number): void {
    if (Number.isFinite(day)) this.#forgetSlotsFrom(Math.ceil(slotOf(day)));
    else this.clear();
  }

  /** Lets go of the room a list grown week by week keeps beyond its length (up to half as much again). */
  trim(): void {
    this.#parts = this.#parts.slice();
  }

  clear(): void {
    this.#parts = [];
    this.#size = 0;
    this.#words = 0;
  }

  /** Forgets the weeks from a slot on. */
  #forgetSlotsFrom(slot: number): void {
    const from = Math.max(0, slot - this.#first);
    if (from >= this.#parts.length) return;
    for (let i = from; i < this.#parts.length; i += 1) {
      this.#words -= this.#owned(i);
      if (this.#parts[i] !== undefined) this.#size -= 1;
    }
    this.#parts.length = from;
    // The list runs from the first week held to the last: empty slots at its end go too.
    while (this.#parts.length > 0 && this.#parts.at(-1) === undefined) this.#parts.pop();
    if (this.#size === 0) this.clear();
  }

  /** Forgets the weeks before a slot (a rare step: what is left is counted afresh). */
  #forgetBefore(slot: number): void {
    const count = Math.min(this.#parts.length, slot - this.#first);
    if (count <= 0) return;
    let kept = this.#parts.slice(count);
    let first = this.#first + count;
    const holes = kept.findIndex((part) => part !== undefined);
    if (holes < 0) kept = [];
    else if (holes > 0) {
      kept = kept.slice(holes);
      first += holes;
    }
    this.clear();
    this.#parts = kept;
    this.#first = first;
    for (let i = 0; i < kept.length; i += 1) {
      if (kept[i] !== undefined) this.#size += 1;
      this.#words += this.#owned(i);
    }
  }

  /** The words of a slot's part if the slot owns it: it holds one, and not the week before's. */
  #owned(i: number): number {
    const part = this.#parts[i];
    return part === undefined || (i > 0 && part === this.#parts[i - 1]) ? 0 : wordsOf(part);
  }
}
