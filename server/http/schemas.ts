import { Type, type TSchema } from 'typebox';

/** A calendar day, e.g. 2026-03-31. Ajv's "date" format rejects impossible days such as 2025-02-29. */
export const IsoDate = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD', examples: ['2026-06-15'] });
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

export const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
export const Code = Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9_-]+$', description: 'Letters, digits, - and _' });
export const LongText = Type.String({ maxLength: 2000 });
export const Headcount = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** Paging: no list is longer than this, so an offset past it can only be a mistake. */
export const MAX_OFFSET = 10_000_000;
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
};

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
