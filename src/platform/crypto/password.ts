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

/** NIST SP 800-63B §3.1.1.2 bounds: at least 12 characters (accounts may have no second factor), at most 256. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
