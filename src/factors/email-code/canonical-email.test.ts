// docs/security.md D9: only plain addresses are stored, in one spelling, and nothing that a mail
// parser could read as another mailbox gets through.
import { describe, expect, it } from 'vitest';
import { canonicalEmail } from './canonical-email.ts';

describe('canonicalEmail', () => {
  it('trims and lowercases a plain address', () => {
    expect(canonicalEmail('  Ada.Backup+2fa@Example.TEST ')).toBe('ada.backup+2fa@example.test');
  });

  it.each([
    '"e@attacker.com"@victim.com',
    'victim＠attacker.com',
    'victim@attacker.com@victim.com',
    'a@b.test, c@d.test',
    'a@b.test\r\nBcc: c@d.test',
    'Ada <ada@example.test>',
    'ada(comment)@example.test',
    'ada@[127.0.0.1]',
    'ada@localhost',
    'adа@example.test',
    'ada@exаmple.test',
    '.ada@example.test',
    'ada.@example.test',
    'a..da@example.test',
    'ada@-example.test',
    '',
    '@example.test',
    'ada@',
    `${'a'.repeat(65)}@example.test`,
  ])('refuses %j', (address) => {
    expect(canonicalEmail(address)).toBeUndefined();
  });
});
