// Attempt budgets for password sign-in (docs/guide.md §12, docs/security.md B2/B5).
// - Per client address: 20 free failures, then back-off doubling to 15 minutes.
// - Per account: 5 free failures, then back-off doubling to 15 minutes, never a permanent lock.
// - A browser that signed in to this account before carries a signed "known device" cookie and
//   is counted on its own key instead of the account's (OWASP "Slow Down Online Guessing Attacks
//   with Device Cookies"), so an attacker hammering the account from elsewhere cannot keep its
//   owner out. Password reset clears the account's counter.
import { hmacHex, sha256Hex } from '../platform/crypto/digest.ts';
import { constantTimeEqual } from '../platform/crypto/constant-time.ts';
import { newToken } from '../platform/crypto/random.ts';
import { backoff, type AttemptPolicy } from '../platform/rate-limit.ts';
import { budgetAddress } from '../platform/budget-address.ts';

const FIFTEEN_MINUTES = 15 * 60_000;
export const ADDRESS_POLICY: AttemptPolicy = { delays: backoff(20, FIFTEEN_MINUTES), windowMs: 60 * 60_000, onSuccess: 'refund' };
export const ACCOUNT_POLICY: AttemptPolicy = { delays: backoff(5, FIFTEEN_MINUTES), windowMs: 24 * 60 * 60_000, onSuccess: 'reset' };

export const accountKey = (email: string) => `login:account:${sha256Hex(email)}`;
export const addressKey = (ip: string) => `login:address:${budgetAddress(ip)}`;

export function createKnownDevices(hmacKey: Uint8Array) {
  const sign = (email: string, nonce: string) => hmacHex(hmacKey, `known-device:${email}:${nonce}`);
  return {
    issue: (email: string) => {
      const nonce = newToken();
      return `${nonce}.${sign(email, nonce)}`;
    },
    /** The key to count this attempt under: the device's own when its cookie is genuine for this email. */
    keyFor(email: string, cookie: string | undefined): string {
      const [nonce, mac] = (cookie ?? '').split('.');
      if (nonce && mac && constantTimeEqual(mac, sign(email, nonce))) return `login:device:${sha256Hex(cookie!)}`;
      return accountKey(email);
    },
  };
}
