// The relative due text: minutes, hours, then days, in the future and the past.
import { describe, expect, it } from 'vitest';
import { relativeTo } from './due-state.tsx';

const NOW = Date.UTC(2026, 11, 5, 12);
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('relativeTo', () => {
  it('says minutes under 90, hours under 48, then days', () => {
    expect(relativeTo(at(40 * 60_000), NOW)).toBe('in 40 minutes');
    expect(relativeTo(at(5 * 3_600_000), NOW)).toBe('in 5 hours');
    expect(relativeTo(at(72 * 3_600_000), NOW)).toBe('in 3 days');
    expect(relativeTo(at(-2 * 3_600_000), NOW)).toBe('2 hours ago');
  });
});
