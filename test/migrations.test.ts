import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, MIGRATIONS_FOLDER, migrateDatabase, openDatabase, type Db } from '../server/db/database.ts';
import * as schema from '../server/db/schema.ts';

// drizzle-kit/api assigns Array.prototype.random and String.prototype helpers as it loads, which makes them enumerable.
// Unit files share a worker's modules (isolate: false), so every later file in it saw `random` in for…in over any
// array: fast-json-stringify clones schemas that way, and a cloned `required` list with a hole made Ajv throw in
// test/serializer-nullable.test.ts. Left callable, hidden from enumeration.
for (const proto of [Array.prototype, String.prototype]) {
  for (const key of Object.keys(proto)) Object.defineProperty(proto, key, { enumerable: false });
}

const schemaText = (db: Db): string =>
  (db.$client.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by name").all() as Array<{ sql: string | null }>)
    .map((r) => JSON.stringify(r)).join('\n');

describe('drizzle-kit loaded for the migration checks', () => {
  it('leaves no enumerable helper on the built-in prototypes for later files in the worker', () => {
    expect({ array: Object.keys(Array.prototype), string: Object.keys(String.prototype) }).toEqual({ array: [], string: [] });
  });
});

describe('migrations', () => {
  let db: Db;
  afterEach(() => closeDatabase(db));

  it('the committed migrations are up to date with the TypeScript schema', async () => {
    db = openDatabase({ file: ':memory:' });
    const metaDir = join(MIGRATIONS_FOLDER, 'meta');
    const latest = readdirSync(metaDir).filter((f) => f.endsWith('_snapshot.json')).sort().at(-1)!;
    const committed = JSON.parse(readFileSync(join(metaDir, latest), 'utf8'));
    const current = await generateSQLiteDrizzleJson(schema);
    expect(await generateSQLiteMigration(committed, current)).toEqual([]);
  });

  it('migrating an empty database yields every table, column and index the schema declares', () => {
    db = openDatabase({ file: ':memory:' });
    const tables = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => v instanceof SQLiteTable);
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) {
      const config = getTableConfig(table);
      const actual = db.$client.pragma(`table_info(${config.name})`) as Array<{ name: string; type: string; notnull: number }>;
      const expected = config.columns.map((c) => ({ name: c.name, type: c.getSQLType().toUpperCase(), notnull: c.notNull || c.primary ? 1 : 0 }));
      expect(actual.map((c) => ({ name: c.name, type: c.type.toUpperCase(), notnull: c.notnull })).sort((a, b) => a.name.localeCompare(b.name)))
        .toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
      const indexes = (db.$client.pragma(`index_list(${config.name})`) as Array<{ name: string; unique: number }>).map((i) => i.name);
      for (const index of config.indexes) expect(indexes).toContain(index.config.name);
      const foreignKeys = db.$client.pragma(`foreign_key_list(${config.name})`) as unknown[];
      expect(foreignKeys).toHaveLength(config.foreignKeys.length);
    }
  });

  it('re-running the migrations is a no-op', () => {
    db = openDatabase({ file: ':memory:' });
    const before = schemaText(db);
    const applied = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    migrateDatabase(db);
    expect(schemaText(db)).toBe(before);
    expect(db.$client.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual(applied);
    expect(applied.n).toBeGreaterThan(0);
  });

  it('opens with foreign keys on, WAL where the file allows it, and synchronous FULL', () => {
    db = openDatabase({ file: ':memory:' });
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});
