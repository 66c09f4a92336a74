// Loaded into the server under test with `node --import` by bench/run.ts: measures how long the server's event
// loop is blocked (monitorEventLoopDelay), reset and read over the IPC channel. Never part of the product.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 2 });
histogram.enable();

process.on('message', (message) => {
  if (message === 'loop:reset') {
    histogram.reset();
    // A reset forgets when the histogram's timer last fired, so the first interval after it is not recorded: a stall
    // before that first tick would be missed. Answer only once the timer has ticked again (resolution 2 ms).
    setTimeout(() => process.send?.({ type: 'loop', maxMs: 0 }), 6);
  } else if (message === 'loop:read') {
    process.send?.({ type: 'loop', maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 });
  }
});
// The channel must not keep a stopped server alive.
process.channel?.unref();
