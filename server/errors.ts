/**
 * The application's refusals: the one error shape and the class every expected failure is thrown as. It sits at
 * the bottom of the import graph (it imports nothing of the app), so the database layer, the HTTP layer and the
 * modules all import it downward; `http/errors.ts` turns these into replies.
 */

export interface ErrorDetail {
  /** Where the problem is: a field path such as "name" or "assignments/2/waveId". */
  field: string;
  message: string;
}

/** The one error shape every route answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
  /** For 412: the resource as it is now, so a client can show what changed. */
  current?: unknown;
}

/** An expected failure with a message fit to show a user. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: ErrorDetail[],
    readonly current?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: number | string): AppError => new AppError(404, `${what} ${id} was not found.`);
export const conflict = (message: string, details?: ErrorDetail[]): AppError => new AppError(409, message, details);
export const badRequest = (message: string, details?: ErrorDetail[]): AppError => new AppError(400, message, details);
