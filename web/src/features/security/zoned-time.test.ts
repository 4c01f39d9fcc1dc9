import { describe, expect, it } from 'vitest';
import { utcToZoned, zonedToUtc } from './zoned-time.ts';

describe('zoned times of the Out of office card', () => {
  it('reads a wall-clock time in the chosen zone, across daylight saving', () => {
    expect(new Date(zonedToUtc('2026-12-24T09:00', 'Europe/Berlin')).toISOString()).toBe('2026-12-24T08:00:00.000Z');
    expect(new Date(zonedToUtc('2026-07-01T09:00', 'Europe/Berlin')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(new Date(zonedToUtc('2026-07-01T09:00', 'America/New_York')).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(new Date(zonedToUtc('2026-07-01T09:00', 'UTC')).toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });

  it('turns an instant back into the wall clock of the zone, and refuses a malformed value', () => {
    expect(utcToZoned(Date.UTC(2026, 11, 24, 8), 'Europe/Berlin')).toBe('2026-12-24T09:00');
    expect(zonedToUtc('24.12.2026 09:00', 'UTC')).toBeNaN();
  });
});
