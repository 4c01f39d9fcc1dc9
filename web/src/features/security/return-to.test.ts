import { describe, expect, it } from 'vitest';
import { returnPathOf, securityPageReturningTo } from './return-to.ts';

describe('return after setting up a factor', () => {
  it('round-trips an item path', () => {
    const link = securityPageReturningTo('/items/itm_1');
    expect(returnPathOf(link.slice(link.indexOf('?')))).toBe('/items/itm_1');
  });

  it('never follows another origin or a scheme (open redirect)', () => {
    for (const evil of ['//evil.test/x', '/\\evil.test', 'https://evil.test', 'javascript:alert(1)', '']) {
      expect(returnPathOf(`?return=${encodeURIComponent(evil)}`), evil).toBeUndefined();
    }
  });
});
