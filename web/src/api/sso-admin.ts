// Single sign-on administration (docs/guide.md "Policies and single sign-on"): the provider settings
// (the client secret is write-only: sent to change it, never returned) and the connection test.
import { api } from './client.ts';
import type { Proof } from './types.ts';

export type SsoTwoFactor = 'bypass' | 'require_idp_mfa' | 'local';
export type SsoSettingsView = { enabled: boolean; issuer?: string; clientId?: string; twoFactor: SsoTwoFactor; buttonLabel?: string; clientSecretSet: boolean };
export type SsoSettingsInput = { enabled: boolean; issuer?: string; clientId?: string; twoFactor: SsoTwoFactor; buttonLabel?: string; clientSecret?: string };
export type SsoTestResult =
  | { ok: true; issuer: string; authorizationEndpoint: string | null; tokenEndpoint: string | null; detail: string }
  | { ok: false; issuer: string | null; stage: 'settings' | 'address' | 'discovery'; detail: string };

export const getSsoSettings = () => api.get<SsoSettingsView>('/admin/sso');
export const saveSsoSettings = (input: SsoSettingsInput, secondFactor?: Proof) =>
  api.put<SsoSettingsView>('/admin/sso', secondFactor ? { ...input, secondFactor } : input);
export const testSsoConnection = (body: { issuer?: string; clientId?: string }) => api.post<SsoTestResult>('/admin/sso/test', body);
