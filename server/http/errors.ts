import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { describeUniqueViolation } from '../db/constraints.ts';
import { AppError, badRequest, type ErrorBody, type ErrorDetail } from '../errors.ts';
import { bodyTooLargeMessage } from './body-limits.ts';
import { DAY_RANGE, TEXT_PATTERNS } from './schemas.ts';

export { AppError, badRequest, conflict, notFound, type ErrorBody, type ErrorDetail } from '../errors.ts';

/** Refuses a date range whose end comes before its start (either end may be open). */
export function assertDateRange(range: { from?: string; to?: string }): void {
  if (range.from && range.to && range.from > range.to) throw badRequest('The date range is back to front.', [{ field: 'to', message: 'must be on or after from' }]);
}

/** A reply lists at most this many problems, then one line with how many more there are. */
export const MAX_DETAILS = 100;

/** The first MAX_DETAILS problems, and the count of the rest as a last line. */
export function capDetails(details: ErrorDetail[]): ErrorDetail[] {
  if (details.length <= MAX_DETAILS) return details;
  return [...details.slice(0, MAX_DETAILS), { field: '(more)', message: `and ${details.length - MAX_DETAILS} more problems, ${details.length} in all` }];
}

export function errorBody(statusCode: number, message: string, details?: ErrorDetail[], current?: unknown): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...(details && details.length > 0 ? { details: capDetails(details) } : {}),
    ...(current !== undefined ? { current } : {}),
  };
}

/** What a refused name, note or day is told, by the pattern it broke (http/schemas.ts). */
const PATTERN_MESSAGES = new Map<string, string>([...Object.values(TEXT_PATTERNS), DAY_RANGE].map(({ pattern, message }) => [pattern, message]));

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Turns Ajv's findings into field/message pairs a person can act on. */
export function describeValidation(issues: AjvIssue[]): ErrorDetail[] {
  const unionPaths = new Set(issues.filter((i) => i.keyword === 'anyOf').map((i) => i.instancePath));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const push = (field: string, message: string): void => {
    const key = `${field}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    details.push({ field: field || '(whole request)', message });
  };
  for (const issue of issues) {
    const base = issue.instancePath.replace(/^\//, '');
    if (unionPaths.has(issue.instancePath)) {
      if (issue.keyword === 'anyOf') push(base, describeUnion(issues.filter((i) => i.instancePath === issue.instancePath)));
      continue;
    }
    switch (issue.keyword) {
      case 'required':
        push(join(base, String(issue.params.missingProperty)), 'is required');
        break;
      case 'additionalProperties':
        push(join(base, String(issue.params.additionalProperty)), 'is not a known field');
        break;
      case 'format':
        push(base, issue.params.format === 'date' ? 'must be a real calendar date written YYYY-MM-DD' : `must be a valid ${String(issue.params.format)}`);
        break;
      case 'enum':
        push(base, `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`);
        break;
      case 'pattern':
        push(base, PATTERN_MESSAGES.get(String(issue.params.pattern)) ?? issue.message ?? 'is invalid');
        break;
      default:
        push(base, issue.message ?? 'is invalid');
    }
  }
  return details;
}

/** One readable sentence for a failed union, e.g. "must be one of: a, b" or "must be integer or null". */
function describeUnion(branchIssues: AjvIssue[]): string {
  const constants = branchIssues.filter((i) => i.keyword === 'const').map((i) => String(i.params.allowedValue));
  if (constants.length > 0) return `must be one of: ${constants.join(', ')}`;
  // A value of the right type that breaks a rule of its branch (e.g. an impossible date in a nullable date) says so.
  const format = branchIssues.find((i) => i.keyword === 'format');
  if (format) return format.params.format === 'date' ? 'must be a real calendar date written YYYY-MM-DD, or null' : `must be a valid ${String(format.params.format)}, or null`;
  const bounded = branchIssues.find((i) => !['anyOf', 'type', 'const'].includes(i.keyword));
  if (bounded) return `${(bounded.keyword === 'pattern' ? PATTERN_MESSAGES.get(String(bounded.params.pattern)) : undefined) ?? bounded.message ?? 'is invalid'}, or null`;
  const types = [...new Set(branchIssues.filter((i) => i.keyword === 'type').map((i) => String(i.params.type)))];
  if (types.length > 0) return `must be ${types.join(' or ')}`;
  const other = branchIssues.find((i) => i.keyword !== 'anyOf');
  return other?.message ?? 'is not an allowed value';
}

function join(base: string, prop: string): string {
  return base ? `${base}/${prop}` : prop;
}

interface SqliteLikeError {
  code?: string;
  message: string;
}

function isSqliteError(error: unknown): error is SqliteLikeError {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'SqliteError';
}

/**
 * What a 500 can truthfully say. A handler that threw ran inside its transaction, which rolled back: nothing was
 * saved. A failure after the handler returned (while the reply was being written) comes after the commit.
 */
function failureMessage(method: string, handlerFinished: boolean): string {
  if (method === 'GET' || method === 'HEAD') return 'Something went wrong on our side while reading this. Please try again.';
  return handlerFinished
    ? 'The change was saved, but the reply could not be sent. Reload to see it.'
    : 'Something went wrong on our side. The change was not saved.';
}

/** Installs the single error handler and the JSON 404 for unknown API routes. */
export function installErrorHandling(app: FastifyInstance): void {
  // Requests whose handler returned: an error after this point happened after its writes were committed.
  const handled = new WeakSet<object>();
  app.addHook('preSerialization', (request, _reply, payload, done) => {
    handled.add(request);
    done(null, payload);
  });
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send(errorBody(error.statusCode, error.message, error.details, error.current));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const part = PART_NAMES[fastifyError.validationContext ?? 'body'] ?? 'request';
      const details = describeValidation(fastifyError.validation as AjvIssue[]);
      const summary = capDetails(details).map((d) => `${d.field} ${d.message}`).join('; ');
      return reply.status(400).send(errorBody(400, `The ${part} is not valid: ${summary}.`, details));
    }
    if (isSqliteError(error)) {
      // The services check rules first; these are the database's own guards firing.
      const unique = error.code === 'SQLITE_CONSTRAINT_UNIQUE' ? describeUniqueViolation(error.message) : undefined;
      if (unique) {
        return reply.status(409).send(errorBody(409, `The ${unique.field} ${unique.message}.`, [unique]));
      }
      if (error.code?.startsWith('SQLITE_CONSTRAINT')) {
        request.log.warn({ err: error }, 'constraint rejected a write');
        const message = error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
          ? 'This change refers to something that does not exist, or would leave other records pointing at nothing.'
          : 'This change conflicts with existing data.';
        return reply.status(409).send(errorBody(409, message));
      }
      if (error.code === 'SQLITE_BUSY') {
        return reply.status(503).header('retry-after', '1').send(errorBody(503, 'The database is busy; please try again.'));
      }
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(errorBody(413, bodyTooLargeMessage(request)));
    const status = fastifyError.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send(errorBody(500, failureMessage(request.method, handled.has(request))));
    }
    // Fastify's own 4xx (bad JSON, wrong content type, body too large): its message is safe to show.
    return reply.status(status).send(errorBody(status, error.message));
  });
}
