// Attacks on adding an email address as a second factor (docs/security.md D8, D9), once per
// dialect: a pending address verifies nothing, only its own code confirms it, and the code
// goes to exactly the canonical address that was stored.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../../test/support/rows.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { createMail, type Mail } from '../../mail/index.ts';
import { manualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { connectDatabase, type Database } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { findFactor } from '../factors.store.ts';
import { confirmEmailFactor, startEmailFactor } from './enroll-email.ts';
import { createEmailCodeMethod } from './email-code.factor.ts';
import { emailedCode } from './emailed-code.test-support.ts';

const MINUTE = 60_000;

describe.each(DIALECTS)('%s: email factor enrollment', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let mail: Mail;
  let orgId: OrgId;
  const clock = manualClock(Date.UTC(2026, 3, 1, 9));
  const hmacKey = randomBytes(32);
  const deps = () => ({ hmacKey, mail, siteName: 'Acme Signoff' });

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    const config = loadConfig({ ...tdb.env, SIGNOFF_SITE_NAME: 'Acme Signoff', SIGNOFF_BASE_URL: 'https://signoff.example.test' });
    database = connectDatabase(config.database);
    await migrateToLatest(database.db);
    mail = createMail({ db: database.db, dialect, clock, config, instanceId: 'test' });
    orgId = newId<OrgId>('org');
    await database.db.insertInto('organizations').values({ id: orgId, slug: orgId, name: 'Acme', settings: '{}', created_at: 0 }).execute();
  });
  afterAll(async () => {
    await database?.close();
    await tdb?.drop();
  });

  async function newUser(): Promise<{ orgId: OrgId; userId: UserId; name: string }> {
    return { orgId, userId: await insertUser(database.db, orgId), name: 'Ada' };
  }

  /** Starts the setup, then finds the mail that carries the confirmation code. */
  async function start(user: { orgId: OrgId; userId: UserId; name: string }, email: string) {
    const started = await database.db.transaction().execute((tx) => startEmailFactor(tx, deps(), user, email, clock.now()));
    return { ...started, ...(await emailedCode(database.db, hmacKey, started.challengeId)) };
  }

  const confirm = (user: { orgId: OrgId; userId: UserId }, factorId: FactorId, code: string) =>
    database.db.transaction().execute((tx) => confirmEmailFactor(tx, { hmacKey }, user, factorId, code, clock.now()));

  const otherCode = (code: string) => String((Number(code) + 1) % 1e6).padStart(6, '0');

  // @see docs/security.md#d-emailed-codes D9
  it('stores the trimmed, lowercased address and sends the confirmation code there', async () => {
    const user = await newUser();
    const started = await start(user, '  Ada.Backup@Example.TEST ');
    const factor = await findFactor(database.db, user.userId, started.id);
    expect(factor).toMatchObject({ type: 'email', status: 'pending', email: 'ada.backup@example.test', label: 'ada.backup@example.test' });
    expect(started.to).toBe('ada.backup@example.test');
    expect(started.text).toContain('confirm this address as a second factor for Acme Signoff');
  });

  // @see docs/security.md#d-emailed-codes D9
  it.each([
    '"e@attacker.com"@victim.com',
    'victim＠attacker.com',
    'victim@example.test, attacker@evil.test',
    'victim@example.test\r\nBcc: attacker@evil.test',
    'Victim <attacker@evil.test>',
  ])('refuses %j and sends nothing', async (address) => {
    const user = await newUser();
    const before = (await database.db.selectFrom('mail_outbox').select('id').execute()).length;
    await expect(database.db.transaction().execute((tx) => startEmailFactor(tx, deps(), user, address, clock.now()))).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(await database.db.selectFrom('mail_outbox').select('id').execute()).toHaveLength(before);
    expect(await database.db.selectFrom('factors').select('id').where('user_id', '=', user.userId).execute()).toHaveLength(0);
  });

  // @see docs/security.md#d-emailed-codes D8, D2
  it('activates the factor with its code, once', async () => {
    const user = await newUser();
    const started = await start(user, 'ada.once@example.test');
    expect(await confirm(user, started.id, started.code)).toBe(started.id);
    expect((await findFactor(database.db, user.userId, started.id))?.status).toBe('active');
    expect(await confirm(user, started.id, started.code)).toBeUndefined();
  });

  // @see docs/security.md#d-emailed-codes D8, D2
  it('lets exactly one of 20 concurrent confirmations through', async () => {
    const user = await newUser();
    const started = await start(user, 'ada.burst@example.test');
    const results = await Promise.all(Array.from({ length: 20 }, () => confirm(user, started.id, started.code)));
    expect(results.filter(Boolean)).toEqual([started.id]);
  });

  // @see docs/security.md#d-emailed-codes D8, D1; docs/security.md#h-enrollment-factor-changes-and-recovery H5
  it("refuses a wrong code, another user's factor, an expired code and a malformed one", async () => {
    const [ada, eve] = [await newUser(), await newUser()];
    const started = await start(ada, 'ada.refuse@example.test');
    expect(await confirm(ada, started.id, otherCode(started.code))).toBeUndefined();
    expect(await confirm(eve, started.id, started.code)).toBeUndefined();
    expect(await confirm({ orgId: newId<OrgId>('org'), userId: ada.userId }, started.id, started.code)).toBeUndefined();
    expect(await confirm(ada, started.id, ` ${started.code}`)).toBeUndefined();
    expect(await confirm(ada, 'x'.repeat(10_000) as FactorId, started.code)).toBeUndefined();
    expect((await findFactor(database.db, ada.userId, started.id))?.status).toBe('pending');
    clock.advance(10 * MINUTE);
    expect(await confirm(ada, started.id, started.code)).toBeUndefined();
    expect((await findFactor(database.db, ada.userId, started.id))?.status).toBe('pending');
  });

  // @see docs/security.md#d-emailed-codes D8, D5
  it('replaces the pending factor when setup starts again for the same address, voiding its code', async () => {
    const user = await newUser();
    const first = await start(user, 'ada.again@example.test');
    const second = await start(user, 'ADA.again@example.test');
    expect(await findFactor(database.db, user.userId, first.id)).toBeUndefined();
    expect(await confirm(user, first.id, first.code)).toBeUndefined();
    expect(await confirm(user, second.id, first.code === second.code ? otherCode(first.code) : first.code)).toBeUndefined();
    expect(await confirm(user, second.id, second.code)).toBe(second.id);
  });

  // @see docs/security.md#d-emailed-codes D8
  it('verifies nothing with a pending address, even with its right confirmation code', async () => {
    const user = await newUser();
    const started = await start(user, 'ada.pending@example.test');
    const method = createEmailCodeMethod({ hmacKey } as unknown as Parameters<typeof createEmailCodeMethod>[0]);
    for (const [purpose, binding] of [
      ['factor_change', `confirm-email:${started.id}`],
      ['login', 'login:ses_1'],
    ] as const) {
      const outcome = await method.check(
        database.db,
        {
          orgId,
          userId: user.userId,
          purpose,
          binding,
          proof: { method: 'email_code', challengeId: started.challengeId, code: started.code },
        },
        clock.now(),
      );
      expect(outcome).toEqual({ ok: false, factorId: undefined });
    }
    expect(await confirm(user, started.id, started.code)).toBe(started.id);
  });
});
