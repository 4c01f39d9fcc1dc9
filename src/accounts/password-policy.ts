// Which new passwords Signoff refuses, and why (NIST SP 800-63B §3.1.1.2): between 12 and 256
// characters, no composition rules, and never a value known from breaches, a common password
// with digits or symbols added at either end, one repeated character, or one built from the
// person's own name or email. Each refusal names the rule, so people know what to change.
import { createRequire } from 'node:module';
import type { dictionary as Dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../platform/crypto/password.ts';
import { Problem } from '../platform/problems.ts';

export type PasswordRule = 'too_short' | 'too_long' | 'breached' | 'breached_with_additions' | 'repeated_character' | 'contains_personal_details';

/**
 * The 49,000 most common passwords of the breach compilations that zxcvbn ships (the
 * "passwords-common" dictionary of @zxcvbn-ts/language-common), lower-cased. Loaded and built
 * on first use, synchronously (its CommonJS build), so a server that sets no password keeps the
 * dictionaries (~8 MB of heap) out of memory (issue 14).
 */
let breached: Set<string> | undefined;
const loadDictionary = () => (createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: typeof Dictionary }).dictionary;
const breachedPasswords = () => (breached ??= new Set(loadDictionary()['passwords-common'].map((p) => p.toLowerCase())));

const MESSAGES: Record<PasswordRule, string> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  breached: 'This password appears in lists of passwords leaked in data breaches: choose another.',
  breached_with_additions: 'This is a leaked password with digits or symbols added: attackers try those first. Choose another.',
  repeated_character: 'A single repeated character is easy to guess: choose another.',
  contains_personal_details: 'The password contains your name or email address: choose one that does not.',
};

/** The rule a new password breaks, or undefined when it is acceptable. */
export function passwordRefusal(password: string, person: { email: string; name: string }): PasswordRule | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (/^(.)\1+$/su.test(password)) return 'repeated_character';
  if (breachedPasswords().has(lower)) return 'breached';
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (core !== lower && core.length >= 4 && breachedPasswords().has(core)) return 'breached_with_additions';
  const personal = [person.email.split('@')[0] ?? '', person.name, ...person.name.split(/[\s._-]+/u), ...(person.email.split('@')[0] ?? '').split(/[._+-]+/u)];
  if (personal.some((p) => p.length >= 4 && lower.includes(p.toLowerCase()))) return 'contains_personal_details';
  return undefined;
}

/** Throws 422 password_too_weak naming the broken rule (`rule`, and a pointer to the field). */
export function assertPasswordAcceptable(password: string, person: { email: string; name: string }): void {
  const rule = passwordRefusal(password, person);
  if (!rule) return;
  throw new Problem('password_too_weak', { detail: MESSAGES[rule], extensions: { rule, errors: [{ pointer: '#/password', detail: MESSAGES[rule] }] } });
}
