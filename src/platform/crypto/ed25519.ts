// Ed25519 signing keys for evidence that someone without the server can check (RFC 8032,
// published as RFC 8037 OKP JWKs). The private key is derived from SIGNOFF_SECRET_KEY with
// HKDF (RFC 5869) and a generation number, so every instance that shares the secret signs
// with the same key and a rotation (a new generation) needs no new secret. The key id is the
// RFC 7638 JWK thumbprint of the public key: anyone can recompute it from the JWKS.
import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { BoundedMap } from '../bounded-map.ts';

export type PublicJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' };
export type SigningKey = { kid: string; generation: number; privateKey: KeyObject; publicJwk: PublicJwk };

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410 §7): the fixed prefix, then the seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The deployment's signing key of one generation (0 is the first; rotation adds one). */
export function deriveSigningKey(secretHex: string, generation: number): SigningKey {
  if (!Number.isSafeInteger(generation) || generation < 0) throw new TypeError('generation must be a non-negative integer');
  const seed = Buffer.from(hkdfSync('sha256', Buffer.from(secretHex, 'hex'), Buffer.alloc(0), `signoff/ed25519/v1/${generation}`, 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x!;
  const kid = jwkThumbprint(x);
  return { kid, generation, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' } };
}

/** RFC 7638 thumbprint of an Ed25519 public key: SHA-256 over `{"crv","kty","x"}` in that order, base64url. */
export const jwkThumbprint = (x: string): string =>
  createHash('sha256')
    .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))
    .digest('base64url');

/** A detached Ed25519 signature over the UTF-8 bytes of `message`, base64url. */
export function signDetached(key: SigningKey, message: string | Uint8Array): string {
  const signature = sign(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key.privateKey).toString('base64url');
  rememberVerified(key.publicJwk.x, message, signature);
  return signature;
}

/** Checks a detached signature against a published public key; false for any malformed input. */
export function verifyDetached(jwk: Pick<PublicJwk, 'x'>, message: string | Uint8Array, signature: string): boolean {
  const triple = tripleDigest(jwk.x, message, signature);
  if (verified.has(triple)) return true;
  try {
    const ok = verify(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, publicKeyOf(jwk.x), Buffer.from(signature, 'base64url'));
    if (ok) remember(triple);
    return ok;
  } catch {
    return false;
  }
}

/**
 * Public keys as key objects, by their `x`: every item view checks each vote's seal, and
 * importing the JWK cost more than the check itself. A deployment has a handful of generations;
 * the bound only stops a flood of made-up keys (verify of a posted JWKS) from growing it.
 */
const publicKeys = new BoundedMap<string, KeyObject>(64);
const publicKeyOf = (x: string): KeyObject => publicKeys.getOrMake(x, () => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }));

/**
 * Triples (public key, message, signature) known to verify, by the SHA-256 of the three: every
 * item view checks each vote's seal again, and the decision's answer the seal it has just made.
 * A verification is a function of the triple alone, so a digest found here stands for a check
 * that passed (or a signature made here); an edited record, another key or another signature
 * is another digest and is checked in full. Only successes are kept, so made-up signatures
 * cannot fill it; the oldest go past the bound. The key and the signature are base64url, so
 * the NUL separators cannot be forged into the message's place.
 */
const verified = new Set<string>();
const MAX_VERIFIED = 4096;
const tripleDigest = (x: string, message: string | Uint8Array, signature: string): string =>
  createHash('sha256').update(x).update('\0').update(signature).update('\0').update(message).digest('base64url');
function remember(triple: string): void {
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.values().next().value!);
  verified.add(triple);
}
const rememberVerified = (x: string, message: string | Uint8Array, signature: string) => remember(tripleDigest(x, message, signature));
