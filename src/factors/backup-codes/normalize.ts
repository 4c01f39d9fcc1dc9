// docs/guide.md §2 and docs/security.md C9: spaces and dashes typed inside a backup code are ignored;
// anything else that is not exactly 8 ASCII digits is a plain wrong code (never a throw, so a
// stray letter is an invalid attempt, not a 500). Copy-paste brings no-break spaces and
// typographic dashes, so those count as spaces and dashes too.

/** Backup codes are 8 decimal digits (NIST SP 800-63B rev 4 LSA-3 asks for at least 6). */
export const BACKUP_CODE_LENGTH = 8;

// Longer input is not a code with separators: refuse it before any regex work.
const MAX_INPUT_LENGTH = 64;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
const CODE = /^[0-9]{8}$/;

export function normalizeBackupCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return undefined;
  const code = input.replace(SEPARATORS, '');
  return CODE.test(code) ? code : undefined;
}
