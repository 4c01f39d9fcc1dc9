// Attacks on backup codes (docs/security.md C2–C4, C6, C9; H5 and B3: another user's set, or a
// disabled one, proves nothing), once per dialect. Every use runs the way verify-second-factor.ts
// runs it: check outside any transaction, then consume inside one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../../test/support/rows.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { hashPassword } from '../../platform/crypto/password.ts';
import { loadConfig } from '../../platform/config.ts';
import { connectDatabase, type Database } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { newId, type OrgId, type UserId } from '../../platform/ids.ts';
import type { VerifyInput } from '../factor.ts';
import { disableFactor, findFactorOfType } from '../factors.store.ts';
import { createBackupCodeMethod } from './backup-codes.factor.ts';
import { countRemainingBackupCodes, prepareBackupCodes, replaceBackupCodes } from './generate-backup-codes.ts';

const NOW = Date.UTC(2026, 3, 1, 9);
const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

describe.each(DIALECTS)('%s: backup codes', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let orgId: OrgId;
  // Only check() runs here: onVerified's audit and mail are the pipeline's tests'.
  const method = createBackupCodeMethod({} as Parameters<typeof createBackupCodeMethod>[0]);

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    database = connectDatabase(loadConfig(tdb.env).database);
    await migrateToLatest(database.db);
    orgId = newId<OrgId>('org');
    await database.db.insertInto('organizations').values({ id: orgId, slug: orgId, name: 'Acme', settings: '{}', created_at: 0 }).execute();
  });
  afterAll(async () => {
    await database?.close();
    await tdb?.drop();
  });

  const newUser = () => insertUser(database.db, orgId);

  async function issue(userId: UserId, hashes?: string[]) {
    const prepared = hashes ? { codes: [], hashes } : await prepareBackupCodes();
    const factorId = await database.db.transaction().execute((tx) => replaceBackupCodes(tx, { orgId, userId }, prepared.hashes, NOW));
    return { factorId, codes: prepared.codes };
  }

  const input = (userId: UserId, code: string): VerifyInput => ({
    orgId,
    userId,
    purpose: 'login',
    binding: `login:ses_${userId}`,
    proof: { method: 'backup_code', code },
  });

  async function use(userId: UserId, code: string): Promise<boolean> {
    const outcome = await method.check(database.db, input(userId, code), NOW);
    if (!outcome.ok) return false;
    return database.db.transaction().execute((tx) => outcome.consume(tx, NOW));
  }

  // @see docs/security.md#c-backup-codes C2
  it('accepts a code once, refuses it afterwards exactly like a wrong one, and counts 10 → 9', async () => {
    const userId = await newUser();
    const { factorId, codes } = await issue(userId);
    expect(await countRemainingBackupCodes(database.db, userId)).toBe(10);

    expect(await use(userId, codes[0]!)).toBe(true);
    expect(await countRemainingBackupCodes(database.db, userId)).toBe(9);

    const reused = await method.check(database.db, input(userId, codes[0]!), NOW);
    const wrong = await method.check(database.db, input(userId, codes[0] === '00000000' ? '00000001' : '00000000'), NOW);
    expect(reused).toEqual({ ok: false, factorId });
    expect(wrong).toEqual(reused);
    expect(await use(userId, codes[1]!)).toBe(true);
    expect(await countRemainingBackupCodes(database.db, userId)).toBe(8);
  });

  // @see docs/security.md#c-backup-codes C3
  it('lets exactly one of 20 concurrent uses of one code through', async () => {
    const userId = await newUser();
    const { codes } = await issue(userId);
    const results = await Promise.all(Array.from({ length: 20 }, () => use(userId, codes[3]!)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await countRemainingBackupCodes(database.db, userId)).toBe(9);
  });

  // @see docs/security.md#c-backup-codes C4
  it('stores salted argon2id PHC strings, so two users holding the same code have different hashes', async () => {
    const [ada, bob] = [await newUser(), await newUser()];
    const { codes } = await issue(ada);
    // Bob's set holds the very same codes, hashed again.
    const bobHashes: string[] = [];
    for (const code of codes) bobHashes.push(await hashPassword(code));
    await issue(bob, bobHashes);

    const rows = await database.db.selectFrom('backup_codes').select(['user_id', 'code_hash']).where('user_id', 'in', [ada, bob]).execute();
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      expect(r.code_hash).toMatch(ARGON2ID_PHC);
      for (const code of codes) expect(r.code_hash).not.toContain(code);
    }
    const adaHashes = new Set(rows.filter((r) => r.user_id === ada).map((r) => r.code_hash));
    expect(rows.filter((r) => r.user_id === bob).some((r) => adaHashes.has(r.code_hash))).toBe(false);
    expect(await use(bob, codes[0]!)).toBe(true);
  });

  // @see docs/security.md#c-backup-codes C6
  it('voids every old code at once when the codes are regenerated', async () => {
    const userId = await newUser();
    const old = await issue(userId);
    const fresh = await issue(userId);
    const outcomes = await Promise.all(old.codes.map((code) => method.check(database.db, input(userId, code), NOW)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(0);
    const sets = await database.db.selectFrom('factors').select('id').where('user_id', '=', userId).where('type', '=', 'backup_codes').execute();
    expect(sets).toEqual([{ id: fresh.factorId }]);
    expect(await countRemainingBackupCodes(database.db, userId)).toBe(10);
    expect(await use(userId, fresh.codes[0]!)).toBe(true);
  });

  // @see docs/security.md#c-backup-codes C6
  it('refuses to spend an old code checked just before a regeneration', async () => {
    const userId = await newUser();
    const old = await issue(userId);
    const outcome = await method.check(database.db, input(userId, old.codes[0]!), NOW);
    expect(outcome.ok).toBe(true);
    await issue(userId);
    expect(outcome.ok && (await database.db.transaction().execute((tx) => outcome.consume(tx, NOW)))).toBe(false);
  });

  // @see docs/security.md#c-backup-codes C6
  it('leaves exactly one set of 10 when eight regenerations race', async () => {
    const userId = await newUser();
    await issue(userId);
    const sets = await Promise.all(Array.from({ length: 8 }, () => prepareBackupCodes()));
    await Promise.all(sets.map((set) => issue(userId, set.hashes)));
    const factors = await database.db.selectFrom('factors').select('id').where('user_id', '=', userId).where('type', '=', 'backup_codes').execute();
    expect(factors).toHaveLength(1);
    const codeRows = await database.db.selectFrom('backup_codes').select('id').where('user_id', '=', userId).execute();
    expect(codeRows).toHaveLength(10);
    let working = 0;
    for (const set of sets) if (await use(userId, set.codes[0]!)) working++;
    expect(working).toBe(1);
  });

  // @see docs/security.md#c-backup-codes C9
  it('accepts a code typed with a dash or a space, and refuses 12345678x as a wrong code without throwing', async () => {
    const userId = await newUser();
    const { factorId, codes } = await issue(userId);
    const [c0, c1] = [codes[0]!, codes[1]!];
    expect(await use(userId, `${c0.slice(0, 4)}-${c0.slice(4)}`)).toBe(true);
    expect(await use(userId, `${c1.slice(0, 4)} ${c1.slice(4)}`)).toBe(true);
    for (const typed of ['12345678x', `${codes[2]!}x`, '', '<script>', 'x'.repeat(10_000)]) {
      await expect(method.check(database.db, input(userId, typed), NOW)).resolves.toEqual({ ok: false, factorId });
    }
    await expect(method.check(database.db, { ...input(userId, ''), proof: { method: 'backup_code' } }, NOW)).resolves.toEqual({ ok: false, factorId });
  });

  // @see docs/security.md#h-enrollment-factor-changes-and-recovery H5
  it("refuses another user's code and verifies nothing for a user of another organisation", async () => {
    const [ada, bob] = [await newUser(), await newUser()];
    await issue(ada);
    const bobs = await issue(bob);
    expect(await use(ada, bobs.codes[0]!)).toBe(false);
    const otherOrg = { ...input(bob, bobs.codes[0]!), orgId: newId<OrgId>('org') };
    expect(await method.check(database.db, otherOrg, NOW)).toEqual({ ok: false, factorId: undefined });
    await expect(database.db.transaction().execute((tx) => replaceBackupCodes(tx, { orgId: otherOrg.orgId, userId: bob }, bobs.codes, NOW))).rejects.toThrow(
      TypeError,
    );
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B3
  it('verifies nothing once the set is disabled, and is not usable then', async () => {
    const userId = await newUser();
    const { factorId, codes } = await issue(userId);
    const outcome = await method.check(database.db, input(userId, codes[0]!), NOW);
    expect(await method.isUsable!(database.db, userId)).toBe(true);
    await disableFactor(database.db, factorId, NOW);
    expect(await method.check(database.db, input(userId, codes[1]!), NOW)).toEqual({ ok: false, factorId: undefined });
    expect(outcome.ok && (await database.db.transaction().execute((tx) => outcome.consume(tx, NOW)))).toBe(false);
    expect(await method.isUsable!(database.db, userId)).toBe(false);
    expect(await findFactorOfType(database.db, userId, 'backup_codes', 'active')).toBeUndefined();
  });
});
