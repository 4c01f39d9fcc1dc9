import { afterEach, describe, expect, it, vi } from 'vitest';
import { base32, newId } from './ids.ts';

describe('ids', () => {
  it('are the prefix and 26 base32 characters (128 random bits), none repeated across many refills of the random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId('itm'));
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^itm_[a-z2-7]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // No two ids share a 16-byte block either (a pool handed out twice would repeat one wholesale).
    expect(new Set(ids.map((id) => id.slice(4, 14))).size).toBe(ids.length);
  });

  describe('of the append-only records (audit entries, item events, votes, mail)', () => {
    afterEach(() => vi.restoreAllMocks());

    it('begin with the time, so a later one sorts after an earlier one, and keep 80 random bits', () => {
      const now = vi.spyOn(Date, 'now');
      // Times that carry across characters of the 48-bit time, up to its end in the year 10889.
      const times = [0, 1, 7, 8, 207, 208, 255, 256, 1023, 1024, Date.UTC(2026, 11, 5), Date.UTC(2026, 11, 5) + 1, 2 ** 48 - 1];
      const groups = times.map((t) => {
        now.mockReturnValue(t);
        return ['aud', 'evt', 'vot', 'msg'].map((p) => newId(p as 'aud').slice(4));
      });
      for (const id of groups.flat()) expect(id).toMatch(/^[a-z2-7]{26}$/);
      for (const [i, group] of groups.entries()) {
        if (i > 0) expect(group.every((id) => groups[i - 1]!.every((earlier) => earlier < id))).toBe(true);
      }
      // Within one millisecond only the random part differs: 16 of the 26 characters.
      now.mockReturnValue(Date.UTC(2026, 11, 5));
      const same = Array.from({ length: 1000 }, () => newId('aud'));
      expect(new Set(same.map((id) => id.slice(4, 13))).size).toBe(1);
      expect(new Set(same.map((id) => id.slice(14))).size).toBe(1000);
    });

    it('leave every other id wholly random', () => {
      vi.spyOn(Date, 'now').mockReturnValue(0);
      const ids = Array.from({ length: 100 }, () => newId('itm'));
      expect(new Set(ids.map((id) => id.slice(4, 6))).size).toBeGreaterThan(1);
    });
  });

  it('encodes bytes in RFC 4648 base32 letters, lowercase and unpadded', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('mzxw6ytboi');
  });
});
