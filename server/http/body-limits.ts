import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Type, type TString } from 'typebox';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A text upload's documented limit, in characters (see `textUpload`). */
    maxCharacters?: number;
  }
}

/** Every JSON body, and anything a route does not size for itself. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** UTF-8 takes at most four bytes a character, so this many bytes hold any text of the documented length. */
const UTF8_MAX_BYTES_PER_CHARACTER = 4;

const format = (n: number): string => n.toLocaleString('en-GB');

/** Characters as the schema counts them (Unicode code points, so an emoji is one), stopping once over `max`. */
function exceedsCharacters(text: string, max: number): boolean {
  if (text.length <= max) return false; // UTF-16 units are never fewer than code points
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) i += 1;
    count += 1;
    if (count > max) return true;
  }
  return false;
}

/** The 413 message: names the limit the route documents. */
export function bodyTooLargeMessage(request: FastifyRequest): string {
  const characters = request.routeOptions.config?.maxCharacters;
  if (characters !== undefined) return `The upload is larger than this route accepts: at most ${format(characters)} characters.`;
  const bytes = request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const mib = bytes / (1024 * 1024);
  return `The request body is larger than this route accepts: at most ${Number.isInteger(mib) ? `${mib} MiB (${format(bytes)} bytes)` : `${format(bytes)} bytes`}.`;
}

/**
 * Route options for a text upload (CSV) documented as at most `maxCharacters` characters: a body limit in bytes
 * that any such text fits (four bytes a character), a check of the characters before the schema's (413, like the
 * byte limit, with the same message), and the body schema with the limit for the API document.
 * Spread `options` into the route, `config` into its config, and use `body` as its schema's body.
 */
export function textUpload(maxCharacters: number, description?: string) {
  return {
    options: {
      bodyLimit: maxCharacters * UTF8_MAX_BYTES_PER_CHARACTER,
      preValidation(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
        if (typeof request.body === 'string' && exceedsCharacters(request.body, maxCharacters)) done(new AppError(413, bodyTooLargeMessage(request)));
        else done();
      },
    },
    config: { maxCharacters },
    body: Type.String({ maxLength: maxCharacters, description: description ?? `At most ${format(maxCharacters)} characters` }) as TString,
  };
}
