import type { ReportMethod, SignatureReportInput } from './input.ts';

/** `2026-11-23 14:05:09 UTC`; an unreadable time is printed as given. */
export function formatUtc(isoTime: string): string {
  const d = new Date(isoTime);
  return Number.isNaN(d.getTime()) ? isoTime : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const humanize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).replaceAll('_', ' ') : s);

/** The second factor of a decision as printed: its method's name (`names`: the input's `methodNames`), `none` when it was not asked for. */
export const methodLabel = (m: ReportMethod | undefined, names: SignatureReportInput['methodNames']) => (m ? (names[m] ?? m) : 'none');

export const SEAL_VERIFIED = 'seal verified';
export const NOT_VALID_MARKER = 'NOT VALID: record does not match the content';
