// The deployment's evidence signing keys. Every instance derives the same Ed25519 key from the
// shared SIGNOFF_SECRET_KEY, so a checkpoint or bundle signed on one instance verifies against
// the JWKS served by any other. Generation 0 until rotation lands (DB-recorded generations,
// old public keys kept published).
import type { Executor } from '../platform/db/connect.ts';
import { deriveSigningKey, type PublicJwk, type SigningKey } from '../platform/crypto/ed25519.ts';

export type Keyring = {
  /** The key new signatures are made with. */
  current(db: Executor): Promise<SigningKey>;
  /** Every public key that signed or signs evidence (RFC 7517 JWK Set). */
  jwks(db: Executor): Promise<{ keys: PublicJwk[] }>;
};

export function createKeyring(deps: { secretHex: string }): Keyring {
  const key = deriveSigningKey(deps.secretHex, 0);
  return {
    current: async () => key,
    jwks: async () => ({ keys: [key.publicJwk] }),
  };
}
