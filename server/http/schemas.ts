import { Type, type TSchema } from 'typebox';

/**
 * The days a request may name: wide enough for any programme, narrow enough that date arithmetic on them (a
 * relative activity a year after a go-live, working days, ISO weeks) stays within what calendars, clients and
 * `Date` represent. Year 9999 plus a year is not a date an iCalendar feed can carry. (The pattern judges only the
 * year of something shaped like a date; the "date" format refuses the rest.)
 */
export const DAY_RANGE = { first: '1900-01-01', last: '2199-12-31', pattern: '^(?:(?:19|20|21)\\d\\d-|(?!\\d{4}-))', message: 'must be a day from 1900-01-01 to 2199-12-31' } as const;

/** A calendar day, e.g. 2026-03-31. Ajv's "date" format rejects impossible days such as 2025-02-29. */
export const IsoDate = Type.String({ format: 'date', pattern: DAY_RANGE.pattern, description: `A calendar day, YYYY-MM-DD, from ${DAY_RANGE.first} to ${DAY_RANGE.last}`, examples: ['2026-06-15'] });
export const NullableIsoDate = Type.Union([IsoDate, Type.Null()]);
/** A UTC instant, e.g. 2026-03-31T09:30:00.000Z. */
export const Instant = Type.String({ format: 'date-time', description: 'A UTC instant' });

/**
 * The largest magnitude any number in a request may have: the largest integer a JavaScript number holds exactly.
 * Validation adds ±NUMBER_LIMIT to every number schema that states no bound of its own (http/validation.ts).
 */
export const NUMBER_LIMIT = Number.MAX_SAFE_INTEGER;

export const Id = Type.Integer({ minimum: 1, maximum: NUMBER_LIMIT });
export const NullableId = Type.Union([Id, Type.Null()]);
/** Updates and deletes carry the ETag the client last read (see http/versioning.ts). */
export const IfMatchHeader = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag you last read' })) });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/*
 * Text people type (names, titles, notes) as Ajv patterns, compiled with the `u` flag by Ajv and by TypeBox alike.
 * Refused everywhere: C0 and C1 control characters (NUL, escape...; tab, line feed and carriage return only where a
 * field holds several lines), the bidi embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069 (they make
 * text read differently from how it is stored), and lone surrogates (not text at all). A name or title also needs
 * one visible character: spaces, zero-width and other invisible characters alone are not a name. Each pattern scans a
 * string once (no nested repetition), so a long hostile value costs time in proportion to its length.
 */
const BIDI_CONTROLS = '\\u202A-\\u202E\\u2066-\\u2069';
const LINE_REFUSED = `[\\p{Cc}\\p{Cs}${BIDI_CONTROLS}]`;
const TEXT_REFUSED = `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\p{Cs}${BIDI_CONTROLS}]`;
/** Not a space, separator, control, format (zero-width), unassigned or combining character, nor a filler that shows as blank. */
const VISIBLE = '[^\\s\\p{Z}\\p{C}\\p{M}\\u115F\\u1160\\u2800\\u3164\\uFFA0]';

/** The patterns of the four kinds of typed text, and what a refusal says (http/errors.ts uses these). */
export const TEXT_PATTERNS = {
  visibleLine: { pattern: `^(?![\\s\\S]*${LINE_REFUSED})[\\s\\S]*?${VISIBLE}`, message: 'must contain a visible character, and no control or bidi-override characters' },
  visibleText: { pattern: `^(?![\\s\\S]*${TEXT_REFUSED})[\\s\\S]*?${VISIBLE}`, message: 'must contain a visible character, and no control characters (other than tab and new line) or bidi-override characters' },
  plainLine: { pattern: `^(?![\\s\\S]*${LINE_REFUSED})`, message: 'must not contain control or bidi-override characters' },
  plainText: { pattern: `^(?![\\s\\S]*${TEXT_REFUSED})`, message: 'must not contain control characters (other than tab and new line) or bidi-override characters' },
} as const;

interface TextOptions {
  maxLength: number;
  description?: string;
  examples?: string[];
}

/** A name, title or label: one line with at least one visible character. */
export const VisibleLine = ({ maxLength, ...rest }: TextOptions) => Type.String({ minLength: 1, maxLength, pattern: TEXT_PATTERNS.visibleLine.pattern, ...rest });
/** A required passage (a story, a question): may hold several lines, and at least one visible character. */
export const VisibleText = ({ maxLength, ...rest }: TextOptions) => Type.String({ minLength: 1, maxLength, pattern: TEXT_PATTERNS.visibleText.pattern, ...rest });
/** An optional short value (a unit, a group): one line, may be empty. */
export const PlainLine = ({ maxLength, ...rest }: TextOptions) => Type.String({ maxLength, pattern: TEXT_PATTERNS.plainLine.pattern, ...rest });
/** An optional note or description: several lines, may be empty. */
export const PlainText = ({ maxLength, ...rest }: TextOptions) => Type.String({ maxLength, pattern: TEXT_PATTERNS.plainText.pattern, ...rest });

/** Every name and title: councils, groups, features, waves, criteria, users, tokens, share links, reports. */
export const Name = VisibleLine({ maxLength: 120 });
export const Code = Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9_-]+$', description: 'Letters, digits, - and _' });
export const LongText = PlainText({ maxLength: 2000 });
export const Headcount = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** Paging: no list is longer than this, so an offset past it can only be a mistake. */
export const MAX_OFFSET = 10_000_000;
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
};
/**
 * Paging by council, in order of name, for a read that gives each council a row (the timeline): `councilLimit`
 * councils from `councilOffset`; the reply's `councilPage` (PageInfo) says where the page sits among all of them.
 */
export const councilPaging = (defaultLimit: number) => ({
  councilLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: defaultLimit, description: 'Councils per page, in order of name' })),
  councilOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'Councils before this page' })),
});

/**
 * A measured figure (a reading, a win's evidence, a target): finite, within ±1,000,000,000. Units narrow it
 * further (criteria/rules.ts).
 */
export const MEASURE_LIMIT = 1_000_000_000;
export const Measure = Type.Number({ minimum: -MEASURE_LIMIT, maximum: MEASURE_LIMIT });

export const PageInfo = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

/** The list envelope: one page of rows and where it sits in the whole. */
export function Paged<T extends TSchema>(row: T) {
  return Type.Object({ data: Type.Array(row), page: PageInfo });
}

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    current: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorResponse', description: 'Every error has this shape' },
);

/** The error replies a route may give, for the OpenAPI document and serialisation. */
export function errors<const C extends readonly number[]>(...codes: C): { [K in C[number]]: typeof ErrorResponse } {
  return Object.fromEntries(codes.map((code) => [code, ErrorResponse])) as { [K in C[number]]: typeof ErrorResponse };
}

/** A string that must be one of a fixed list; validates with `enum` so errors can list the choices. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
