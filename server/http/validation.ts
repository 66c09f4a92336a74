import { setImmediate as nextTurn } from 'node:timers/promises';
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

/** Keywords whose values are data, not schemas: a schema rewrite leaves them as they are. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'examples', 'default']);

/**
 * A copy of a schema with `change` applied to every object in it, innermost first (each object's schemas are
 * already changed when it is): the walk the request and response rewrites below share.
 */
function rewriteSchema(node: unknown, change: (copy: SchemaNode) => SchemaNode): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteSchema(item, change));
  if (node === null || typeof node !== 'object') return node;
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode)) copy[key] = DATA_KEYWORDS.has(key) ? value : rewriteSchema(value, change);
  return change(copy);
}

/**
 * A copy of a request schema in which every number has finite bounds. Ajv's `number` and `integer` accept
 * Infinity (JSON `1e999`, query `Infinity`), and an unbounded integer accepts values SQLite cannot bind; a
 * route that forgot a bound still refuses them with a 400 naming the field. Bounds a schema states are kept.
 */
export function withFiniteNumbers(node: unknown): unknown {
  return rewriteSchema(node, (copy) => {
    if (isNumeric(copy.type)) {
      if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = NUMBER_LIMIT;
      if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = -NUMBER_LIMIT;
    }
    return copy;
  });
}

const ONLY_NULL = (node: unknown): boolean => node !== null && typeof node === 'object' && Object.keys(node).length === 1 && (node as SchemaNode).type === 'null';
const BRANCHING = ['anyOf', 'oneOf', 'allOf', '$ref', 'if', 'not'];

/**
 * A copy of a response schema in which "this or null" (`anyOf: [S, {type: 'null'}]`, TypeBox's
 * `Type.Union([S, Type.Null()])`) says `type: [S.type, 'null']` instead, which writes the same JSON.
 * fast-json-stringify picks an anyOf branch by validating the value with Ajv, and compiles each branch's validator
 * the first time a reply needs it: 5–250 ms of blocked event loop on a route's first reply (the engagement council
 * view's first reply took 240 ms, all of it compiling). A type list it picks with `typeof`, compiled with the route.
 */
export function withNullableTypes(node: unknown): unknown {
  return rewriteSchema(node, (copy) => {
    const options = copy.anyOf;
    if (!Array.isArray(options) || options.length !== 2 || !options.some(ONLY_NULL)) return copy;
    const other = options.find((o) => !ONLY_NULL(o)) as SchemaNode | undefined;
    if (!other || typeof other.type !== 'string' || other.type === 'null' || BRANCHING.some((k) => k in other)) return copy;
    const { anyOf: _options, ...siblings } = copy;
    return { ...siblings, ...other, type: [other.type, 'null'] };
  });
}

type Validate = (data: unknown) => boolean;
type Serialize = (data: unknown) => string;

/**
 * Compiled request validators and reply serializers, reused for the same schema object. One app compiles each
 * route's schemas once either way; handing one SchemaCompilers to several apps in one process (the tests build an
 * app per test) compiles them once for all, since the route modules declare their schemas once.
 */
export interface SchemaCompilers {
  validator(schema: object, httpPart: string | undefined, route?: RouteOf): Validate;
  serializer(schema: object, route?: RouteOf): Serialize;
}

/** The route a schema belongs to, as Fastify names it to the compilers. */
export interface RouteOf {
  method: string | string[];
  url: string;
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
      const serialize = fastJsonStringify(withNullableTypes(schema) as Parameters<typeof fastJsonStringify>[0]) as Serialize;
      serializers.set(schema, serialize);
      return serialize;
    },
  };
}

/**
 * The same compilers, made lazy for the server process: Fastify asks for every route's validators and serializers
 * while the app gets ready, and compiling them all (some 300 routes) held start-up for about 1.2 s at once. Here each
 * is compiled the first time it is used, and `warm` compiles the rest once the server listens, one schema per turn
 * of the event loop, so requests are served meanwhile (server/main.ts). The routes `now` names (the first screen's)
 * are compiled while the app gets ready, so their first readers do not pay for it.
 */
export function createLazySchemaCompilers(options: { now?: (route: RouteOf) => boolean } = {}): SchemaCompilers & { warm(turn?: () => Promise<unknown>): Promise<number> } {
  const eager = createSchemaCompilers();
  const pending: Array<() => unknown> = [];
  return {
    validator(schema, httpPart, route) {
      if (route && options.now?.(route)) return eager.validator(schema, httpPart);
      let compiled: Validate | undefined;
      const get = () => (compiled ??= eager.validator(schema, httpPart));
      pending.push(get);
      // Fastify reads a failed validation's errors from the function, as Ajv leaves them there.
      const validate = (data: unknown): boolean => {
        const inner = get();
        const valid = inner(data);
        (validate as { errors?: unknown }).errors = (inner as { errors?: unknown }).errors;
        return valid;
      };
      return validate;
    },
    serializer(schema, route) {
      if (route && options.now?.(route)) return eager.serializer(schema);
      let compiled: Serialize | undefined;
      const get = () => (compiled ??= eager.serializer(schema));
      pending.push(get);
      return (data) => get()(data);
    },
    /** Compiles every schema not compiled yet, one a turn (`turn`: the app's background turn); resolves with how many there were. */
    async warm(turn: () => Promise<unknown> = nextTurn) {
      let compiled = 0;
      for (const compile of pending.splice(0)) {
        compile();
        compiled += 1;
        await turn();
      }
      return compiled;
    },
  };
}

export function installValidation(app: FastifyInstance, compilers: SchemaCompilers = createSchemaCompilers()): void {
  app.setValidatorCompiler(({ schema, httpPart, method, url }) => compilers.validator(schema, httpPart, { method, url }));
  app.setSerializerCompiler(({ schema, method, url }) => compilers.serializer(schema, { method, url }));
}
