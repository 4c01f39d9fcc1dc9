// The lists the domain derives from the registry are the ones it used to write out: the
// offering order is the contract's METHODS, backup codes make nobody enrolled and never
// confirm a factor change (C8), and exactly the contract's CHALLENGE_METHODS open a challenge.
import { describe, expect, it } from 'vitest';
import { CHALLENGE_METHODS, METHODS } from '../http/contract/methods.ts';
import type { FactorsDeps } from './deps.ts';
import type { Method, MethodEnrollment, MethodStrategy } from './factor.ts';
import { createMethodRegistry } from './registry.ts';

// Building the strategies touches none of their dependencies.
const deps = {
  secretBox: {},
  hmacKey: new Uint8Array(32),
  webauthn: { rpId: 'localhost', rpName: 'Signoff', origin: 'http://localhost' },
} as unknown as FactorsDeps;

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

  it('sets up every primary method through its strategy, and backup codes through none (they come with the first primary factor)', () => {
    expect(registry.strategies.filter((s) => s.enroll).map((s) => s.method)).toEqual(['totp', 'email_code', 'webauthn']);
    expect(registry.strategies.filter((s) => s.enroll?.finish).map((s) => s.method)).toEqual(['webauthn']);
  });

  it('refuses a setup that ends neither with a code nor with a credential, or with both', () => {
    const { start, confirm: maybeConfirm } = registry.get('totp')!.enroll!;
    const { finish: maybeFinish } = registry.get('webauthn')!.enroll!;
    const confirm = maybeConfirm!;
    const finish = maybeFinish!;
    const withSetup = (enroll: MethodEnrollment): MethodStrategy => ({
      ...registry.get('totp')!,
      method: 'throwaway' as Method,
      factorType: 'throwaway',
      enroll,
    });
    const contract = [...METHODS, 'throwaway'];
    expect(() => createMethodRegistry(deps, [withSetup({ start })], contract)).toThrow(
      /throwaway: a setup ends with enroll.confirm \(a code\) or enroll.finish \(a credential\), one of the two/,
    );
    expect(() => createMethodRegistry(deps, [withSetup({ start, confirm, finish })], contract)).toThrow(/one of the two/);
    expect(createMethodRegistry(deps, [withSetup({ start, confirm })], contract).get('throwaway')).toBeDefined();
  });

  it('refuses, when it is built, a method the HTTP contract does not name (its users would get 500 on GET /items/{id})', () => {
    const outside = { ...registry.get('totp')!, method: 'carrier_pigeon' } as unknown as MethodStrategy;
    expect(() => createMethodRegistry(deps, [outside])).toThrow(/carrier_pigeon is not one of the API's methods .*src\/http\/contract\/methods\.ts/);
  });

  it('accepts a method beyond METHODS only where the contract it is given names it', () => {
    const outside = { ...registry.get('totp')!, method: 'carrier_pigeon' } as unknown as MethodStrategy;
    expect(createMethodRegistry(deps, [outside], [...METHODS, 'carrier_pigeon']).methods).toEqual([...METHODS, 'carrier_pigeon']);
    expect(() =>
      createMethodRegistry(
        deps,
        [],
        METHODS.filter((m) => m !== 'webauthn'),
      ),
    ).toThrow(/webauthn is not one of the API's methods/);
  });

  it('refuses a second strategy for a method it has', () => {
    const again = { ...registry.get('totp')! } satisfies MethodStrategy;
    expect(() => createMethodRegistry(deps, [again])).toThrow(/Two second-factor strategies for the method totp/);
  });
});
