// docs/security.md C1 and C4 without a database: the codes' format, uniqueness and spread, and
// their hashes (salted argon2id, one PHC string per code).
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../platform/crypto/password.ts';
import { BACKUP_CODE_COUNT, drawBackupCodes, prepareBackupCodes } from './generate-backup-codes.ts';

const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/;

describe('drawBackupCodes', () => {
  it('draws 10 distinct 8-digit codes in each of 1000 sets, with every digit about equally often', () => {
    const digits = new Array<number>(10).fill(0);
    const firstDigits = new Array<number>(10).fill(0);
    for (let i = 0; i < 1000; i++) {
      const set = drawBackupCodes();
      expect(set).toHaveLength(BACKUP_CODE_COUNT);
      expect(new Set(set).size).toBe(BACKUP_CODE_COUNT);
      for (const code of set) {
        expect(code).toMatch(/^\d{8}$/);
        for (const d of code) digits[Number(d)]!++;
        firstDigits[Number(code[0])]!++;
      }
    }
    // 80 000 digits: 8 000 expected per value, standard deviation about 85.
    for (const n of digits) expect(Math.abs(n - 8000)).toBeLessThan(600);
    // Leading zeros are codes like any other (1 000 expected, sd about 30).
    for (const n of firstDigits) expect(Math.abs(n - 1000)).toBeLessThan(200);
  });
});

describe('prepareBackupCodes', () => {
  it('hashes each code with argon2id under its own salt, and each hash verifies only its code', async () => {
    const { codes, hashes } = await prepareBackupCodes();
    expect(codes).toHaveLength(10);
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(h).toMatch(ARGON2ID_PHC);
    const salts = hashes.map((h) => h.split('$')[4]);
    expect(new Set(salts).size).toBe(10);
    expect(hashes.some((h, i) => h.includes(codes[i]!))).toBe(false);
    expect(await verifyPassword(hashes[0]!, codes[0]!)).toBe(true);
    expect(await verifyPassword(hashes[0]!, codes[1]!)).toBe(false);
  });
});
