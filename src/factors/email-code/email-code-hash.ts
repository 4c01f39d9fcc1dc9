// docs/security.md D4: an email code is stored only as a keyed HMAC (enough for a 10-minute,
// rate-limited secret; CS MFA "OTP Handling and Storage"). The challenge id is inside the MAC,
// so a hash copied to another challenge row verifies nothing there.
import { constantTimeEqual } from '../../platform/crypto/constant-time.ts';
import { hmacHex } from '../../platform/crypto/digest.ts';

/** 6 digits from the CSPRNG (NIST SP 800-63B OBV-5, ASVS 6.5.4). */
export const EMAIL_CODE_LENGTH = 6;
const CODE = /^[0-9]{6}$/;

export const hashEmailCode = (hmacKey: Uint8Array, challengeId: string, code: string): string => hmacHex(hmacKey, `${challengeId}:${code}`);

/** Exactly 6 ASCII digits, compared in constant time; anything else is a plain wrong code. */
export function isEmailCodeMatch(hmacKey: Uint8Array, challengeId: string, code: unknown, storedHash: string | null): boolean {
  if (typeof code !== 'string' || !CODE.test(code) || !storedHash) return false;
  return constantTimeEqual(hashEmailCode(hmacKey, challengeId, code), storedHash);
}
