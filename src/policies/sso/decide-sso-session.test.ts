import { describe, expect, it } from 'vitest';
import { decideSsoSession, isMultiFactorAmr, type SessionGate } from './decide-sso-session.ts';

const NOW = Date.UTC(2026, 0, 1);
const prompt: SessionGate = { state: 'second_factor_required', aal: 1, reason: 'has_active_factor', methods: ['totp'] };
const fresh = { amr: ['mfa'], authTime: NOW / 1000 - 30 };

describe('decideSsoSession', () => {
  it('counts mfa, or a knowledge factor with a possession or inherence factor, as multi-factor (RFC 8176)', () => {
    expect(isMultiFactorAmr(['mfa'])).toBe(true);
    expect(isMultiFactorAmr(['pwd', 'otp'])).toBe(true);
    expect(isMultiFactorAmr(['pwd'])).toBe(false);
    expect(isMultiFactorAmr(['otp'])).toBe(false);
    expect(isMultiFactorAmr(['hwk', 'otp'])).toBe(false);
    expect(isMultiFactorAmr([])).toBe(false);
  });

  it('keeps the local decision in local mode, even with IdP MFA', () => {
    expect(decideSsoSession(prompt, 'local', fresh, NOW)).toEqual({ gate: prompt, sso: 'sso_local' });
  });

  it('skips the login prompt in bypass mode', () => {
    expect(decideSsoSession(prompt, 'bypass', { amr: [], authTime: undefined }, NOW)).toEqual({
      gate: { state: 'active', aal: 1, reason: 'sso_bypass', methods: [] },
      sso: 'sso_bypass',
    });
  });

  it('skips the prompt in require_idp_mfa mode only with a fresh MFA assertion', () => {
    expect(decideSsoSession(prompt, 'require_idp_mfa', fresh, NOW).gate.state).toBe('active');
    expect(decideSsoSession(prompt, 'require_idp_mfa', { amr: ['pwd'], authTime: NOW / 1000 }, NOW)).toEqual({ gate: prompt, sso: 'sso_amr_missing' });
    expect(decideSsoSession(prompt, 'require_idp_mfa', { amr: ['mfa'], authTime: NOW / 1000 - 11 * 60 }, NOW)).toEqual({ gate: prompt, sso: 'sso_amr_stale' });
    expect(decideSsoSession(prompt, 'require_idp_mfa', { amr: ['mfa'], authTime: undefined }, NOW)).toEqual({ gate: prompt, sso: 'sso_amr_stale' });
    expect(decideSsoSession(prompt, 'require_idp_mfa', { amr: ['mfa'], authTime: NOW / 1000 + 3600 }, NOW)).toEqual({ gate: prompt, sso: 'sso_amr_stale' });
  });

  it('never turns enrollment_required into active (the factor is still needed for step-up)', () => {
    const enroll: SessionGate = { state: 'enrollment_required', aal: 1, reason: 'scope_everyone', methods: [] };
    for (const mode of ['bypass', 'require_idp_mfa', 'local'] as const) expect(decideSsoSession(enroll, mode, fresh, NOW).gate).toEqual(enroll);
  });
});
