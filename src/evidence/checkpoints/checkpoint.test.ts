// A checkpoint's signature covers the RFC 8785 canonical JSON of every other field, under the
// key its kid names; any altered field, or a key not published, fails (docs/security.md J6).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSigningKey } from '../../platform/crypto/ed25519.ts';
import { checkpointFileName, checkpointPayload, checkpointSignatureValid, parseCheckpoint, signCheckpoint } from './checkpoint.ts';

const key = deriveSigningKey(randomBytes(32).toString('hex'), 0);
const next = deriveSigningKey(randomBytes(32).toString('hex'), 1);
const cp = signCheckpoint(key, { organization: 'org_1', seq: 200, headHash: 'a'.repeat(64), at: '2026-12-05T09:00:00.000Z' });

describe('audit checkpoint signature', () => {
  it('signs the JCS of organization, seq, headHash, at and kid (keys sorted, no whitespace)', () => {
    expect(checkpointPayload(cp)).toBe(`{"at":"2026-12-05T09:00:00.000Z","headHash":"${'a'.repeat(64)}","kid":"${key.kid}","organization":"org_1","seq":200}`);
    expect(cp.kid).toBe(key.kid);
    expect(checkpointSignatureValid(cp, [next.publicJwk, key.publicJwk])).toBe(true);
  });

  it('fails for any altered field, a key that is not published, or a mangled signature', () => {
    for (const altered of [
      { organization: 'org_2' },
      { seq: 201 },
      { headHash: 'b'.repeat(64) },
      { at: '2026-12-05T09:00:01.000Z' },
      { kid: next.kid },
      { signature: 'AAAA' },
    ]) {
      expect(checkpointSignatureValid({ ...cp, ...altered }, [key.publicJwk, next.publicJwk]), JSON.stringify(altered)).toBe(false);
    }
    expect(checkpointSignatureValid(cp, [next.publicJwk])).toBe(false);
  });

  it('reads a checkpoint file and refuses what is not one', () => {
    expect(parseCheckpoint(JSON.parse(JSON.stringify(cp)))).toEqual(cp);
    for (const bad of [
      null,
      [],
      'x',
      { ...cp, seq: '200' },
      { ...cp, seq: 0 },
      { ...cp, headHash: 'A'.repeat(64) },
      { ...cp, kid: '' },
      { ...cp, signature: undefined },
    ]) {
      expect(parseCheckpoint(bad)).toBeUndefined();
    }
    expect(checkpointFileName(cp)).toBe('checkpoint-org_1-200.json');
  });
});
