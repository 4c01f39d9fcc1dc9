import type { Method } from '../../api/types.ts';

/** How a method is named on buttons and tabs. */
export const METHOD_LABELS: Record<Method, string> = {
  totp: 'Authenticator app',
  webauthn: 'Passkey or security key',
  email_code: 'Email code',
  backup_code: 'Backup code',
};

/** Factor types as GET /me/factors and the admin view name them. */
export const FACTOR_TYPE_LABELS: Record<string, string> = {
  totp: 'Authenticator app',
  webauthn: 'Passkey',
  email: 'Email',
  backup_codes: 'Backup codes',
};

/** The order methods are offered in: the quickest first, backup codes last. */
const PREFERENCE: readonly Method[] = ['totp', 'webauthn', 'email_code', 'backup_code'];

export function orderMethods(methods: readonly string[]): Method[] {
  return PREFERENCE.filter((m) => methods.includes(m));
}

/** "ABCD EFGH IJKL": a secret in groups of four, easier to type from the screen. */
export const groupInFours = (secret: string) => secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
