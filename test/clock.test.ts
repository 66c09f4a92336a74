import { formatISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { isoDay, today } from '../server/domain/clock.ts';

/** isoDay writes a day as date-fns' formatISO does (the server's time zone), for any instant, and fails as it does. */
describe('isoDay', () => {
  it('writes the same day as formatISO for instants across a thousand years, month ends and the day boundaries', () => {
    const instants = [
      new Date(2026, 0, 1, 0, 0, 0, 0), new Date(2026, 11, 31, 23, 59, 59, 999), new Date(2024, 1, 29, 12), new Date(1000, 0, 1), new Date(9999, 11, 31, 23, 59),
      new Date(999, 11, 31, 12), new Date(10000, 0, 1, 12), new Date(1900, 0, 1), new Date(2199, 11, 31),
    ];
    // A fixed walk through every month and hour of two centuries, with minutes, so the test is the same on every run.
    for (let k = 0; k < 5000; k += 1) instants.push(new Date(1900 + (k % 300), (k * 7) % 12, 1 + ((k * 13) % 28), (k * 5) % 24, (k * 11) % 60));
    for (const instant of instants) expect(isoDay(instant), instant.toString()).toBe(formatISO(instant, { representation: 'date' }));
    expect(isoDay(new Date(2026, 8, 5))).toBe('2026-09-05');
  });

  it('refuses an invalid date as formatISO does', () => {
    expect(() => isoDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("today is the clock's day", () => {
    expect(today(() => new Date(2026, 11, 4, 23, 59))).toBe('2026-12-04');
  });
});
