// The Ed25519 seal of a signature record (21 CFR 11.70, issue 10): a detached signature by the
// deployment's evidence key over the JCS (RFC 8785) of the record's fields, content SHA-256
// and item included. Anyone holding the published JWKS checks it; nobody without the private
// key makes one, so an edited row, or a row moved to another item, no longer verifies.
import { canonicalJson } from '../audit/index.ts';
import { signDetached, verifyDetached, type PublicJwk, type SigningKey } from '../platform/crypto/ed25519.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { SignatureRow } from './signatures.store.ts';

/** The deployment's evidence keys (evidence's keyring satisfies this). */
export type SealKeys = {
  current(db: Executor): Promise<SigningKey>;
  /** Keys to check seals made under `kids` with (the keyring's keysFor). */
  keysFor(db: Executor, kids: readonly (string | null)[]): Promise<{ keys: PublicJwk[] }>;
};

export type SealedSignature = {
  v: 'signoff-signature-v1';
  id: string;
  orgId: string;
  itemId: string;
  userId: string;
  printedName: string;
  email: string;
  meaning: string;
  decision: string;
  step: number;
  round: number;
  contentHash: string;
  signedAt: number;
};

/** Exactly what the seal covers, read from the row as it is now. */
export const sealedSignature = (r: Omit<SignatureRow, 'record_mac' | 'seal' | 'seal_kid'>): SealedSignature => ({
  v: 'signoff-signature-v1',
  id: r.id,
  orgId: r.org_id,
  itemId: r.item_id,
  userId: r.user_id,
  printedName: r.printed_name,
  email: r.email,
  meaning: r.meaning,
  decision: r.decision,
  step: Number(r.step_index),
  round: Number(r.round),
  contentHash: r.content_hash,
  signedAt: Number(r.signed_at),
});

export const sealWith = (key: SigningKey, record: unknown): { seal: string; kid: string } => ({ seal: signDetached(key, canonicalJson(record)), kid: key.kid });

/** Whether `seal` is a signature over `record` by the published key `kid`. */
export function checkSeal(jwks: { keys: PublicJwk[] }, record: unknown, kid: string | null, seal: string | null): boolean {
  const jwk = kid ? jwks.keys.find((k) => k.kid === kid) : undefined;
  return !!jwk && !!seal && verifyDetached(jwk, canonicalJson(record), seal);
}
