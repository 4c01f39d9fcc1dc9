// argon2id through @node-rs/argon2. Parameters follow OWASP's Password Storage Cheat Sheet
// (argon2id, m = 19 MiB, t = 2, p = 1), the library's defaults.
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is an ambient const enum, which erasable TypeScript cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real verification, so a login for an unknown email is not faster. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword('signoff-timing-equaliser');
  await verifyPassword(await dummy, password);
  return false;
}

/**
 * NIST SP 800-63B §3.1.1.2: at least 8 characters (15 when single-factor; we require 12 as a
 * middle ground for accounts that may have no second factor), at most 256 accepted, no
 * composition rules, and refuse values known to be weak.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
const COMMON = new Set(['password1234', '123456789012', 'qwertyuiopas', 'passwordpassword', 'letmein12345', 'administrator', 'signoffsignoff']);

export function isPasswordAcceptable(password: string, context: string[] = []): boolean {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return false;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return false;
  if (/^(.)\1+$/.test(password)) return false;
  return !context.some((c) => c.length >= 4 && lower.includes(c.toLowerCase()));
}
