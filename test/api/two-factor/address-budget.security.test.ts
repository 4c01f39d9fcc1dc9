// The second-factor budget of one client address (src/factors/attempts.ts): 20 free failures
// an hour, counted only once an attempt has failed. Our benchmark found honest people behind one
// office address refused (429) when more than 20 confirmed at the same moment, although nobody
// typed a wrong code: every attempt in flight used to count as a failure until it succeeded.
// A guesser spraying wrong codes over many accounts from one address still meets the back-off.
// Every reservation a request makes is tracked here (the limiter wrapped, not replaced): each
// one must be released however the request ends, or its place in flight would stay taken.
// @see docs/security.md#b-attempt-limits-and-lockout B8
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FactorActor } from '../../../src/factors/index.ts';
import type { UserId } from '../../../src/platform/ids.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { STEP_MS, twoFactorKit, twoFactorSuite, type Totp } from './two-factor-fixtures.ts';

/** Reservations not yet released, of attempts with a key counted in flight. */
const open = vi.hoisted(() => new Set<object>());
vi.mock('../../../src/platform/rate-limit.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/platform/rate-limit.ts')>();
  return {
    ...real,
    createRateLimiter(deps: Parameters<typeof real.createRateLimiter>[0]) {
      const limiter = real.createRateLimiter(deps);
      return {
        ...limiter,
        async reserve(keys: Parameters<typeof limiter.reserve>[0]) {
          const reservation = await limiter.reserve(keys);
          if (!keys.some((k) => k.policy.inFlight)) return reservation;
          const token = {};
          open.add(token);
          return {
            failures: reservation.failures,
            release: (...settle: Parameters<typeof reservation.release>) => {
              open.delete(token);
              return reservation.release(...settle);
            },
          };
        },
      };
    },
  };
});

// @see docs/security.md#b-attempt-limits-and-lockout B8
describe.each(DIALECTS)('%s: second-factor codes from one client address', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  // An hour apart, the budget of 127.0.0.1 (every request here) is fresh.
  beforeEach(() => s.clock!.advance(61 * 60_000));
  afterEach(() => expect(open.size).toBe(0));

  /** `count` people with an authenticator app, each at the second-factor prompt of a new sign-in. */
  async function people(count: number): Promise<{ id: UserId; totp: Totp; half: string }[]> {
    const admin = await login(s.client, ADMIN.email, ADMIN.password);
    const out = [];
    for (let i = 0; i < count; i++) {
      const user = await createUser(s.client, admin, { email: `office${++n}@acme.test` });
      const totp = await kit.enableTotp((await kit.signIn(user.email)).token);
      out.push({ id: user.id, totp, half: await halfSignIn(user.id) });
    }
    // Their apps' next codes: the ones just used to set them up would be replays.
    s.clock!.advance(STEP_MS);
    return out;
  }
  /** A half-signed-in session as a password sign-in leaves it, without another argon2id hash. */
  async function halfSignIn(userId: UserId): Promise<string> {
    const { db, accounts } = s.signoff.services;
    const { org_id: orgId } = await db.selectFrom('users').select('org_id').where('id', '=', userId).executeTakeFirstOrThrow();
    const session = await db
      .transaction()
      .execute((tx) => accounts.sessions.start(tx, { orgId, userId, state: 'second_factor_required', aal: 1, meta: { ip: '127.0.0.1' } }));
    return session.token;
  }
  const addressFailures = async () =>
    (await s.signoff.services.db.selectFrom('attempt_counters').select('failures').where('key', '=', '2fa:address:127.0.0.1').executeTakeFirst())?.failures ??
    0;

  // On PostgreSQL the old rule refused several of these; on SQLite the in-process requests hardly
  // overlap, and src/platform/rate-limit.security.test.ts holds thirty at once on both dialects.
  it('lets thirty people behind one address confirm their codes at the same moment, and counts no failure for the address', async () => {
    const office = await people(30);
    const answers = await Promise.all(office.map((p) => kit.finish(p.half, { method: 'totp', code: kit.totp(p.totp.secret) })));
    expect(answers.map((a) => a.status)).toEqual(office.map(() => 200));
    expect(await addressFailures()).toBe(0);
  });

  it('still holds back an address whose wrong codes are spread over many accounts, sent at once, even for a right code', async () => {
    const victims = await people(21);
    const last = victims.pop()!;
    const guesses = await Promise.all(victims.map((p) => kit.finish(p.half, { method: 'totp', code: kit.wrongTotp(p.totp.secret) })));
    expect(guesses.map((g) => g.body.code)).toEqual(victims.map(() => 'second_factor_invalid'));
    expect(await addressFailures()).toBe(20);
    const right = () => kit.finish(last.half, { method: 'totp', code: kit.totp(last.totp.secret) });
    const held = await right();
    expect(held.status).toBe(429);
    expect(held.body.code).toBe('too_many_attempts');
    expect(Number(held.headers.get('retry-after'))).toBe(1);
    // The wait ends by itself (B5), and the refusal did not count.
    s.clock!.advance(1000);
    expect((await right()).status).toBe(200);
    expect(await addressFailures()).toBe(20);
  });

  it('takes an attempt out of flight however it ends: a right code, a wrong one, an error after the check', async () => {
    const [p] = await people(1);
    const wrong = await kit.finish(p!.half, { method: 'totp', code: kit.wrongTotp(p!.totp.secret) });
    expect(wrong.status).toBe(403);
    expect(open.size).toBe(0);
    // The code checks out, then the factor change itself fails (an address the app cannot mail).
    const session = (await s.signoff.services.accounts.sessions.resolve(p!.totp.token))!;
    const actor: FactorActor = {
      orgId: session.orgId,
      userId: p!.id,
      label: 'office',
      session: { sessionId: session.sessionId, tokenHash: session.tokenHash, state: session.state, privilegedUntil: session.privilegedUntil },
    };
    const change = s.signoff.services.factors.enrollment.start(
      actor,
      'email_code',
      { email: 'not an address' },
      { method: 'totp', code: kit.totp(p!.totp.secret) },
      {
        ip: '127.0.0.1',
      },
    );
    await expect(change).rejects.toMatchObject({ code: 'invalid_request' });
    expect(open.size).toBe(0);
    const right = await kit.finish(p!.half, { method: 'totp', code: kit.freshTotp(p!.totp.secret) });
    expect(right.status).toBe(200);
  });
});
