import type Database from 'better-sqlite3';

/** The change signal's current value; `forget` makes the next call read `data_version` again. */
export type ChangeSignal = (() => string) & { forget(): void };

/**
 * A value that moves whenever a committed write could change what a read returns, so anything kept in
 * memory can be checked against it before it is reused: caching only where it is correct.
 *
 * `total_changes()` counts this connection's row changes (every write the server itself makes), read at every call;
 * `data_version` moves when another connection commits (a command-line script, another process). Both are read
 * through statements prepared once: better-sqlite3's `pragma()` prepares anew on every call, and the pragma as a
 * table-valued function costs more again.
 *
 * `data_version` is read once per request (the app calls `forget` as each one arrives) and turn of the event loop,
 * not at every call: it costs about 2.5 µs (SQLite looks at the WAL's shared header), `total_changes()` under
 * 0.1 µs, and a cached overview asked for the signal five times (the session, the response cache, the programme's
 * versions, the benefits fingerprint, today's copy on disk): a third of the server's busy time under a load of
 * cached overviews. No connection in this process but the app's writes (the others read, or checkpoint, which commits
 * nothing), so another connection's commit comes from another process, and seeing it at the next request or turn is
 * the same as its coming a moment later, for anything checked against the signal alone. Whatever also reads a stamp
 * from the tables and then makes an answer from others kept under the signal must call `forget` between the two
 * (the response cache does on a miss), so the answer is never older than its stamp. This connection's own writes
 * are seen at once.
 */
function createChangeSignal(client: Database.Database): ChangeSignal {
  const changes = client.prepare('select total_changes()').pluck();
  const dataVersion = client.prepare('PRAGMA data_version').pluck();
  let others: number | undefined;
  const forget = () => {
    others = undefined;
  };
  return Object.assign(() => {
    if (others === undefined) {
      others = dataVersion.get() as number;
      setImmediate(forget);
    }
    return `${changes.get() as number}:${others}`;
  }, { forget });
}

/** The change signals made so far, one per connection (a connection closed and collected takes its own with it). */
const signals = new WeakMap<Database.Database, ChangeSignal>();

/**
 * The connection's change signal, shared by everything that keeps answers for it: the session check, the response
 * caches, the programme's versions and the benefits fingerprint ask it within one request, and read `data_version`
 * once between them.
 */
export function changeSignalOf(client: Database.Database): ChangeSignal {
  let signal = signals.get(client);
  if (signal === undefined) {
    signal = createChangeSignal(client);
    signals.set(client, signal);
  }
  return signal;
}

/**
 * `read`'s answer, read again only after a committed write (the change signal above): for a figure that every
 * request after a write asks for, and that no read in between can change. Inside a transaction it is read afresh
 * and not kept: a rollback takes back the transaction's writes but not the count of changes, so an answer read
 * after them would outlive them.
 */
export function rememberedUntilWrite<T>(client: Database.Database, read: () => T): () => T {
  const anyChange = changeSignalOf(client);
  let known: { signal: string; value: T } | undefined;
  return () => {
    if (client.inTransaction) return read();
    const signal = anyChange();
    if (known?.signal !== signal) known = { signal, value: read() };
    return known.value;
  };
}

/**
 * Answers by key, kept while the stamp that `stampSql` reads stands: for answers that depend on nothing the stamp does
 * not move with. All are dropped when it moves, or when more than `max` are kept. Inside a transaction an answer is
 * made afresh and not kept: one that rolls back leaves ids and versions the next committed rows take again.
 */
export function keptWhileStampStands<V>(client: Database.Database, stampSql: string, max = Number.POSITIVE_INFINITY): (key: string, make: () => V) => V {
  const stampNow = client.prepare(stampSql).pluck();
  let mark: unknown;
  let answers = new Map<string, V>();
  return (key, make) => {
    if (client.inTransaction) return make();
    const now = stampNow.get();
    if (now !== mark || answers.size > max) {
      mark = now;
      answers = new Map();
    }
    if (answers.has(key)) return answers.get(key)!;
    const answer = make();
    answers.set(key, answer);
    return answer;
  };
}

/**
 * Answers by key, kept while the newest id of `table` stands: for a table that is append-only (its triggers refuse
 * updates, deletes and replacements), whose newest id then moves with every change (keptWhileStampStands).
 */
export function keptWhileNewestStands<V>(client: Database.Database, table: string, max = Number.POSITIVE_INFINITY): (key: string, make: () => V) => V {
  return keptWhileStampStands(client, `select coalesce(max(id), 0) from ${table}`, max);
}

/**
 * SQL for a stamp of a table whose rows carry a `version` that each update increments: its row count, highest id
 * and the sum of versions, so an insert, an update and a delete each move it.
 */
export const versionedTableStamp = (table: string): string =>
  `(select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from ${table})`;
