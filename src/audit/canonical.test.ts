import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';

describe('canonical JSON', () => {
  it('encodes equal data identically whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } }));
  });

  it('drops undefined members and refuses values JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 'é"\n' })).toBe('{"b":"é\\"\\n"}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });
});

describe('audit entry hash', () => {
  const entry = {
    orgId: 'org_a',
    seq: 1,
    at: 1_700_000_000_000,
    type: 'login.succeeded',
    actorUserId: 'usr_a',
    actorLabel: 'a@x.test',
    targetType: 'user',
    targetId: 'usr_a',
    data: { method: 'password' },
    ip: '127.0.0.1',
    requestId: 'r1',
    prevHash: GENESIS_HASH,
  };

  it('is the SHA-256 of the canonical encoding', () => {
    expect(entryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...entry, data: { method: 'password' } })).toBe(entryHash(entry));
  });

  it('changes when any recorded field or the previous hash changes', () => {
    const base = entryHash(entry);
    for (const change of [
      { seq: 2 },
      { at: entry.at + 1 },
      { type: 'login.failed' },
      { actorUserId: null },
      { data: { method: 'sso' } },
      { ip: '10.0.0.1' },
      { prevHash: 'f'.repeat(64) },
    ]) {
      expect(entryHash({ ...entry, ...change })).not.toBe(base);
    }
  });
});
