import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { createBackground } from '../server/http/background.ts';
import { runSliced, type Steps } from '../server/http/steps.ts';
import { createTrendSeries } from '../server/modules/dashboard/trends.ts';
import { createReadinessEngine } from '../server/modules/readiness/engine.ts';
import { createBenefitsReadModel } from '../server/modules/benefits/read-model.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { demoAppAsOffice } from './helpers.ts';

/**
 * Background work (http/background.ts) takes its turns while no request is being served: the requests go first, the
 * background still moves on under steady load, and a request that needs what the background is making is not left
 * waiting behind the requests it is itself part of.
 */
function* counting(steps: number, tally: { done: number }): Steps<number> {
  for (let i = 0; i < steps; i += 1) {
    tally.done += 1;
    yield;
  }
  return tally.done;
}

const WAIT_FOREVER = 600_000;

describe('background turns', () => {
  it('make no step while a request is being served, and go on once it is done', async () => {
    const background = createBackground(WAIT_FOREVER);
    const finished = background.serving();
    const tally = { done: 0 };
    const work = runSliced(counting(20, tally), 0, background.turn);
    const foreground = { done: 0 };
    await runSliced(counting(50, foreground), 0);
    expect(foreground.done).toBe(50);
    expect(tally.done).toBe(0);
    finished();
    finished(); // a second call does nothing: the count stays at zero, not below
    expect(background.busy()).toBe(0);
    expect(await work).toBe(20);
  });

  it('still move on while requests never stop, a turn each time they have waited long enough', async () => {
    const background = createBackground(1);
    background.serving();
    const tally = { done: 0 };
    expect(await runSliced(counting(5, tally), 0, background.turn)).toBe(5);
    expect(background.busy()).toBe(1);
  });

  it('while requests are being served, let one piece of background work go ahead at a time, the longest waiting first', async () => {
    const background = createBackground(20);
    const finished = background.serving();
    const order: string[] = [];
    const first = background.turn().then(() => order.push('first'));
    const second = background.turn().then(() => order.push('second'));
    await first;
    await nextTurn();
    // The second waits for a turn of its own, a whole wait later, not together with the first.
    expect(order).toEqual(['first']);
    await second;
    expect(order).toEqual(['first', 'second']);
    finished();
  });

  it('once the requests are served, let the waiting pieces go one a turn of the event loop, not all in one', async () => {
    const background = createBackground(WAIT_FOREVER);
    const finished = background.serving();
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    const pieces = [background.turn(), background.turn(), background.turn()].map((p) => p.then(() => seen.push(turns)));
    finished();
    // A request that starts and ends in the same turn starts no second round of releases.
    background.serving()();
    await Promise.all(pieces);
    ticking = false;
    expect(seen).toHaveLength(3);
    expect(seen[1]).toBeGreaterThan(seen[0]!);
    expect(seen[2]).toBeGreaterThan(seen[1]!);
  });

  it('of a lane promoted while it waits go ahead at once, and are ordinary turns from then on', async () => {
    const background = createBackground(WAIT_FOREVER);
    const finished = background.serving();
    const lane = background.lane();
    const tally = { done: 0 };
    const work = runSliced(counting(10, tally), 0, lane.turn);
    for (let i = 0; i < 5; i += 1) await nextTurn();
    expect(tally.done).toBe(0);
    lane.promote();
    expect(await work).toBe(10);
    finished();
  });

  it('with no request being served, are ordinary turns of the event loop', async () => {
    const background = createBackground(WAIT_FOREVER);
    const tally = { done: 0 };
    const work = runSliced(counting(3, tally), 0, background.turn);
    for (let i = 0; i < 10; i += 1) await nextTurn();
    expect(tally.done).toBe(3);
    await work;
  });
});

describe('the app counts the requests it serves', () => {
  it('from arrival until the reply has gone, and until the connection closes when the client gives up', async () => {
    const db = openDatabase({ file: ':memory:' });
    const { app } = await demoAppAsOffice(db, '2026-11-23');
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const background = app.services.background;
      const send = (body: string) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json', 'content-length': 200 } });
        req.on('error', () => undefined);
        const reply = new Promise<number>((resolve) => req.on('response', (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); }));
        req.write(body);
        return { req, reply };
      };
      const until = async (want: number) => { while (background.busy() !== want) await new Promise((r) => setTimeout(r, 5)); };

      // A body still arriving: the request has started and is being served.
      const head = '{"email":"office@example.org",';
      const slow = send(head);
      await until(1);
      const rest = '"password":"not-the-password"}';
      slow.req.end(rest + ' '.repeat(200 - head.length - rest.length));
      expect(await slow.reply).toBe(401);
      await until(0);

      // A client that gives up half-way: counted until its connection closes.
      const dropped = send('{"email":');
      await until(1);
      dropped.req.destroy();
      await until(0);

      // Injected requests too.
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(background.busy()).toBe(0);
    } finally {
      await app.close();
      closeDatabase(db);
    }
  });
});

describe('the benefits headline warmed in the background', () => {
  it('goes at full pace once a request asks for the same headline, while requests are being served', async () => {
    const db = openDatabase({ file: ':memory:' });
    try {
      await loadDemo(db);
      const background = createBackground(WAIT_FOREVER);
      const figures = createBenefitsReadModel(db, () => new Date('2026-11-23T09:00:00Z'), { background, sliceMs: 0 });
      const finished = background.serving();
      const warm = figures.headline('2026-11-23', { background: true });
      const asked = await figures.headline('2026-11-23');
      expect(asked).toBe(await warm);
      expect(asked.savedPence).not.toBeNull();
      finished();
    } finally {
      closeDatabase(db);
    }
  });
});

describe('the trend warmed in the background', () => {
  it('goes at full pace once a request asks for a trend, while requests are being served', async () => {
    const db = openDatabase({ file: ':memory:' });
    const { app } = await demoAppAsOffice(db, '2026-11-23');
    try {
      const clock = () => new Date('2026-11-23T09:00:00Z');
      const background = createBackground(WAIT_FOREVER);
      const trends = createTrendSeries(db, clock, createReadinessEngine(db, clock), background);
      const finished = background.serving();
      const warm = trends.warm();
      // The asking request is itself being served: without the warm-up going at full pace, it would wait forever.
      const asked = await trends.trend({ scope: 'programme', from: '2021-12-01', to: '2026-11-23' });
      expect(asked.points.length).toBeGreaterThan(250);
      await warm;
      finished();
    } finally {
      await app.close();
      closeDatabase(db);
    }
  }, 60_000);
});
