// @see NIST SP 800-63B §3.1.1.2 (docs/security.md B): compare new passwords against values known
// from breaches and built from context, and tell the person which rule failed.
import { describe, expect, it } from 'vitest';
import { Problem } from '../platform/problems.ts';
import { assertPasswordAcceptable, passwordRefusal } from './password-policy.ts';

const quinn = { email: 'quinn@acme.test', name: 'Quinn Quality' };

describe('password policy', () => {
  it('accepts long unrelated words', () => {
    expect(passwordRefusal('paperwork goes through workflows', quinn)).toBeUndefined();
    expect(passwordRefusal('correct horse battery staple', quinn)).toBeUndefined();
  });

  it('refuses leaked passwords, also with digits or symbols added at either end', () => {
    expect(passwordRefusal('1qaz2wsx3edc4rfv', quinn)).toBe('breached');
    expect(passwordRefusal('PasswordPassword', quinn)).toBe('breached');
    expect(passwordRefusal('password12345', quinn)).toBe('breached_with_additions');
    expect(passwordRefusal('!!Sunshine2026!!', quinn)).toBe('breached_with_additions');
  });

  it('names the personal-details rule for a password built from the name, not length', () => {
    expect(passwordRefusal('Quinn-Quality-Pass-1', quinn)).toBe('contains_personal_details');
    expect(passwordRefusal('my name is quality control', quinn)).toBe('contains_personal_details');
  });

  it('refuses short, over-long and single-character passwords with their own rule', () => {
    expect(passwordRefusal('short', quinn)).toBe('too_short');
    expect(passwordRefusal('x'.repeat(257), quinn)).toBe('too_long');
    expect(passwordRefusal('zzzzzzzzzzzzzz', quinn)).toBe('repeated_character');
  });

  it('throws password_too_weak with the rule and a field pointer', () => {
    const err = (() => {
      try {
        assertPasswordAcceptable('password12345', quinn);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).code).toBe('password_too_weak');
    expect((err as Problem).extensions).toMatchObject({ rule: 'breached_with_additions', errors: [{ pointer: '#/password' }] });
    expect((err as Problem).detail).toMatch(/leaked/);
  });
});
