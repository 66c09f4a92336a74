import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { NUMBER_LIMIT } from './schemas.ts';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type SchemaNode = Record<string, unknown>;

const isNumeric = (type: unknown) =>
  type === 'number' || type === 'integer' || (Array.isArray(type) && type.some((t) => t === 'number' || t === 'integer'));

/**
 * A copy of a request schema in which every number has finite bounds. Ajv's `number` and `integer` accept
 * Infinity (JSON `1e999`, query `Infinity`), and an unbounded integer accepts values SQLite cannot bind; a
 * route that forgot a bound still refuses them with a 400 naming the field. Bounds a schema states are kept.
 */
export function withFiniteNumbers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withFiniteNumbers);
  if (node === null || typeof node !== 'object') return node;
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode)) {
    // Enumerations and examples are data, not schemas.
    copy[key] = key === 'enum' || key === 'const' || key === 'examples' || key === 'default' ? value : withFiniteNumbers(value);
  }
  if (isNumeric(copy.type)) {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = NUMBER_LIMIT;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = -NUMBER_LIMIT;
  }
  return copy;
}

type Validate = (data: unknown) => boolean;
type Serialize = (data: unknown) => string;

/**
 * Compiled request validators and reply serializers, reused for the same schema object. One app compiles each
 * route's schemas once either way; handing one SchemaCompilers to several apps in one process (the tests build an
 * app per test) compiles them once for all, since the route modules declare their schemas once.
 */
export interface SchemaCompilers {
  validator(schema: object, httpPart: string | undefined): Validate;
  serializer(schema: object): Serialize;
}

/**
 * Bodies are validated strictly: no type coercion, no silent removal of unknown fields.
 * Query strings and path parameters are text on the wire, so they are coerced to their types.
 * Every number anywhere in a request is finite and within ±NUMBER_LIMIT (see withFiniteNumbers).
 * Replies are written by fast-json-stringify from their response schema, as Fastify's own compiler does.
 */
export function createSchemaCompilers(): SchemaCompilers {
  const common = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }), ['date', 'date-time', 'uri', 'email']);
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }), ['date', 'date-time', 'uri', 'email']);
  const bodies = new WeakMap<object, Validate>();
  const texts = new WeakMap<object, Validate>();
  const serializers = new WeakMap<object, Serialize>();
  return {
    validator(schema, httpPart) {
      const [ajv, cache] = httpPart === 'body' ? [bodyAjv, bodies] : [textAjv, texts];
      const known = cache.get(schema);
      if (known) return known;
      const validate: Validate = ajv.compile(withFiniteNumbers(schema) as object);
      cache.set(schema, validate);
      return validate;
    },
    serializer(schema) {
      const known = serializers.get(schema);
      if (known) return known;
      const serialize = fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0]) as Serialize;
      serializers.set(schema, serialize);
      return serialize;
    },
  };
}

export function installValidation(app: FastifyInstance, compilers: SchemaCompilers = createSchemaCompilers()): void {
  app.setValidatorCompiler(({ schema, httpPart }) => compilers.validator(schema, httpPart));
  app.setSerializerCompiler(({ schema }) => compilers.serializer(schema));
}
