// Attacks on the offline verifier (issue 10), on bundles built here with the real keyring:
// a bundle re-signed by another key that claims the publisher's kid, an embedded key swapped
// for the attacker's, a seal lifted from one record onto another, and JCS that differs from
// another implementation's (the signed bytes must be the canonical ones).
// @see RFC 8785 (JCS), RFC 7638 (thumbprint kid), RFC 8032 (Ed25519); docs/security.md J2
import { randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../audit/index.ts';
import { deriveSigningKey, signDetached, type SigningKey } from '../platform/crypto/ed25519.ts';
import { jcs, thumbprint, verifyBundle } from './verify-bundle.ts';

const publisher = deriveSigningKey(randomBytes(32).toString('hex'), 0);
const attacker = deriveSigningKey(randomBytes(32).toString('hex'), 0);
const jwks = { keys: [publisher.publicJwk] };

/** A minimal bundle: one sealed e-signature on the item's content, signed by `key`. */
function bundle(key: SigningKey, opts: { kid?: string; publicKey?: unknown; sealKey?: SigningKey } = {}) {
  const sealKey = opts.sealKey ?? key;
  const sealed = {
    v: 'signoff-signature-v1',
    id: 'sig_1',
    orgId: 'org_1',
    itemId: 'itm_1',
    userId: 'usr_1',
    printedName: 'Quinn',
    email: 'q@acme.test',
    meaning: 'approved',
    decision: 'approve',
    step: 0,
    round: 1,
    contentHash: 'a'.repeat(64),
    signedAt: Date.UTC(2026, 11, 5),
  };
  const unsigned = {
    format: 'signoff-evidence-v1',
    kid: opts.kid ?? key.kid,
    publicKey: opts.publicKey ?? key.publicJwk,
    item: { id: 'itm_1', contentHash: 'a'.repeat(64), contentVersions: [{ version: 1, sha256: 'a'.repeat(64) }] },
    decisions: [],
    audit: { entries: [] },
    checkpoint: null,
    deployment: { devMailbox: false },
    signatures: [
      {
        id: 'sig_1',
        printedName: 'Quinn',
        email: 'q@acme.test',
        meaning: 'approved',
        decision: 'approve',
        contentHash: 'a'.repeat(64),
        signedAt: new Date(sealed.signedAt).toISOString(),
        itemId: 'itm_1',
        step: 0,
        sealed,
        seal: { kid: sealKey.kid, signature: signDetached(sealKey, canonicalJson(sealed)) },
      },
    ],
  };
  return { ...unsigned, signature: signDetached(key, canonicalJson(unsigned)) };
}

// @see docs/security.md#j-e-signatures-and-the-audit-trail J2
describe('evidence verifier under attack', () => {
  it("accepts the publisher's bundle against the publisher's JWKS", async () => {
    const v = await verifyBundle(JSON.stringify(bundle(publisher)), { jwks });
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("refuses a bundle signed by another key that claims the publisher's kid", async () => {
    const forged = bundle(attacker, { kid: publisher.kid, publicKey: attacker.publicJwk });
    const v = await verifyBundle(forged, { jwks });
    expect(v.firstFailure!.id).toBe('bundle.signature');
    // Without a JWKS the embedded key's thumbprint is not the claimed kid.
    expect((await verifyBundle(forged)).firstFailure!.id).toBe('bundle.key');
  });

  it("refuses an attacker's self-consistent bundle against the publisher's JWKS (embedded key alone proves integrity only)", async () => {
    const own = bundle(attacker);
    expect((await verifyBundle(own)).ok).toBe(true);
    expect((await verifyBundle(own)).trust).toBe('embedded');
    const v = await verifyBundle(own, { jwks });
    expect(v.firstFailure!.id).toBe('bundle.key');
  });

  it('refuses a JWKS entry whose kid is not the thumbprint of its key', async () => {
    const v = await verifyBundle(bundle(attacker, { kid: publisher.kid }), { jwks: { keys: [{ ...attacker.publicJwk, kid: publisher.kid }] } });
    expect(v.firstFailure!.id).toBe('bundle.key');
  });

  it('names a record whose seal was made by a key outside the JWKS, even when the bundle itself is genuine', async () => {
    const v = await verifyBundle(bundle(publisher, { sealKey: attacker }), { jwks });
    expect(v.firstFailure).toMatchObject({ id: 'signature:sig_1:seal' });
    expect(v.firstFailure!.detail).toContain(attacker.kid);
  });

  it('computes the RFC 7638 kid the keyring does', async () => {
    expect(await thumbprint(publisher.publicJwk.x)).toBe(publisher.kid);
  });

  it('canonicalises like the `canonicalize` package and like the audit chain, for any JSON data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const data = JSON.parse(JSON.stringify(value)) as unknown;
        expect(jcs(data)).toBe(canonicalize(data));
        expect(jcs(data)).toBe(canonicalJson(data));
      }),
      { numRuns: 300 },
    );
  });
});
