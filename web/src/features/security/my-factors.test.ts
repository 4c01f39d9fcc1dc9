import { describe, expect, it } from 'vitest';
import type { Factor } from '../../api/types.ts';
import { activeTotp, backupCodesTone, factorsOfType, isEnrolled, removesLastFactor } from './my-factors.ts';

const factor = (id: string, type: string, status: 'active' | 'pending'): Factor => ({
  id,
  type,
  status,
  label: id,
  createdAt: '2026-01-01T00:00:00Z',
  lastUsedAt: null,
});
const oldApp = factor('old app', 'totp', 'pending');
const app = factor('app', 'totp', 'active');
const key = factor('key', 'webauthn', 'active');
const mail = factor('mail', 'email', 'pending');

describe('the Security page reading its factors', () => {
  it('is on with a confirmed factor, and off with none or only unconfirmed ones', () => {
    expect(isEnrolled([app])).toBe(true);
    expect(isEnrolled([])).toBe(false);
    expect(isEnrolled([oldApp, mail])).toBe(false);
  });

  it("lists a method's factors, confirmed or not, in the server's order", () => {
    expect(factorsOfType([mail, key, app, oldApp], 'totp')).toEqual([app, oldApp]);
    expect(factorsOfType([app], 'email')).toEqual([]);
  });

  it('shows the confirmed authenticator app only, not one still being set up', () => {
    expect(activeTotp([oldApp, key, app])).toBe(app);
    expect(activeTotp([oldApp, key])).toBeUndefined();
  });

  it('warns before removing the only confirmed factor, not before removing one still being set up', () => {
    expect(removesLastFactor([app, mail], app)).toBe(true);
    expect(removesLastFactor([app, mail], mail)).toBe(false);
    expect(removesLastFactor([app, key], app)).toBe(false);
    expect(removesLastFactor([mail], mail)).toBe(false);
  });

  it('marks the backup codes left: none is danger, three or fewer a warning', () => {
    expect(backupCodesTone(0)).toBe('danger');
    expect(backupCodesTone(1)).toBe('warning');
    expect(backupCodesTone(3)).toBe('warning');
    expect(backupCodesTone(4)).toBe('success');
    expect(backupCodesTone(10)).toBe('success');
  });
});
