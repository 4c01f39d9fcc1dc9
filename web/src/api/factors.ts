// Second factors: finishing sign-in (API.md "Setup and login"), recovery, and the user's own
// factors (API.md "Own factors"). Calls that change factors take an optional `secondFactor`
// proof: the server answers 403 second_factor_required (with `methods`) when one is needed.
import { api } from './client.ts';
import type { Activated, Challenge, ChallengeMethod, MyFactors, PasskeyOptions, PendingFactor, Proof, SecondFactorResult, TotpStart } from './types.ts';

const id = encodeURIComponent;
const withProof = (secondFactor: Proof | undefined) => (secondFactor ? { secondFactor } : {});

// Sign-in.
export const completeSecondFactor = (body: Proof & { trustDevice?: boolean }) => api.post<SecondFactorResult>('/auth/second-factor', body);
export const emailLoginCode = () => api.post<Challenge>('/auth/second-factor/email-code');
export const openLoginPasskeyChallenge = () => api.post<Challenge>('/auth/second-factor/challenge', { method: 'webauthn' });
export const requestTwoFactorRecovery = () => api.post<void>('/auth/two-factor-recovery');
export const confirmTwoFactorRecovery = (token: string) => api.post<void>('/auth/two-factor-recovery/confirm', { token });

// Own factors.
export const getMyFactors = () => api.get<MyFactors>('/me/factors');
export const startTotp = (secondFactor?: Proof) => api.post<TotpStart>('/me/factors/totp', withProof(secondFactor));
export const confirmTotp = (factorId: string, code: string) => api.post<Activated>(`/me/factors/totp/${id(factorId)}/confirm`, { code });
export const startEmailFactor = (email: string, secondFactor?: Proof) => api.post<PendingFactor>('/me/factors/email', { email, ...withProof(secondFactor) });
export const confirmFactor = (factorId: string, code: string) => api.post<Activated>(`/me/factors/${id(factorId)}/confirm`, { code });
export const startPasskey = (secondFactor?: Proof) => api.post<PasskeyOptions>('/me/factors/webauthn/options', withProof(secondFactor));
export const finishPasskey = (body: { challengeId: string; credential: Record<string, unknown>; label: string }) =>
  api.post<Activated>('/me/factors/webauthn', body);
export const removeFactor = (factorId: string, secondFactor?: Proof) => api.delete(`/me/factors/${id(factorId)}`, withProof(secondFactor));
export const regenerateBackupCodes = (secondFactor?: Proof) => api.post<{ codes: string[] }>('/me/backup-codes', withProof(secondFactor));
export const openStepUpChallenge = (method: ChallengeMethod) => api.post<Challenge>('/me/step-up/challenge', { method });
export const forgetTrustedDevice = (deviceId: string) => api.delete(`/me/trusted-devices/${id(deviceId)}`);
export const forgetAllTrustedDevices = () => api.delete('/me/trusted-devices');
/** Admin-controlled enrollment: ask the administrators to add me (once a day; 429 after). */
export const notifyAdmins = () => api.post<{ notified: number }>('/me/two-factor/notify-admins');
