import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

/** How long a piece of background work waits for a quiet moment before it takes one turn anyway. */
export const BACKGROUND_WAIT_MS = 100;

/**
 * Work no request is waiting for (judging every council and the longest trend after start, compiling schemas ahead
 * of their first use, expanding notification events) takes its turns of the event loop while no request is being
 * served, or once it has waited `BACKGROUND_WAIT_MS` (a slice of 8–20 ms then takes a tenth to a sixth of a busy server). Handed back with setImmediate alone, it took every other turn
 * from the first requests after a restart: a month's board report asked then took twice as long as on a settled
 * server. Under steady load the background still moves on, a slice at least every `BACKGROUND_WAIT_MS`.
 */
export interface Background {
  /** Awaited between two pieces of background work, where foreground work awaits setImmediate. */
  turn(): Promise<void>;
  /** Counts a request as being served until the function it returns is called (calling it again does nothing). */
  serving(): () => void;
  /** How many requests are being served now. */
  busy(): number;
}

export function createBackground(waitMs = BACKGROUND_WAIT_MS): Background {
  let busy = 0;
  const waiting = new Set<() => void>();
  return {
    serving() {
      busy += 1;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        busy -= 1;
        if (busy === 0) for (const wake of [...waiting]) wake();
      };
    },
    busy: () => busy,
    async turn() {
      if (busy > 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiting.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, waitMs);
          waiting.add(wake);
        });
      }
      await nextTurn();
    },
  };
}

/**
 * Counts every request from its arrival until its reply has gone or its connection closed (whichever comes first;
 * `onResponse` too, for injected requests).
 */
export function installBackgroundAccounting(app: FastifyInstance, background: Background): void {
  app.addHook('onRequest', (request, reply, done) => {
    const finished = background.serving();
    reply.raw.once('finish', finished);
    reply.raw.once('close', finished);
    request.finished = finished;
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    request.finished?.();
    done();
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Marks the request as no longer being served (http/background.ts). */
    finished?: () => void;
  }
}
