import { METHODS, type Method } from '../../api/types.ts';

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

/** The order methods are offered in (lowest first): the quickest first, backup codes last. */
const PREFERENCE: Record<Method, number> = { totp: 0, webauthn: 1, email_code: 2, backup_code: 3 };

/** The methods of `methods` this app knows (the contract's METHODS), in the order they are offered. */
export function orderMethods(methods: readonly string[]): Method[] {
  return METHODS.filter((m) => methods.includes(m)).sort((a, b) => PREFERENCE[a] - PREFERENCE[b]);
}

/** "ABCD EFGH IJKL": a secret in groups of four, easier to type from the screen. */
export const groupInFours = (secret: string) => secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
