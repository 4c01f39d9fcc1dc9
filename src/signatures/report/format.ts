import type { Method } from '../../http/contract/methods.ts';
import type { ReportMethod } from './input.ts';

/** `2026-11-23 14:05:09 UTC`; an unreadable time is printed as given. */
export function formatUtc(isoTime: string): string {
  const d = new Date(isoTime);
  return Number.isNaN(d.getTime()) ? isoTime : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const humanize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).replaceAll('_', ' ') : s);

const METHOD_LABELS: Record<Method, string> = {
  totp: 'Authenticator app (TOTP)',
  backup_code: 'Backup code',
  email_code: 'Email code',
  webauthn: 'Passkey or security key',
};

/** The second factor of a decision as printed; `none` when it was not asked for. */
export const methodLabel = (m: ReportMethod | undefined) => (m ? (METHOD_LABELS[m] ?? m) : 'none');

export const SEAL_VERIFIED = 'seal verified';
export const NOT_VALID_MARKER = 'NOT VALID: record does not match the content';
