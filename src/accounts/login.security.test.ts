// Attacks on password sign-in and the defences beside them (docs/security.md B2, B4, B5, B8, B11, B12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/dialects.ts';
import { ADMIN, setUp } from '../../test/support/fixtures.ts';
import { cookieFrom } from '../../test/support/http-client.ts';
import { startInProcess, type TestServer } from '../../test/support/start-signoff.ts';

const WRONG = 'this is not the password';

describe.each(DIALECTS)('%s: password guessing', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_TRUST_PROXY: '127.0.0.1' } });
    await setUp(s.client);
  });
  afterAll(() => s.stop());

  // Each scenario's clients come from their own addresses (through the trusted proxy), so the
  // per-address budget of one scenario does not leak into the next.
  let address = 'invalid';
  const from = (ip: string) => {
    address = ip;
  };
  const attempt = (password: string, headers: Record<string, string> = {}, email = ADMIN.email) =>
    s.client.request('POST', '/api/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address, ...headers } });
  const waitOut = () => s.clock!.advance(16 * 60_000);

  // @see docs/security.md#b-attempt-limits-and-lockout B2
  it('throttles an account after 5 failures with 429 and a Retry-After that grows', async () => {
    from('203.0.113.1');
    for (let i = 0; i < 5; i++) expect((await attempt(WRONG)).status).toBe(401);
    const first = await attempt(WRONG);
    expect(first.status).toBe(429);
    expect(first.body.code).toBe('too_many_attempts');
    const wait1 = Number(first.headers.get('retry-after'));
    expect(wait1).toBeGreaterThanOrEqual(1);
    s.clock!.advance(wait1 * 1000);
    expect((await attempt(WRONG)).status).toBe(401);
    const second = await attempt(WRONG);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(wait1);
    waitOut();
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B4
  it('refuses the right password while throttled with the same answer, without counting it', async () => {
    from('203.0.113.2');
    for (let i = 0; i < 5; i++) await attempt(WRONG);
    await attempt(WRONG);
    const before = await s.signoff.services.db.selectFrom('attempt_counters').selectAll().execute();
    const right = await attempt(ADMIN.password);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('too_many_attempts');
    const after = await s.signoff.services.db.selectFrom('attempt_counters').selectAll().execute();
    expect(after).toEqual(before);
    waitOut();
    expect((await attempt(ADMIN.password)).status).toBe(200);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('lets at most the free budget through when 30 wrong guesses race', async () => {
    from('203.0.113.3');
    waitOut();
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt(WRONG)));
    const evaluated = results.filter((r) => r.status === 401).length;
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(evaluated).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 429).length).toBe(30 - evaluated);
    waitOut();
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B5
  it('never locks the owner out for good: the back-off is capped at 15 minutes', async () => {
    from('203.0.113.4');
    for (let i = 0; i < 40; i++) {
      const r = await attempt(WRONG);
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
        s.clock!.advance(Number(r.headers.get('retry-after')) * 1000);
      }
    }
    s.clock!.advance(15 * 60_000);
    expect((await attempt(ADMIN.password)).status).toBe(200);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B5
  it("keeps the owner's known browser signing in while an attacker throttles the account", async () => {
    from('203.0.113.5');
    waitOut();
    const ok = await attempt(ADMIN.password);
    const known = cookieFrom(ok, 'signoff_known');
    expect(known).toBeTruthy();
    from('203.0.113.66'); // the attacker, elsewhere
    for (let i = 0; i < 6; i++) await attempt(WRONG);
    expect((await attempt(ADMIN.password)).status).toBe(429);
    from('198.51.100.7'); // the owner, at home, in the browser that signed in before
    expect((await attempt(ADMIN.password)).status).toBe(429);
    const owner = await attempt(ADMIN.password, { cookie: `signoff_known=${known}` });
    expect(owner.status).toBe(200);
    // A forged or foreign known-device cookie counts against the account like any stranger.
    expect((await attempt(ADMIN.password, { cookie: `signoff_known=${known!.slice(0, -2)}00` })).status).toBe(429);
    waitOut();
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B2
  it('throttles one address that sprays many accounts', async () => {
    from('203.0.113.6');
    waitOut();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt(WRONG, {}, `user${i}@acme.test`)).status);
    expect(statuses.slice(0, 20).every((x) => x === 401)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
    s.clock!.advance(61 * 60_000);
    expect((await attempt(ADMIN.password)).status).toBe(200);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B11
  it('throttles one IPv6 network that sprays many accounts from a new address of its /64 each time; the trail keeps the full address', async () => {
    waitOut();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      from(`2001:db8:77:1:${(i + 1).toString(16)}::${((i * 7919) % 0xffff).toString(16)}`);
      statuses.push((await attempt(WRONG, {}, `v6user${i}@acme.test`)).status);
    }
    expect(statuses.slice(0, 20).every((x) => x === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    // Another /64 has a budget of its own; the trail keeps the full address.
    from('2001:db8:77:2::1');
    expect((await attempt(WRONG)).status).toBe(401);
    const failed = await s.signoff.services.db.selectFrom('audit_entries').select('ip').where('type', '=', 'login.failed').execute();
    expect(failed.map((e) => e.ip)).toContain('2001:db8:77:2::1');
    s.clock!.advance(61 * 60_000);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B12
  it('does not believe a forwarded address that is not one: sprays through a proxy that passes on junk share its budget, and the trail names the proxy', async () => {
    waitOut();
    from('<script>alert(1)</script>');
    expect((await attempt(WRONG)).status).toBe(401);
    const failed = await s.signoff.services.db
      .selectFrom('audit_entries')
      .select('ip')
      .where('type', '=', 'login.failed')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(failed.ip).toBe('127.0.0.1');
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      from(`junk ${i}`);
      statuses.push((await attempt(WRONG, {}, `junk${i}@acme.test`)).status);
    }
    expect(statuses.slice(0, 19).every((x) => x === 401)).toBe(true);
    expect(statuses.slice(19)).toEqual([429, 429, 429, 429, 429]);
    s.clock!.advance(61 * 60_000);
  });

  // @see docs/security.md#j-e-signatures-and-the-audit-trail J8
  it('records failed sign-ins in the audit trail without the password', async () => {
    const entries = await s.signoff.services.db.selectFrom('audit_entries').selectAll().where('type', '=', 'login.failed').execute();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.data.includes(WRONG))).toBe(false);
  });
});
