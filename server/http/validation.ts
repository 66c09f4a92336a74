import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * Bodies are validated strictly: no type coercion, no silent removal of unknown fields.
 * Query strings and path parameters are text on the wire, so they are coerced to their types.
 */
export function installValidation(app: FastifyInstance): void {
  const common = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }), ['date', 'date-time', 'uri', 'email']);
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }), ['date', 'date-time', 'uri', 'email']);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
}
