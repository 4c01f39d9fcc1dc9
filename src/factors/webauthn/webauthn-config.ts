// The relying party as the browser sees it, and the ceremony numbers every passkey flow uses.
// The lead derives the config from SIGNOFF_BASE_URL: rpId = its hostname, origin = its origin,
// so an assertion made on any other site (a phishing page) never verifies (docs/security.md E2).

export type WebauthnConfig = { rpId: string; rpName: string; origin: string };

/**
 * WebAuthn L3 §13.4.3: "challenges SHOULD therefore be at least 16 bytes long"; NIST SP 800-63B
 * rev 4 SFCVER-3 asks for at least 64 bits. We take 32 bytes, as SimpleWebAuthn does.
 */
export const CHALLENGE_BYTES = 32;

/**
 * WebAuthn L3 §15.1: with user verification required, "the recommended range is 300000
 * milliseconds to 600000 milliseconds". The challenge row lives 10 minutes (CHALLENGE_TTL_MS),
 * so the browser gives up before the server does.
 */
export const CEREMONY_TIMEOUT_MS = 300_000;

/** ES256, EdDSA, RS256 (COSE ids): what security keys and platform passkeys sign with. */
export const SUPPORTED_ALGORITHM_IDS = [-7, -8, -257];

/** A label the user types ("YubiKey", "MacBook"): trimmed, 1–64 printable characters. */
const PASSKEY_LABEL_MAX = 64;

export function normalizePasskeyLabel(label: unknown): string | undefined {
  if (typeof label !== 'string') return undefined;
  const trimmed = label.trim();
  if (trimmed.length === 0 || trimmed.length > PASSKEY_LABEL_MAX || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * The user handle (user.id) given to the authenticator: the Signoff user id, which is random
 * and carries no personal data (WebAuthn L3 §14.6.1 "It is RECOMMENDED to let the user handle
 * be 64 random bytes"; ours is 128 random bits behind a prefix). It is stable, so registering
 * again on the same device replaces that device's passkey instead of adding a twin.
 */
export const userHandleOf = (userId: string): string => Buffer.from(userId, 'utf8').toString('base64url');
