import { describe, expect, it } from 'vitest';
import { formatWait } from './format.ts';

describe('waits people can read', () => {
  it('says seconds under a minute and minutes with seconds above', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(870)).toBe('14 minutes 30 seconds');
    expect(formatWait(900)).toBe('15 minutes');
    expect(formatWait(0.2)).toBe('1 second');
  });
});
