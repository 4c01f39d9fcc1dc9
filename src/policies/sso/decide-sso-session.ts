// Does this SSO sign-in still need the local second factor? A named check with a reason
// (docs/security.md F10, docs/guide.md §4), applied on top of the local decision:
//   local             the local decision as it is (trusted devices included)
//   bypass            the organisation lets SSO stand in for the login prompt: reason sso_bypass
//   require_idp_mfa   only when the ID token asserts multi-factor authentication (amr) and the
//                     authentication is fresh (auth_time); otherwise the local decision
// SSO only ever skips the *login prompt* (second_factor_required). It never turns
// enrollment_required into active (the factor is still needed at protected steps), and it is
// no input to step-up: factors.withFreshFactor and the decision pipeline know nothing of SSO.
// `acr` is not used: its values are provider-specific, `amr` values are registered (RFC 8176).
import type { SsoTwoFactor } from '../../settings/index.ts';

/**
 * RFC 8176 §2: `mfa` means "multiple-factor authentication". Individual method values count
 * only as a pair from different factor kinds, knowledge (`pwd`, `pin`, `kba`) plus possession
 * or inherence; `otp` or `hwk` alone is one factor. Sources: Entra ID and Okta send `mfa`.
 */
const KNOWLEDGE = new Set(['pwd', 'pin', 'kba']);
const POSSESSION_OR_INHERENCE = new Set(['otp', 'hwk', 'swk', 'sc', 'sms', 'tel', 'fpt', 'face', 'iris', 'retina', 'vbm', 'bio']);

/** How old the IdP authentication may be for its MFA to stand in (seconds); also sent as max_age. */
export const IDP_MFA_MAX_AGE_S = 10 * 60;
/** Clock skew tolerated on auth_time in the future (seconds). */
const SKEW_S = 60;

export function isMultiFactorAmr(amr: readonly string[]): boolean {
  if (amr.includes('mfa')) return true;
  return amr.some((v) => KNOWLEDGE.has(v)) && amr.some((v) => POSSESSION_OR_INHERENCE.has(v));
}

export type SessionGate = { state: 'active' | 'second_factor_required' | 'enrollment_required'; aal: number; reason: string; methods: string[] };
export type SsoAssertion = { amr: readonly string[]; authTime: number | undefined };
/** Why SSO did or did not stand in for the login prompt (recorded in the audit trail). */
export type SsoTwoFactorReason = 'sso_bypass' | 'sso_amr_mfa' | 'sso_amr_missing' | 'sso_amr_stale' | 'sso_local' | 'no_prompt';

export function decideSsoSession(local: SessionGate, mode: SsoTwoFactor, idp: SsoAssertion, nowMs: number): { gate: SessionGate; sso: SsoTwoFactorReason } {
  if (local.state !== 'second_factor_required') return { gate: local, sso: 'no_prompt' };
  if (mode === 'local') return { gate: local, sso: 'sso_local' };
  const skip = (sso: 'sso_bypass' | 'sso_amr_mfa') => ({ gate: { state: 'active' as const, aal: 1, reason: sso, methods: [] }, sso });
  if (mode === 'bypass') return skip('sso_bypass');
  if (!isMultiFactorAmr(idp.amr)) return { gate: local, sso: 'sso_amr_missing' };
  const age = idp.authTime === undefined ? Infinity : nowMs / 1000 - idp.authTime;
  if (!(age <= IDP_MFA_MAX_AGE_S && age >= -SKEW_S)) return { gate: local, sso: 'sso_amr_stale' };
  return skip('sso_amr_mfa');
}
