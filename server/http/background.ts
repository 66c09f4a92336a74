import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

/** While requests are being served, the background goes ahead once each this many milliseconds. */
export const BACKGROUND_WAIT_MS = 100;

/**
 * Work no request is waiting for (judging every council and the longest trend after start, compiling schemas ahead
 * of their first use, expanding notification events) takes its turns of the event loop while no request is being
 * served. While requests are, one piece of background work (whichever has waited longest) goes ahead every
 * `BACKGROUND_WAIT_MS`: a slice of 8–20 ms then takes a tenth to a sixth of a busy server, and the background still
 * moves on under steady load. Handed back with setImmediate alone, each background task took a turn for every one a
 * request took: a month's board report asked just after a restart took twice as long as on a settled server.
 */
export interface Background {
  /** Awaited between two pieces of background work, where foreground work awaits setImmediate. */
  turn(): Promise<void>;
  /** Counts a request as being served until the function it returns is called (calling it again does nothing). */
  serving(): () => void;
  /** How many requests are being served now. */
  busy(): number;
  /**
   * Work that runs as background work until a request needs it: its `turn`, and `promote`, after which its turns are
   * ordinary ones (a turn it is already waiting for included).
   */
  lane(): Lane;
}

export interface Lane {
  turn(): Promise<void>;
  promote(): void;
}

export function createBackground(waitMs = BACKGROUND_WAIT_MS): Background {
  let busy = 0;
  /** Background work waiting for its turn, first come first served. */
  const waiting: Array<() => void> = [];
  let timer: NodeJS.Timeout | undefined;
  /** While requests are being served, one piece of background work at a time goes ahead each `waitMs`, whichever it is. */
  const arm = () => {
    if (timer || waiting.length === 0 || busy === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      waiting.shift()?.();
      arm();
    }, waitMs);
  };
  /** A background turn: while requests are being served, it queues first; `queued` is told how to wake it early (a lane promoted). */
  const waitedTurn = async (queued?: (wake: () => void) => void): Promise<void> => {
    if (busy > 0) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        queued?.(resolve);
        arm();
      });
    }
    await nextTurn();
  };
  /**
   * Once no request is being served, the waiting work goes ahead one piece a turn of the event loop: woken together,
   * their slices would run back to back in one turn and hold the loop for all of them.
   */
  let releasing = false;
  const release = () => {
    releasing = false;
    if (busy > 0) return arm();
    waiting.shift()?.();
    if (waiting.length === 0) return;
    releasing = true;
    setImmediate(release);
  };
  return {
    serving() {
      busy += 1;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        busy -= 1;
        if (busy > 0) return;
        clearTimeout(timer);
        timer = undefined;
        // One chain of releases at a time: the count may fall to zero again before the last one's next turn.
        if (!releasing) release();
      };
    },
    busy: () => busy,
    turn: () => waitedTurn(),
    lane() {
      let promoted = false;
      let pending: (() => void) | undefined;
      return {
        turn: async () => {
          if (promoted) return void (await nextTurn());
          await waitedTurn((wake) => { pending = wake; });
          pending = undefined;
        },
        promote() {
          promoted = true;
          const wake = pending;
          if (!wake) return;
          const at = waiting.indexOf(wake);
          if (at >= 0) waiting.splice(at, 1);
          wake();
        },
      };
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
