import { describe, expect, it } from 'vitest';
import { base32, newId } from './ids.ts';

describe('ids', () => {
  it('are the prefix and 26 base32 characters (128 random bits), none repeated across many refills of the random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId('itm'));
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^itm_[a-z2-7]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // No two ids share a 16-byte block either (a pool handed out twice would repeat one wholesale).
    expect(new Set(ids.map((id) => id.slice(4, 14))).size).toBe(ids.length);
  });

  it('encodes bytes in RFC 4648 base32 letters, lowercase and unpadded', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('mzxw6ytboi');
  });
});
