// The lists the domain derives from the registry are the ones it used to write out: the
// offering order is the contract's METHODS, backup codes make nobody enrolled and never
// confirm a factor change (C8), and exactly the contract's CHALLENGE_METHODS open a challenge.
import { describe, expect, it } from 'vitest';
import { CHALLENGE_METHODS, METHODS } from '../http/contract/methods.ts';
import type { FactorsDeps } from './deps.ts';
import type { MethodStrategy } from './factor.ts';
import { createMethodRegistry } from './registry.ts';

// Building the strategies touches none of their dependencies.
const deps = { secretBox: {}, hmacKey: new Uint8Array(32), webauthn: { rpId: 'localhost', rpName: 'Signoff', origin: 'http://localhost' } } as unknown as FactorsDeps;

describe('the method registry', () => {
  const registry = createMethodRegistry(deps);

  it('offers the contract methods in the contract order', () => {
    expect(registry.methods).toEqual(METHODS);
  });

  it('derives primary factor types and factor-change methods from the strategies, without backup codes (C8)', () => {
    expect(registry.primaryTypes).toEqual(['totp', 'email', 'webauthn']);
    expect(registry.factorChangeMethods).toEqual(['totp', 'email_code', 'webauthn']);
    expect(registry.isPrimaryType('backup_codes')).toBe(false);
  });

  it('has a challenge opener for exactly the contract challenge methods', () => {
    expect(registry.strategies.filter((s) => s.openChallenge).map((s) => s.method)).toEqual(CHALLENGE_METHODS);
  });

  it('refuses a second strategy for a method it has', () => {
    const again = { ...registry.get('totp')! } satisfies MethodStrategy;
    expect(() => createMethodRegistry(deps, [again])).toThrow(/Two second-factor strategies for the method totp/);
  });
});
