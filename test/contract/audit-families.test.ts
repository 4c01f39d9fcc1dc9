// The audit page's event families: the contract's list is the domain's, and every event type of
// the catalogue belongs to exactly one family, so a family filter can never hide an event kind.
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENTS } from '../../src/audit/events.ts';
import { AUDIT_FAMILIES, AUDIT_FAMILY_KEYS as DOMAIN_KEYS, familiesForWords, typesForTerm } from '../../src/audit/families.ts';
import { AUDIT_FAMILY_KEYS as CONTRACT_KEYS } from '../../src/http/contract/audit.ts';

describe('audit event families', () => {
  it('are the same list in the HTTP contract and the audit domain', () => {
    expect([...CONTRACT_KEYS]).toEqual(DOMAIN_KEYS);
  });

  it('put every event type in exactly one family', () => {
    const all = Object.values(AUDIT_FAMILIES).flatMap((f) => [...f.types]);
    expect(all.slice().sort()).toEqual(Object.keys(AUDIT_EVENTS).sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it('map the words people use, whatever their case and spacing', () => {
    expect(familiesForWords('login')).toEqual(['sign_in']);
    expect(familiesForWords('  Sign In ')).toEqual(['sign_in']);
    expect(familiesForWords('2FA')).toEqual(['two_factor']);
    expect(familiesForWords('passkey, e-signature')).toEqual(['two_factor', 'signature']);
    expect(familiesForWords('approval')).toEqual(['approval']);
    expect(familiesForWords('password')).toEqual(['password']);
    expect(familiesForWords('settings')).toEqual(['settings']);
    expect(familiesForWords('guest')).toEqual(['guest']);
    expect(familiesForWords('two_factor')).toEqual(['two_factor']);
    expect(familiesForWords('banana')).toEqual([]);
  });

  it('also take an event type or a type prefix, and nothing that is not one', () => {
    expect(typesForTerm('login.failed')).toEqual(['login.failed']);
    expect(typesForTerm('guest')).toEqual(expect.arrayContaining(['guest.invited', 'guest.verified']));
    expect(typesForTerm('login.fail')).toEqual([]);
    expect(typesForTerm("x' or 1=1")).toEqual([]);
  });
});
