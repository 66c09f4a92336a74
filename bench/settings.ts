import { parseArgs } from 'node:util';

/** The command line of `npm run bench` (bench/run.ts lists every form). */
export const { values } = parseArgs({
  options: {
    councils: { type: 'string', default: '400' },
    duration: { type: 'string', default: '8' },
    'mixed-duration': { type: 'string', default: '30' },
    /** Requests a second of the mixed load: issue #24's 1,000 (round one measured 200). */
    'mixed-rate': { type: 'string', default: '1000' },
    /** Seconds of the mixed load sent before the measured seconds, and reported apart (bench/phases/main.ts). */
    'mixed-warmup': { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    scales: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    phase: { type: 'string' },
    out: { type: 'string' },
    /** With --phase stalls: only the routes whose "GET /api/…" name matches this regular expression. */
    only: { type: 'string' },
  },
});

/** A tiny dataset and second-long runs: checks the script works, measures nothing. */
export const smoke = values.smoke;
export const settings = {
  councils: smoke ? 3 : Number(values.councils),
  duration: smoke ? 1 : Number(values.duration),
  mixedDuration: smoke ? 2 : Number(values['mixed-duration']),
  mixedRate: smoke ? 20 : Number(values['mixed-rate']),
  mixedWarmup: smoke ? 1 : Number(values['mixed-warmup']),
  connections: Number(values.connections),
};

export const BUDGETS = { readRatio: 0.7, mixedP99Ms: 50, startupMs: 2000, rssMb: 300, firstLoadJsKb: 60, stallMs: 50, boardMonthColdMs: 300 };

export interface RouteResult {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratioToHealth?: number;
  /** The health route's rate the ratio is taken against: measured just before this route. */
  healthRps?: number;
}

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

export const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** Every request says what a browser says: it accepts compressed responses. */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
