import { configDefaults, defineConfig } from 'vitest/config';
import AlternatingSequencer from './test/sequencer.ts';

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Both cores: Vitest's default on a 2-core machine is one worker (the CPU count less one), which ran every file
    // one after another. The files share nothing (each has its own database, temporary folder and ports; a browser
    // test file its own server and Chromium profile), so two run at once, browser tests included.
    maxWorkers: 2,
    // Browser test files alternate with unit files instead of all running first, two at once (test/sequencer.ts).
    sequence: { sequencer: AlternatingSequencer },
    testTimeout: 20_000,
    // Set-up builds an app, migrates a database and hashes passwords: give it room on a busy 2-core machine.
    hookTimeout: 60_000,
    // `npm test` (vitest run) runs both projects.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'client/**/*.test.{ts,tsx}'],
          // A worker keeps the modules it has loaded from one file to the next instead of loading the server
          // again for each (loading was about half of a unit file's time). Safe because server/ keeps no state
          // in a module beyond memos of pure functions (bank holidays, dates in words): every service, cache and
          // clock hangs off the app a test builds; and a test that changes something global (process.env.TZ)
          // puts it back.
          isolate: false,
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        // Browser tests against the real server: see test/e2e/harness.ts.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 150_000,
        },
      },
    ],
  },
});
