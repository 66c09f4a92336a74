import { describe, expect, it } from 'vitest';
import { datesInWords, historySentence, plainReason } from './plain-words.ts';

const waves = new Map([[2, 'W2'], [3, 'W3']]);
const waveName = (id: number | null) => (id === null ? 'no wave' : waves.get(id) ?? `wave ${id}`);
const entry = (before: unknown, after: unknown, action = 'update') => ({ at: '2026-11-03T10:15:00.000Z', userName: 'Alex Rowan', action, entity: 'item', before, after });

describe('item history as sentences', () => {
  it('says who moved the item between waves, when, and why', () => {
    expect(historySentence(entry({ waveId: 2, note: '' }, { waveId: 3, note: 'supplier delay' }), waveName))
      .toBe('Alex Rowan moved this from W2 to W3 on 3 November 2026: supplier delay');
  });
  it('joins several changes and names statuses in words', () => {
    expect(historySentence(entry({ status: 'planned', plannedDateOverride: null }, { status: 'ready', plannedDateOverride: '2027-01-25' }), waveName))
      .toBe('Alex Rowan marked this ready (it was planned) and gave this its own go-live date, 25 January 2027 on 3 November 2026.');
  });
  it('says a note alone changed, and the creation of the item', () => {
    expect(historySentence(entry({ note: 'a' }, { note: 'Managers briefed' }), waveName)).toBe('Alex Rowan changed the note on 3 November 2026: Managers briefed');
    expect(historySentence(entry(null, { id: 1, status: 'planned' }, 'create'), waveName)).toBe('Alex Rowan added this item on 3 November 2026.');
  });
  it('never shows raw JSON', () => {
    expect(historySentence(entry({ groupId: 1 }, { groupId: 2 }), waveName)).toBe('Alex Rowan changed group id on 3 November 2026.');
  });
});

describe('reasons in plain words', () => {
  it('turns a score reason into a sentence out of 100', () => {
    expect(plainReason('Readiness score 59.1 is under 60')).toBe('The readiness score is 59 out of 100; green needs 60.');
  });
  it('drops the criterion name (the cause heading has it), writes dates in words, and says a mandatory one is a must', () => {
    expect(plainReason('Mandatory: Open severity-1 defects: 2 against a target of at most 0, 2 over; not met since 2026-11-02'))
      .toBe('2 against a target of at most 0, 2 over, not met since 2 November 2026. Must be met.');
  });
  it('writes ISO days inside text as people do', () => {
    expect(datesInWords('from 2026-06-15 to 2027-01-18')).toBe('from 15 June 2026 to 18 January 2027');
  });
});
