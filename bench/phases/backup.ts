/** A scheduled backup taken by the serving process, the event loop meanwhile, and a restore (the RTO). */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app.ts';
import { backupDatabase } from '../../server/db/backup.ts';
import { closeDatabase, openDatabase } from '../../server/db/database.ts';
import { restoreDatabase } from '../../server/db/restore.ts';
import { dataset } from '../server.ts';
import { round, smoke } from '../settings.ts';

/**
 * A scheduled backup as the server takes one (the same backupDatabase, started from the serving process),
 * over a copy of the dataset: how long it takes, and the longest the process's event loop waited meanwhile
 * (monitorEventLoopDelay), beside the same measure over an equal stretch without a backup. The process
 * answers a request through app.inject every 10 ms throughout, so the loop has work as a server's does.
 * Then a restore of that backup into a new file and the first open of it (what a restart costs): the RTO.
 */
export async function backupPhase(councils: number) {
  const { file: source } = await dataset(councils);
  const dir = mkdtempSync(join(tmpdir(), 'rollout-bench-backup-'));
  const file = join(dir, 'live.sqlite');
  copyFileSync(source, file);
  const db = openDatabase({ file });
  const app = await buildApp({ db, logger: false });
  await app.ready();
  try {
    const window = async (work: () => Promise<unknown>) => {
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      let slowest = 0;
      let requests = 0;
      let stop = false;
      const traffic = (async () => {
        while (!stop) {
          const started = performance.now();
          await app.inject({ method: 'GET', url: '/api/health' });
          slowest = Math.max(slowest, performance.now() - started);
          requests += 1;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      histogram.enable();
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      histogram.disable();
      stop = true;
      await traffic;
      return { result, ms, maxStallMs: round(histogram.max / 1e6, 1), p99StallMs: round(histogram.percentile(99) / 1e6, 1), slowestRequestMs: round(slowest, 1), requests };
    };
    const backup = await window(() => backupDatabase(file, join(dir, 'backups')));
    const taken = backup.result as Awaited<ReturnType<typeof backupDatabase>>;
    const idle = await window(() => new Promise((r) => setTimeout(r, Math.max(500, backup.ms))));
    const restoreStarted = performance.now();
    const restored = restoreDatabase(taken.file, join(dir, 'restored.sqlite'));
    const restoreMs = performance.now() - restoreStarted;
    const openStarted = performance.now();
    closeDatabase(openDatabase({ file: restored.into }));
    const firstOpenMs = performance.now() - openStarted;
    return {
      councils, databaseMb: round(taken.bytes / 1_048_576, 1),
      backupMs: round(backup.ms), copyMs: round(taken.copyMs), checkMs: round(taken.checkMs),
      duringBackup: { maxStallMs: backup.maxStallMs, p99StallMs: backup.p99StallMs, slowestRequestMs: backup.slowestRequestMs, requests: backup.requests },
      withoutBackup: { maxStallMs: idle.maxStallMs, p99StallMs: idle.p99StallMs, slowestRequestMs: idle.slowestRequestMs, requests: idle.requests },
      restoreMs: round(restoreMs), firstOpenMs: round(firstOpenMs),
    };
  } finally {
    await app.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
    if (smoke) for (const suffix of ['', '-wal', '-shm']) rmSync(`${source}${suffix}`, { force: true });
  }
}

export type BackupFigures = Awaited<ReturnType<typeof backupPhase>>;

export function printBackup(b: BackupFigures): void {
  console.log(`
backup and restore (${b.councils} councils, ${b.databaseMb} MB copy):`);
  console.log(`  backup ${b.backupMs} ms (copy ${b.copyMs} ms, integrity check ${b.checkMs} ms), in a worker thread`);
  console.log(`  event loop during the backup: longest stall ${b.duringBackup.maxStallMs} ms, p99 ${b.duringBackup.p99StallMs} ms, slowest of ${b.duringBackup.requests} requests ${b.duringBackup.slowestRequestMs} ms`);
  console.log(`  the same without a backup:    longest stall ${b.withoutBackup.maxStallMs} ms, p99 ${b.withoutBackup.p99StallMs} ms, slowest of ${b.withoutBackup.requests} requests ${b.withoutBackup.slowestRequestMs} ms`);
  console.log(`  restore ${b.restoreMs} ms (check, keep, copy), then the first open ${b.firstOpenMs} ms`);
}
