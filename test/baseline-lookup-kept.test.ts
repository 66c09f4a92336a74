import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { createBaselineLookup } from '../server/modules/baselines/service.ts';

/**
 * The baseline lookup keeps its answers while the programme's read-model version stands: a baseline approved,
 * changed or deleted is seen by the next lookup, and nothing read inside a transaction that rolls back is kept.
 */
const db = openDatabase({ file: ':memory:' });
afterAll(() => closeDatabase(db));
const lookup = createBaselineLookup(db);
const insert = db.$client.prepare("insert into baselines (name, approved_by, approved_at) values (?, 'office@example.org', ?)");
const approve = (name: string, at: string) => Number(insert.run(name, at).lastInsertRowid);

describe('the baseline lookup, kept while the programme version stands', () => {
  it('sees a baseline approved, moved to another day and deleted, at its next lookup', () => {
    expect(lookup.inForce('2026-06-30')).toBeUndefined();
    const first = approve('Plan of March', '2026-03-01T09:00:00.000Z');
    expect(lookup.inForce('2026-06-30')?.id).toBe(first);
    expect(lookup.original('2026-06-30')?.id).toBe(first);
    const second = approve('Plan of May', '2026-05-01T09:00:00.000Z');
    expect(lookup.inForce('2026-06-30')?.id).toBe(second);
    expect(lookup.inForce('2026-04-30')?.id).toBe(first);
    expect(lookup.original('2026-06-30')?.id).toBe(first);
    // A row that moves: the May plan's approval day moved to after the day asked about.
    db.$client.prepare("update baselines set approved_at = '2026-07-15T09:00:00.000Z' where id = ?").run(second);
    expect(lookup.inForce('2026-06-30')?.id).toBe(first);
    expect(lookup.inForce('2026-07-31')?.id).toBe(second);
    // A row deleted: the named lookup refuses it, and the day's answer falls back.
    db.$client.prepare('delete from baselines where id = ?').run(first);
    expect(() => lookup.inForce('2026-06-30', first)).toThrow(/Baseline/);
    expect(lookup.inForce('2026-06-30')).toBeUndefined();
    expect(lookup.original('2026-07-31')?.id).toBe(second);
  });

  it('keeps nothing read inside a transaction that rolls back', () => {
    const day = '2027-01-31';
    expect(lookup.inForce(day)?.name).toBe('Plan of May');
    const rolledBack = db.$client.transaction(() => {
      approve('Plan of January', '2027-01-10T09:00:00.000Z');
      expect(lookup.inForce(day)?.name).toBe('Plan of January');
      throw new Error('rolled back');
    });
    expect(() => rolledBack()).toThrow('rolled back');
    // The next committed write takes the version number (and the id) the rolled-back one had; its answer is read afresh.
    approve('Plan of December', '2026-12-20T09:00:00.000Z');
    expect(lookup.inForce(day)?.name).toBe('Plan of December');
  });

  it('hands every reader the same answer, which none can change', () => {
    const ref = lookup.inForce('2026-07-31')!;
    expect(lookup.inForce('2026-07-31')).toBe(ref);
    expect(() => Object.assign(ref, { name: 'Changed' })).toThrow(TypeError);
  });
});
