import { randomBytes, randomInt } from 'node:crypto';

/** An unguessable token: 32 bytes (256 bits) from the CSPRNG, base64url (ASVS 11.5.1 asks >= 128). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** A user's security stamp: changes invalidate what was issued under the old one. */
export const newSecurityStamp = (): string => randomBytes(16).toString('hex');

/** `length` decimal digits from the CSPRNG, uniformly (randomInt has no modulo bias). */
export function randomDigits(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String(randomInt(10));
  return s;
}
