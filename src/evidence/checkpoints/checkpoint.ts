// A signed audit checkpoint: `{organization, seq, headHash, at, kid, signature}`. `signature` is
// Ed25519 (base64url) over the RFC 8785 canonical JSON of the other five fields, so anyone with
// the JWKS checks it with any JCS library. `organization` is the organisation's id: it never
// changes, so a checkpoint kept by a witness for years still names the trail it belongs to.
import { canonicalJson } from '../../audit/index.ts';
import { iso } from '../../platform/clock.ts';
import { signDetached, verifyDetached, type PublicJwk, type SigningKey } from '../../platform/crypto/ed25519.ts';
import type { CheckpointRow } from './checkpoints.store.ts';

export type Checkpoint = { organization: string; seq: number; headHash: string; at: string; kid: string; signature: string };

/** The bytes the signature covers: JCS over every field but the signature. */
export const checkpointPayload = (c: Omit<Checkpoint, 'signature'>): string =>
  canonicalJson({ organization: c.organization, seq: c.seq, headHash: c.headHash, at: c.at, kid: c.kid });

export function signCheckpoint(key: SigningKey, c: Omit<Checkpoint, 'kid' | 'signature'>): Checkpoint {
  const unsigned = { organization: c.organization, seq: c.seq, headHash: c.headHash, at: c.at, kid: key.kid };
  return { ...unsigned, signature: signDetached(key, checkpointPayload(unsigned)) };
}

/** True when the signature verifies under the published key the checkpoint names. */
export function checkpointSignatureValid(c: Checkpoint, keys: readonly PublicJwk[]): boolean {
  const key = keys.find((k) => k.kid === c.kid);
  return key !== undefined && verifyDetached(key, checkpointPayload(c), c.signature);
}

export const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  organization: r.organization,
  seq: Number(r.seq),
  headHash: r.head_hash,
  at: iso(Number(r.at)),
  kid: r.kid,
  signature: r.signature,
});

/** `checkpoint-<org>-<seq>.json`, the witness email's attachment. */
export const checkpointFileName = (c: Pick<Checkpoint, 'organization' | 'seq'>) => `checkpoint-${c.organization}-${c.seq}.json`;

/** A checkpoint read from a file (a witness email's attachment), or undefined when it is not one. */
export function parseCheckpoint(value: unknown): Checkpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (k: string, max: number) => typeof v[k] === 'string' && (v[k] as string).length > 0 && (v[k] as string).length <= max;
  if (!text('organization', 64) || !text('at', 40) || !text('kid', 64) || !text('signature', 128)) return undefined;
  if (typeof v.headHash !== 'string' || !/^[0-9a-f]{64}$/.test(v.headHash)) return undefined;
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) return undefined;
  return {
    organization: v.organization as string,
    seq: v.seq as number,
    headHash: v.headHash,
    at: v.at as string,
    kid: v.kid as string,
    signature: v.signature as string,
  };
}
