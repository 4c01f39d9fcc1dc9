// Registering, listing and renaming passkeys, and the options both ceremonies hand the browser,
// with Chromium's virtual authenticator (CDP) behind @simplewebauthn/browser, on both dialects.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser } from '../../../test/support/browser.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { manualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { connectDatabase, type Database } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { CHALLENGE_TTL_MS } from '../challenges.ts';
import { deleteFactor, disableFactor, insertFactor } from '../factors.store.ts';
import { finishPasskeyRegistration, renamePasskey, startPasskeyRegistration } from './register-passkey.ts';
import { startWebauthnAssertion } from './start-assertion.ts';
import { openPasskeyDevice, servePasskeyPage, type PasskeyDevice } from '../../../test/support/webauthn.ts';
import { userHandleOf } from './webauthn-config.ts';
import type { ChallengeId } from '../../platform/ids.ts';
import { insertUser } from '../../../test/support/rows.ts';
import { simpleWebAuthn } from './library.ts';

/** Loaded before any ceremony's transaction, as the server does. */
const library = await simpleWebAuthn();

describe.skipIf(!HAS_CHROMIUM).each(DIALECTS)('%s: passkey registration', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof servePasskeyPage>>;
  let phishing: Awaited<ReturnType<typeof servePasskeyPage>>;
  let origin: string;
  let device: PasskeyDevice;
  const clock = manualClock(Date.UTC(2026, 10, 1));
  const orgId = newId<OrgId>('org');
  const deps = () => ({ webauthn: { rpId: 'localhost', rpName: 'Signoff test', origin } });

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    database = connectDatabase(loadConfig(tdb.env).database);
    await migrateToLatest(database.db);
    await database.db
      .insertInto('organizations')
      .values({ id: orgId, slug: `acme-${orgId.slice(-6)}`, name: 'Acme', settings: '{}', created_at: clock.now() })
      .execute();
    [pages, phishing] = await Promise.all([servePasskeyPage(), servePasskeyPage()]);
    origin = `http://localhost:${pages.port}`;
    browser = await launchBrowser();
    device = await openPasskeyDevice(browser, origin);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([pages?.close(), phishing?.close()]);
    await database?.close();
    await tdb?.drop();
  });

  function newUser(): Promise<UserId> {
    const id = newId<UserId>('usr');
    return insertUser(database.db, orgId, { id, email: `${id}@acme.test`, name: 'Reviewer', userType: 'staff', createdAt: clock.now() });
  }
  const start = (userId: UserId) =>
    database.db
      .transaction()
      .execute((tx) => startPasskeyRegistration(tx, deps(), { orgId, userId, email: `${userId}@acme.test`, name: 'Rita Reviewer' }, clock.now(), library));
  const finish = (userId: UserId, challengeId: ChallengeId, credential: unknown, label = 'YubiKey') =>
    finishPasskeyRegistration(database.db, deps(), { orgId, userId }, { challengeId, credential, label }, clock.now());
  async function register(on: PasskeyDevice, userId: UserId, label = 'YubiKey') {
    const started = await start(userId);
    const made = await on.create(started.options);
    if (!made.ok) throw new Error(made.error);
    return { id: await finish(userId, started.challengeId, made.value, label), response: made.value };
  }
  const passkeysOf = (userId: UserId) =>
    database.db.selectFrom('factors').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('label').execute();
  const bytes = (b64url: string) => Buffer.from(b64url, 'base64url').length;

  it('registers several passkeys per user as active factors, excluding the ones already registered', async () => {
    const alice = await newUser();
    const first = await register(device, alice, 'YubiKey');
    expect(first.id).toBeDefined();
    const again = await start(alice);
    expect(again.options).toMatchObject({
      rp: { id: 'localhost', name: 'Signoff test' },
      user: { id: userHandleOf(alice), name: `${alice}@acme.test`, displayName: 'Rita Reviewer' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      excludeCredentials: [expect.objectContaining({ id: first.response.id })],
    });
    expect(bytes(again.options.challenge)).toBe(32);
    // The browser refuses to register the same authenticator twice.
    expect(await device.create(again.options)).toMatchObject({ ok: false, error: expect.stringMatching(/InvalidStateError/) });
    const laptop = await openPasskeyDevice(browser, origin);
    try {
      const second = await register(laptop, alice, 'MacBook');
      expect(second.id).toBeDefined();
    } finally {
      await laptop.close();
    }
    const rows = await passkeysOf(alice);
    expect(rows.map((r) => [r.type, r.status, r.label, r.activated_at])).toEqual([
      ['webauthn', 'active', 'MacBook', clock.now()],
      ['webauthn', 'active', 'YubiKey', clock.now()],
    ]);
    expect(rows.every((r) => r.public_key && r.credential_id && r.sign_count !== null && JSON.parse(r.transports!).includes('internal'))).toBe(true);
  });

  it("opens assertion options with the user's active passkeys only, UV required and a 32-byte challenge", async () => {
    const alice = await newUser();
    const input = { orgId, userId: alice, purpose: 'login' as const, binding: `login:${alice}` };
    expect(await database.db.transaction().execute((tx) => startWebauthnAssertion(tx, deps(), input, clock.now(), library))).toBeUndefined();
    const kept = await register(device, alice, 'YubiKey');
    const other = await openPasskeyDevice(browser, origin);
    const dropped = await register(other, alice, 'Old key').finally(() => other.close());
    await disableFactor(database.db, dropped.id!, clock.now());
    const started = await database.db.transaction().execute((tx) => startWebauthnAssertion(tx, deps(), input, clock.now(), library));
    expect(started!.options).toMatchObject({
      rpId: 'localhost',
      userVerification: 'required',
      allowCredentials: [expect.objectContaining({ id: kept.response.id, type: 'public-key' })],
    });
    expect(started!.options.allowCredentials).toHaveLength(1);
    expect(bytes(started!.options.challenge)).toBe(32);
    const row = await database.db.selectFrom('challenges').selectAll().where('id', '=', started!.challengeId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      method: 'webauthn',
      purpose: 'login',
      binding: `login:${alice}`,
      webauthn_challenge: started!.options.challenge,
      expires_at: clock.now() + CHALLENGE_TTL_MS,
      consumed_at: null,
    });
  });

  it('refuses a registration response sent twice', async () => {
    const alice = await newUser();
    const started = await start(alice);
    const made = await device.create(started.options);
    expect(await finish(alice, started.challengeId, made.ok && made.value)).toBeDefined();
    expect(await finish(alice, started.challengeId, made.ok && made.value)).toBeUndefined();
    expect(await passkeysOf(alice)).toHaveLength(1);
  });

  it('refuses a credential id that another user registered, though attestation none signs no client data', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const original = await register(device, alice);
    // With attestation `none` nothing signs clientDataJSON: Bob can replay Alice's
    // attestationObject (her credential id and public key) under his own challenge.
    const claim = async () => {
      const started = await start(bob);
      const clientDataJSON = Buffer.from(
        JSON.stringify({ type: 'webauthn.create', challenge: started.options.challenge, origin, crossOrigin: false }),
      ).toString('base64url');
      const resp = original.response as { response: Record<string, unknown> };
      return finish(bob, started.challengeId, { ...original.response, response: { ...resp.response, clientDataJSON } });
    };
    expect(await claim()).toBeUndefined();
    expect(await passkeysOf(bob)).toHaveLength(0);
    // Control: only the uniqueness of credential ids stood in the way.
    await deleteFactor(database.db, original.id!);
    expect(await claim()).toBeDefined();
  });

  it('refuses a registration made on another origin', async () => {
    const alice = await newUser();
    const started = await start(alice);
    await device.goto(`http://localhost:${phishing.port}`);
    try {
      const made = await device.create(started.options);
      expect(made.ok).toBe(true);
      expect(await finish(alice, started.challengeId, made.ok && made.value)).toBeUndefined();
    } finally {
      await device.goto(origin);
    }
  });

  it('refuses a registration without user verification', async () => {
    const alice = await newUser();
    const noPin = await openPasskeyDevice(browser, origin, { hasUserVerification: false });
    try {
      const started = await start(alice);
      expect(await noPin.create(started.options)).toMatchObject({ ok: false, error: expect.stringMatching(/NotAllowedError/) });
      const downgraded = structuredClone(started.options);
      downgraded.authenticatorSelection!.userVerification = 'preferred';
      const made = await noPin.create(downgraded);
      expect(made.ok).toBe(true);
      expect(await finish(alice, started.challengeId, made.ok && made.value)).toBeUndefined();
    } finally {
      await noPin.close();
    }
  });

  it("refuses an expired registration challenge and another user's challenge", async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const forAlice = await start(alice);
    const made = await device.create(forAlice.options);
    expect(await finish(bob, forAlice.challengeId, made.ok && made.value)).toBeUndefined();
    clock.advance(11 * 60_000);
    expect(await finish(alice, forAlice.challengeId, made.ok && made.value)).toBeUndefined();
  });

  it('refuses malformed responses and unacceptable labels without throwing', async () => {
    const alice = await newUser();
    for (const label of ['', '   ', 'x'.repeat(65), 'bad\u0000label']) {
      const started = await start(alice);
      const made = await device.create(started.options);
      await expect(finish(alice, started.challengeId, made.ok && made.value, label)).resolves.toBeUndefined();
    }
    const started = await start(alice);
    const made = await device.create(started.options);
    const real = (made.ok ? made.value : {}) as { response: Record<string, unknown> };
    for (const credential of [
      undefined,
      null,
      'x',
      {},
      { ...real, rawId: 'AAAA' },
      { ...real, response: { ...real.response, attestationObject: 'AAAA' } },
      { ...real, response: { ...real.response, clientDataJSON: '!!' } },
    ]) {
      const again = await start(alice);
      await expect(finish(alice, again.challengeId, credential)).resolves.toBeUndefined();
    }
    await expect(finish(alice, 'chl_unknown' as ChallengeId, real)).resolves.toBeUndefined();
    expect(await passkeysOf(alice)).toHaveLength(0);
  });

  it("renames only the user's own passkey, to an acceptable label", async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const { id } = await register(device, alice);
    const totpId = newId<FactorId>('fac');
    await insertFactor(database.db, { id: totpId, org_id: orgId, user_id: alice, type: 'totp', status: 'active', label: 'Phone', created_at: clock.now() });
    expect(await renamePasskey(database.db, alice, id!, '  Work key  ')).toBe(true);
    expect(await renamePasskey(database.db, bob, id!, 'Mine now')).toBe(false);
    expect(await renamePasskey(database.db, alice, id!, ' ')).toBe(false);
    expect(await renamePasskey(database.db, alice, totpId, 'Key')).toBe(false);
    expect(await renamePasskey(database.db, alice, 'fac_unknown' as FactorId, 'Key')).toBe(false);
    expect((await passkeysOf(alice)).map((r) => r.label).sort()).toEqual(['Phone', 'Work key']);
  });

  it('runs `then` in the registration transaction, and registers nothing when it fails', async () => {
    const alice = await newUser();
    const started = await start(alice);
    const made = await device.create(started.options);
    await expect(
      finishPasskeyRegistration(
        database.db,
        deps(),
        { orgId, userId: alice },
        { challengeId: started.challengeId, credential: made.ok && made.value, label: 'Key' },
        clock.now(),
        async (tx, factorId) => {
          expect(await tx.selectFrom('factors').select('id').where('id', '=', factorId).executeTakeFirst()).toBeDefined();
          throw new Error('audit failed');
        },
      ),
    ).rejects.toThrow('audit failed');
    expect(await passkeysOf(alice)).toHaveLength(0);
  });
});
