// Attacks on passkey verification (docs/security.md E1–E7), each against the defence in
// webauthn.factor.ts, with real assertions from Chromium's virtual authenticator (CDP) driving
// @simplewebauthn/browser on http://localhost:<port>, on both dialects.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, HAS_CHROMIUM } from '../../../test/support/browser.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { manualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { connectDatabase, type Database } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { createRateLimiter } from '../../platform/rate-limit.ts';
import type { CheckOutcome, VerifyInput } from '../factor.ts';
import { disableFactor } from '../factors.store.ts';
import { finishPasskeyRegistration, startPasskeyRegistration } from './register-passkey.ts';
import { startWebauthnAssertion } from './start-assertion.ts';
import { FLAG_UP, FLAG_UV, credentialIdOf, openPasskeyDevice, servePasskeyPage, signAssertion, type PasskeyDevice } from '../../../test/support/webauthn.ts';
import { createWebauthnMethod } from './webauthn.factor.ts';
import type { ChallengeId } from '../../platform/ids.ts';
import { insertUser } from '../../../test/support/rows.ts';
import { simpleWebAuthn } from './library.ts';

/** Loaded before any ceremony's transaction, as the server does. */
const library = await simpleWebAuthn();

describe.skipIf(!HAS_CHROMIUM).each(DIALECTS)('%s: passkey assertions under attack', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof servePasskeyPage>>;
  let phishing: Awaited<ReturnType<typeof servePasskeyPage>>;
  let origin: string;
  let device: PasskeyDevice;
  let attackerDevice: PasskeyDevice;
  const clock = manualClock(Date.UTC(2026, 10, 1));
  const orgId = newId<OrgId>('org');
  const deps = () => ({ webauthn: { rpId: 'localhost', rpName: 'Signoff test', origin } });
  const method = () => createWebauthnMethod({ ...deps(), db: database.db, clock, limiter: createRateLimiter({ db: database.db, clock }) });

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
    [device, attackerDevice] = await Promise.all([openPasskeyDevice(browser, origin), openPasskeyDevice(browser, origin)]);
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

  async function register(on: PasskeyDevice, userId: UserId): Promise<FactorId> {
    const started = await database.db
      .transaction()
      .execute((tx) => startPasskeyRegistration(tx, deps(), { orgId, userId, email: `${userId}@acme.test`, name: 'Reviewer' }, clock.now(), library));
    const made = await on.create(started.options);
    if (!made.ok) throw new Error(made.error);
    const id = await finishPasskeyRegistration(
      database.db,
      deps(),
      { orgId, userId },
      { challengeId: started.challengeId, credential: made.value, label: 'YubiKey' },
      clock.now(),
    );
    if (!id) throw new Error('registration refused');
    return id;
  }

  /** Opens a challenge for `binding` and lets `on` answer it (after `tamper`, as a hostile client may). */
  async function assertFor(on: PasskeyDevice, userId: UserId, binding: string, tamper: (o: Record<string, unknown>) => void = () => {}) {
    const started = await database.db
      .transaction()
      .execute((tx) => startWebauthnAssertion(tx, deps(), { orgId, userId, purpose: 'decision', binding }, clock.now(), library));
    if (!started) throw new Error('no passkey');
    const options = structuredClone(started.options) as unknown as Record<string, unknown>;
    tamper(options);
    const got = await on.get(options);
    return {
      challengeId: started.challengeId,
      challenge: started.options.challenge,
      credential: got.ok ? got.value : undefined,
      error: got.ok ? undefined : got.error,
    };
  }

  /** Opens a challenge without asking any authenticator (for assertions signed in software). */
  async function openOnly(userId: UserId, binding: string) {
    const started = await database.db
      .transaction()
      .execute((tx) => startWebauthnAssertion(tx, deps(), { orgId, userId, purpose: 'decision', binding }, clock.now(), library));
    if (!started) throw new Error('no passkey');
    return started;
  }

  const inputOf = (userId: UserId, binding: string, challengeId: ChallengeId, credential: unknown): VerifyInput => ({
    orgId,
    userId,
    purpose: 'decision',
    binding,
    proof: { method: 'webauthn', challengeId, credential },
  });

  /** What the pipeline does: check outside, consume inside a transaction. */
  async function verify(input: VerifyInput): Promise<boolean> {
    const outcome = await method().check(database.db, input, clock.now());
    return consumeNow(outcome);
  }

  const consumeNow = (outcome: CheckOutcome): Promise<boolean> =>
    outcome.ok ? database.db.transaction().execute((tx) => outcome.consume(tx, clock.now())) : Promise.resolve(false);

  const binding = () => `decision:${randomBytes(8).toString('hex')}`;
  const signCount = async (id: FactorId) =>
    (await database.db.selectFrom('factors').select('sign_count').where('id', '=', id).executeTakeFirstOrThrow()).sign_count;

  it('accepts a registered passkey once and refuses the same assertion replayed (E1)', async () => {
    const alice = await newUser();
    const factorId = await register(device, alice);
    const b = binding();
    const a = await assertFor(device, alice, b);
    const outcome = await method().check(database.db, inputOf(alice, b, a.challengeId, a.credential), clock.now());
    expect(outcome).toMatchObject({ ok: true, factorId });
    expect(await consumeNow(outcome)).toBe(true);
    expect(await signCount(factorId)).toBeGreaterThan(1);
    expect(await method().check(database.db, inputOf(alice, b, a.challengeId, a.credential), clock.now())).toEqual({ ok: false, factorId: undefined });
  });

  // @see docs/security.md#e-passkeys-and-security-keys-webauthn E1
  it('lets exactly one of two concurrent consumes of one assertion through', async () => {
    const alice = await newUser();
    await register(device, alice);
    const b = binding();
    const a = await assertFor(device, alice, b);
    const outcomes = await Promise.all([0, 1].map(() => method().check(database.db, inputOf(alice, b, a.challengeId, a.credential), clock.now())));
    const consumed = await Promise.all(outcomes.map((o) => consumeNow(o)));
    expect(consumed.filter(Boolean)).toHaveLength(1);
  });

  it('refuses an assertion made for another decision, whether sent with that challenge or this one (E6)', async () => {
    const alice = await newUser();
    await register(device, alice);
    const [x, y] = [binding(), binding()];
    const forX = await assertFor(device, alice, x);
    const forY = await assertFor(device, alice, y);
    expect(await verify(inputOf(alice, y, forY.challengeId, forX.credential))).toBe(false);
    expect(await verify(inputOf(alice, y, forX.challengeId, forX.credential))).toBe(false);
    // The refused attempt burnt Y's challenge (E1: used up whether right or wrong); X still works.
    expect(await verify(inputOf(alice, y, forY.challengeId, forY.credential))).toBe(false);
    expect(await verify(inputOf(alice, x, forX.challengeId, forX.credential))).toBe(true);
  });

  it('refuses an assertion once its challenge has expired (E1)', async () => {
    const alice = await newUser();
    await register(device, alice);
    const b = binding();
    const a = await assertFor(device, alice, b);
    clock.advance(11 * 60_000);
    expect(await verify(inputOf(alice, b, a.challengeId, a.credential))).toBe(false);
  });

  it("refuses another user's passkey answering this user's challenge (E3)", async () => {
    const [alice, mallory] = [await newUser(), await newUser()];
    await register(device, alice);
    await register(attackerDevice, mallory);
    const mine = (await attackerDevice.credentials()).find((c) => c.userHandle === Buffer.from(mallory).toString('base64'));
    const b = binding();
    // Mallory knows Alice's password and answers Alice's challenge with Mallory's own passkey.
    const a = await assertFor(attackerDevice, alice, b, (o) => {
      o.allowCredentials = [{ id: credentialIdOf(mine!), type: 'public-key' }];
    });
    expect(a.credential).toBeDefined();
    expect(await method().check(database.db, inputOf(alice, b, a.challengeId, a.credential), clock.now())).toEqual({ ok: false, factorId: undefined });
  });

  it('refuses an assertion made on another origin (E2)', async () => {
    const alice = await newUser();
    await register(device, alice);
    const b = binding();
    await device.goto(`http://localhost:${phishing.port}`);
    try {
      const a = await assertFor(device, alice, b);
      expect(a.credential).toBeDefined(); // same RP ID, so the browser signs: only the origin tells
      expect(await verify(inputOf(alice, b, a.challengeId, a.credential))).toBe(false);
    } finally {
      await device.goto(origin);
    }
  });

  it('refuses an assertion signed for another RP ID, and accepts the same signer for ours (E2)', async () => {
    const alice = await newUser();
    const factorId = await register(device, alice);
    const credential = (await device.credentials()).find((c) => c.userHandle === Buffer.from(alice).toString('base64'));
    expect(credential).toBeDefined();
    const b = binding();
    const evil = await openOnly(alice, b);
    const forged = signAssertion({ credential: credential!, challenge: evil.options.challenge, origin, rpId: 'evil.localhost', counter: 1000 });
    expect(await verify(inputOf(alice, b, evil.challengeId, forged))).toBe(false);
    const ours = await openOnly(alice, b);
    const signed = signAssertion({ credential: credential!, challenge: ours.options.challenge, origin, rpId: 'localhost', counter: 1000 });
    expect(await verify(inputOf(alice, b, ours.challengeId, signed))).toBe(true);
    expect(await signCount(factorId)).toBe(1000);
  });

  it('refuses an assertion without user verification, or without user presence (E4)', async () => {
    const alice = await newUser();
    const uvDevice = await openPasskeyDevice(browser, origin);
    try {
      await register(uvDevice, alice);
      await uvDevice.setUserVerified(false);
      const b = binding();
      // An honest browser refuses outright when we require UV and the user fails it.
      expect((await assertFor(uvDevice, alice, b)).error).toMatch(/NotAllowedError/);
      // A client that quietly downgrades to 'discouraged' gets a signed assertion with UV = 0.
      const a = await assertFor(uvDevice, alice, b, (o) => {
        o.userVerification = 'discouraged';
      });
      expect(a.credential).toBeDefined();
      expect(await verify(inputOf(alice, b, a.challengeId, a.credential))).toBe(false);
      const [credential] = await uvDevice.credentials();
      const open = await openOnly(alice, b);
      const noPresence = signAssertion({ credential: credential!, challenge: open.options.challenge, origin, rpId: 'localhost', counter: 500, flags: FLAG_UV });
      expect(await verify(inputOf(alice, b, open.challengeId, noPresence))).toBe(false);
      const both = await openOnly(alice, b);
      const control = signAssertion({
        credential: credential!,
        challenge: both.options.challenge,
        origin,
        rpId: 'localhost',
        counter: 500,
        flags: FLAG_UP | FLAG_UV,
      });
      expect(await verify(inputOf(alice, b, both.challengeId, control))).toBe(true);
    } finally {
      await uvDevice.close();
    }
  });

  it('refuses a cloned authenticator whose counter does not increase (E5)', async () => {
    const alice = await newUser();
    const factorId = await register(device, alice);
    const b = binding();
    const first = await assertFor(device, alice, b);
    expect(await verify(inputOf(alice, b, first.challengeId, first.credential))).toBe(true);
    const stored = await signCount(factorId);
    expect(stored).toBeGreaterThan(0);
    // The same private key on a second authenticator whose counter starts from zero again.
    const original = (await device.credentials()).find((c) => c.userHandle === Buffer.from(alice).toString('base64'))!;
    const clone = await openPasskeyDevice(browser, origin);
    try {
      await clone.addCredential({ ...original, signCount: 0 });
      const cloned = await assertFor(clone, alice, b);
      expect(cloned.credential).toBeDefined();
      expect(await verify(inputOf(alice, b, cloned.challengeId, cloned.credential))).toBe(false);
      expect(await signCount(factorId)).toBe(stored);
      // The genuine authenticator, whose counter moved on, still works.
      const next = await assertFor(device, alice, b);
      expect(await verify(inputOf(alice, b, next.challengeId, next.credential))).toBe(true);
    } finally {
      await clone.close();
    }
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B3
  it('refuses a passkey disabled before the check or between check and consume', async () => {
    const alice = await newUser();
    const factorId = await register(device, alice);
    const b = binding();
    const before = await assertFor(device, alice, b);
    const during = await assertFor(device, alice, `${b}:2`);
    const outcome = await method().check(database.db, inputOf(alice, `${b}:2`, during.challengeId, during.credential), clock.now());
    expect(outcome.ok).toBe(true);
    await disableFactor(database.db, factorId, clock.now());
    expect(await verify(inputOf(alice, b, before.challengeId, before.credential))).toBe(false);
    expect(await consumeNow(outcome)).toBe(false);
  });

  // @see docs/security.md#e-passkeys-and-security-keys-webauthn E7, E1, E3; docs/security.md#k-reliability-under-concurrency K4
  it('answers ok: false, without throwing, for malformed or altered credentials', async () => {
    const alice = await newUser();
    await register(device, alice);
    const b = binding();
    type Real = { id: string; response: Record<string, string> };
    // Each alteration applies to a fresh genuine assertion for a fresh challenge, so the
    // alteration alone is what must be refused.
    const variants: Array<(real: Real) => unknown> = [
      () => undefined,
      () => null,
      () => 'credential',
      () => 42,
      () => [],
      () => ({}),
      (r) => ({ id: r.id }),
      (r) => ({ ...r, rawId: 'AAAA' }),
      (r) => ({ ...r, type: 'password' }),
      (r) => ({ ...r, id: 'not base64url!', rawId: 'not base64url!' }),
      (r) => ({ ...r, response: null }),
      (r) => ({ ...r, response: [] }),
      (r) => ({ ...r, response: { ...r.response, signature: 7 } }),
      (r) => ({ ...r, response: { ...r.response, clientDataJSON: 'AAAA' } }),
      (r) => ({ ...r, response: { ...r.response, clientDataJSON: Buffer.from('{"type":').toString('base64url') } }),
      (r) => ({ ...r, response: { ...r.response, authenticatorData: 'AAAA' } }),
      (r) => ({ ...r, response: { ...r.response, signature: r.response.signature!.slice(0, 20) } }),
      // The user handle is not signed: a discoverable credential naming another user is refused.
      (r) => ({ ...r, response: { ...r.response, userHandle: Buffer.from('usr_someoneelse').toString('base64url') } }),
      (r) => ({ ...r, response: { ...r.response, signature: 'A'.repeat(100_000) } }),
      (r) => ({ ...r, clientExtensionResults: 'x' }),
      (r) => JSON.parse(`{"__proto__":{"polluted":true},"id":"${r.id}","rawId":"${r.id}","type":"public-key","response":{}}`),
    ];
    for (const alter of variants) {
      const a = await assertFor(device, alice, b);
      await expect(method().check(database.db, inputOf(alice, b, a.challengeId, alter(a.credential as Real)), clock.now())).resolves.toMatchObject({
        ok: false,
      });
      expect(await verify(inputOf(alice, b, a.challengeId, a.credential))).toBe(false); // burnt by the failure (E1)
    }
    const a = await assertFor(device, alice, b);
    for (const challengeId of [undefined, '', 'chl_unknown', 'x'.repeat(10_000)]) {
      await expect(method().check(database.db, inputOf(alice, b, challengeId as ChallengeId, a.credential), clock.now())).resolves.toEqual({
        ok: false,
        factorId: undefined,
      });
    }
    expect(await verify(inputOf(alice, b, a.challengeId, a.credential))).toBe(true);
  });

  // @see docs/security.md#e-passkeys-and-security-keys-webauthn E1, E6
  it('refuses a challenge opened for another purpose with the same binding', async () => {
    const alice = await newUser();
    await register(device, alice);
    const b = binding();
    const a = await assertFor(device, alice, b);
    expect(await verify({ ...inputOf(alice, b, a.challengeId, a.credential), purpose: 'signature' })).toBe(false);
  });
});
