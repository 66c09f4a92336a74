import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** The strong ETag of a resource at a version. */
export const etagOf = (version: number): string => `"${version}"`;

export function setEtag(reply: FastifyReply, row: { version: number }): void {
  reply.header('etag', etagOf(row.version));
}

/**
 * The version a client says it last read, from If-Match. Updates and deletes must send one:
 * without it the server cannot tell whether the client saw someone else's change (428).
 */
export function requiredIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  // A bare version ("7"), or the representation's tag ("7-Xq3…"), whose version http/conditional.ts has checked.
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d+)(?:-[A-Za-z0-9_-]+)?"?\s*$/.exec(header) : null;
  if (!match) {
    throw new AppError(428, 'Send the If-Match header with the ETag (version) you last read, so a change made meanwhile by someone else is not overwritten.');
  }
  return Number(match[1]);
}

/** Refuses a change made against an out-of-date copy, returning the current state so the client can show what changed. */
export function assertFresh(what: string, current: { version: number }, expected: number | undefined, present: () => unknown): void {
  if (expected === undefined || expected === current.version) return;
  throw new AppError(
    412,
    `This ${what} was changed by someone else since you read it (you have version ${expected}, it is now at version ${current.version}). Review the current values and try again.`,
    undefined,
    present(),
  );
}
