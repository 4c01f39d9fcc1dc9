import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { deriveSigningKey, jwkThumbprint, signDetached, verifyDetached } from './ed25519.ts';

// Counts the real Ed25519 checks (the memo of verified triples must skip only those it may).
vi.mock('node:crypto', async (original) => {
  const crypto = await original<typeof import('node:crypto')>();
  return { ...crypto, verify: vi.fn(crypto.verify) };
});
const checks = () => vi.mocked(verify).mock.calls.length;

const SECRET = 'ab'.repeat(32);

describe('Ed25519 signing keys', () => {
  it('derives the same key from the same secret and generation, another for the next generation', () => {
    const a = deriveSigningKey(SECRET, 0);
    expect(deriveSigningKey(SECRET, 0).publicJwk).toEqual(a.publicJwk);
    expect(deriveSigningKey(SECRET, 1).kid).not.toBe(a.kid);
    expect(deriveSigningKey('cd'.repeat(32), 0).kid).not.toBe(a.kid);
    expect(a.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' });
  });

  it('names the key by its RFC 7638 thumbprint (RFC 8037 appendix A.3 vector)', () => {
    expect(jwkThumbprint('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('signs as RFC 8032 Ed25519: the node:crypto verifier and the test vector agree', () => {
    // RFC 8032 §7.1 TEST 1: the empty message under this seed has this signature.
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const sig = sign(null, Buffer.alloc(0), createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
    expect(sig.toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    const key = deriveSigningKey(SECRET, 0);
    const signature = signDetached(key, 'evidence');
    expect(verifyDetached(key.publicJwk, 'evidence', signature)).toBe(true);
    expect(createPublicKey({ key: key.publicJwk, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a changed message, another key and malformed signatures without throwing', () => {
    const key = deriveSigningKey(SECRET, 0);
    const signature = signDetached(key, 'evidence');
    expect(verifyDetached(key.publicJwk, 'evidencE', signature)).toBe(false);
    expect(verifyDetached(deriveSigningKey(SECRET, 1).publicJwk, 'evidence', signature)).toBe(false);
    expect(verifyDetached(key.publicJwk, 'evidence', 'not-a-signature')).toBe(false);
    expect(verifyDetached({ x: '' }, 'evidence', signature)).toBe(false);
  });

  it('checks each signature against its own key, also past the bound of keys kept imported', () => {
    const keys = Array.from({ length: 70 }, (_, g) => deriveSigningKey(SECRET, g));
    const signatures = keys.map((k) => signDetached(k, `evidence ${k.generation}`));
    for (const round of [0, 1]) {
      for (const [g, k] of keys.entries()) {
        expect(verifyDetached(k.publicJwk, `evidence ${g}`, signatures[g]!), `round ${round}, generation ${g}`).toBe(true);
        expect(verifyDetached(k.publicJwk, `evidence ${g}`, signatures[(g + 1) % keys.length]!)).toBe(false);
      }
    }
  });

  it('checks a seal it made or already verified once, and anything else (an edit, another key or signature) in full every time', () => {
    const key = deriveSigningKey(SECRET, 2);
    const other = deriveSigningKey(SECRET, 3);
    const made = signDetached(key, 'vote 1');
    const before = checks();
    expect(verifyDetached(key.publicJwk, 'vote 1', made)).toBe(true);
    expect(checks()).toBe(before);

    // Signed elsewhere (the same key, but not by signDetached here): checked once, then remembered.
    const elsewhere = sign(null, Buffer.from('vote 2'), key.privateKey).toString('base64url');
    expect(verifyDetached(key.publicJwk, 'vote 2', elsewhere)).toBe(true);
    expect(verifyDetached(key.publicJwk, 'vote 2', elsewhere)).toBe(true);
    expect(checks()).toBe(before + 1);

    const refusedTwice = [
      () => verifyDetached(key.publicJwk, 'vote 1 edited', made),
      () => verifyDetached(other.publicJwk, 'vote 1', made),
      () => verifyDetached(key.publicJwk, 'vote 1', elsewhere),
      () => verifyDetached(key.publicJwk, 'vote 1\0', made),
    ];
    for (const attempt of refusedTwice) {
      const at = checks();
      expect(attempt()).toBe(false);
      expect(attempt()).toBe(false);
      expect(checks()).toBe(at + 2);
    }
  });
});
