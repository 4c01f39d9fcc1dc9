// docs/security.md C9: separators a person types are ignored; every other character makes the
// input a plain wrong code, never an exception.
import { describe, expect, it } from 'vitest';
import { normalizeBackupCode } from './normalize.ts';

describe('normalizeBackupCode', () => {
  it.each(['12345678', '1234-5678', '1234 5678', ' 1234 5678 ', '12-34-56-78', '1234\u00a05678', '1234\u20135678', '1234\t5678'])(
    'reads %j as 12345678',
    (typed) => {
      expect(normalizeBackupCode(typed)).toBe('12345678');
    },
  );

  it('keeps leading zeros', () => {
    expect(normalizeBackupCode('0000-0042')).toBe('00000042');
  });

  it.each([
    '12345678x',
    '1234567',
    '123456789',
    '',
    '--------',
    '1234_5678',
    '1234.5678',
    '１２３４５６７８',
    '١٢٣٤٥٦٧٨',
    '12345678\u0000',
    `1234${' '.repeat(80)}5678`,
  ])('refuses %j without throwing', (typed) => {
    expect(normalizeBackupCode(typed)).toBeUndefined();
  });

  it('refuses a value that is not a string without throwing', () => {
    expect(normalizeBackupCode(12345678 as unknown as string)).toBeUndefined();
  });
});
