import { describe, expect, it } from 'vitest';
import { iso } from './clock.ts';

describe('iso', () => {
  it('writes what toISOString writes: the epoch, leap days, century years, year and month ends, 9999', () => {
    const edges = [
      0,
      1,
      999,
      Date.UTC(1972, 1, 29, 12, 0, 0, 5),
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999),
      Date.UTC(2100, 2, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const ms of edges) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with toISOString on 100,000 random instants from 1970 to 9999', () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 253402300800000;
    for (let i = 0; i < 100_000; i++) {
      const ms = Math.floor(next());
      if (iso(ms) !== new Date(ms).toISOString()) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('leaves what it does not write to toISOString: before 1970, past 9999, fractions, and throws as it does', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(10000, 0, 1), 1.5]) expect(iso(ms)).toBe(new Date(ms).toISOString());
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});
