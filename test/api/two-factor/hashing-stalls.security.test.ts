// Attack: stall the server with argon2id work that nobody has earned. Junk passkey
// registrations (a half-signed-in session is enough) cost ten backup-code hashes each before
// the credential was even looked at; backup-code generation hashed before the fresh factor was
// checked. Now every argon2id call sits behind a cheap check and an attempt budget, and the
// hashing runs on the libuv thread pool (the async API), never on the event loop.
// @see docs/security.md K7 (costly work behind a cheap check and a budget), B7 (limits on every path); OWASP ASVS 5.0.0 2.4.1 (anti-automation)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { REPO_ROOT, startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from './two-factor-fixtures.ts';

// Counts the real library's calls (the hashing itself still happens) and measures the CPU time
// each call spends on the calling (event-loop) thread before it returns its promise: argon2id
// that ran on the loop would show there as the whole hash. Synchronous variants throw.
const argon2Calls = vi.hoisted(() => ({ hash: 0, verify: 0, maxLoopCpuMs: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  const forbidden = (name: string) => () => {
    throw new Error(`argon2 ${name} on the request path`);
  };
  const onLoop = <T>(call: () => T): T => {
    const before = process.threadCpuUsage();
    const result = call();
    const spent = process.threadCpuUsage(before);
    argon2Calls.maxLoopCpuMs = Math.max(argon2Calls.maxLoopCpuMs, (spent.user + spent.system) / 1000);
    return result;
  };
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      argon2Calls.hash++;
      return onLoop(() => real.hash(...args));
    },
    verify: (...args: Parameters<typeof real.verify>) => {
      argon2Calls.verify++;
      return onLoop(() => real.verify(...args));
    },
    hashSync: forbidden('hashSync'),
    verifySync: forbidden('verifySync'),
    hashRawSync: forbidden('hashRawSync'),
  };
});
/** CPU time of one argon2id hash with the server's parameters, on this thread (what a stall costs per hash). */
async function oneHashCpuMs(): Promise<number> {
  const real = await vi.importActual<typeof import('@node-rs/argon2')>('@node-rs/argon2');
  const before = process.threadCpuUsage();
  real.hashSync('calibration', { algorithm: 2 as import('@node-rs/argon2').Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const spent = process.threadCpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

/** A well-formed challenge id that was never issued: `id` with its last characters changed. */
const madeUpId = (id: string, i: number) => id.slice(0, -2) + 'abcdefghijklmnopqrstuvwxyz'[i % 26] + 'zyxwvutsrqponmlkjihgfedcba'[Math.floor(i / 26) % 26];
const JUNK_CREDENTIAL = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'AAAA' },
  clientExtensionResults: {},
};

// @see docs/security.md#k-reliability-under-concurrency K7
describe.each(DIALECTS)('%s: argon2id work needs a cheap check and a budget first', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let n = 0;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_TRUST_PROXY: '127.0.0.1' } });
    kit = twoFactorKit(s);
    await setUp(s.client);
  });
  afterAll(() => s.stop());
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });
  const person = async () => createUser(s.client, admin, { email: `stall${++n}@acme.test` });
  const junkRegistration = (token: string, challengeId: string, ip: string) =>
    s.client.request('POST', '/api/v1/me/factors/webauthn', {
      token,
      body: { challengeId, credential: JUNK_CREDENTIAL, label: 'Junk' },
      headers: { 'x-forwarded-for': ip },
    });

  it('junk passkey registrations hash nothing, and past the budget they answer 429', async () => {
    const user = await person();
    const { token } = await kit.signIn(user.email);
    const options = await s.client.post('/api/v1/me/factors/webauthn/options', {}, token);
    expect(options.status, options.text).toBe(201);
    const before = argon2Calls.hash;
    const answers: number[] = [];
    // A real (then spent) challenge first, then made-up ones: neither buys a hash.
    answers.push((await junkRegistration(token, options.body.challengeId, '198.51.100.1')).status);
    for (let i = 0; i < 11; i++) answers.push((await junkRegistration(token, madeUpId(options.body.challengeId, i), '198.51.100.1')).status);
    expect(argon2Calls.hash - before).toBe(0);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(403)); // second_factor_invalid
    expect(answers.slice(10)).toEqual([429, 429]);
  });

  it('backup-code generation with a wrong proof hashes nothing; with a right one it hashes the ten codes', async () => {
    const user = await person();
    const totp = await kit.enableTotp((await kit.signIn(user.email)).token);
    const before = argon2Calls.hash;
    const wrong = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: kit.wrongTotp(totp.secret) } }, totp.token);
    expect(wrong.body.code, wrong.text).toBe('second_factor_invalid');
    const none = await s.client.post('/api/v1/me/backup-codes', {}, totp.token);
    expect(none.body.code).toBe('second_factor_required');
    expect(argon2Calls.hash - before).toBe(0);
    const right = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: kit.freshTotp(totp.secret) } }, totp.token);
    expect(right.status, right.text).toBe(201);
    expect(argon2Calls.hash - before).toBe(10);
  });

  it('password-reset confirmations with junk links hash nothing', async () => {
    const before = argon2Calls.hash;
    const res = await s.client.post('/api/v1/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'a perfectly fine passphrase' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('reset_token_invalid');
    expect(argon2Calls.hash - before).toBe(0);
  });

  it('keeps the event loop responsive under junk registrations, wrong-password logins and backup-code generation', async () => {
    const half = await person();
    const { token: halfToken } = await kit.signIn(half.email);
    const options = await s.client.post('/api/v1/me/factors/webauthn/options', {}, halfToken);
    const owner = await person();
    const totp = await kit.enableTotp((await kit.signIn(owner.email)).token);
    const codes = [kit.freshTotp(totp.secret), kit.wrongTotp(totp.secret), kit.wrongTotp(totp.secret)];

    const hashCpuMs = await oneHashCpuMs();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const calls = argon2Calls.hash + argon2Calls.verify;
    argon2Calls.maxLoopCpuMs = 0;
    let inFlight = 0;
    let answeredDuringLoad = 0;
    delay.enable();
    const track = <T>(p: Promise<T>) => {
      inFlight++;
      return p.finally(() => {
        inFlight--;
      });
    };
    const load = [
      ...Array.from({ length: 20 }, (_, i) => track(junkRegistration(halfToken, madeUpId(options.body.challengeId, i), `198.51.100.${20 + (i % 5)}`))),
      ...Array.from({ length: 20 }, (_, i) =>
        track(
          s.client.request('POST', '/api/v1/auth/login', {
            body: { email: `stranger${i}@acme.test`, password: `wrong password ${i}` },
            headers: { 'x-forwarded-for': `192.0.2.${i}` },
          }),
        ),
      ),
      // The first generation has a good code and hashes ten codes; the others go through the
      // check with wrong ones.
      ...codes.map((code) => track(s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code } }, totp.token))),
    ];
    const health = (async () => {
      while (inFlight > 0) {
        const res = await s.client.get('/healthz');
        if (res.status === 200 && inFlight > 0) answeredDuringLoad++;
      }
    })();
    const answers = await Promise.all(load);
    await health;
    delay.disable();
    expect(answers.every((r) => r.status < 500)).toBe(true);
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(argon2Calls.hash + argon2Calls.verify - calls).toBeGreaterThanOrEqual(30); // 20 password checks, 10 codes
    // The server answered /healthz while the hashing load was in flight.
    expect(answeredDuringLoad).toBeGreaterThan(0);
    // No argon2id call ran its hash on the event loop: each returned its promise having spent
    // less on this thread than one hash's CPU time (a hash run here costs all of it; a garbage
    // collection that lands inside the call may cost a few milliseconds, hence 3/4 and not less).
    // CPU time, not wall-clock time, so the check does not depend on the machine's speed.
    expect(argon2Calls.maxLoopCpuMs).toBeLessThan(hashCpuMs * 0.75);
    // The loop's delay is measured too, against a stall: ten hashes' CPU time (a backup-code
    // set) on the loop. Wall-clock delay also grows with other processes on a shared machine,
    // hence the margin; the CPU-time check above is the exact one.
    expect(delay.max / 1e6).toBeLessThan(Math.max(50, 10 * hashCpuMs) * 4);
  });

  it('no synchronous argon2 variant appears anywhere in src/', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(REPO_ROOT, 'src'));
    const offenders = files.filter((f) => /\b(hashSync|verifySync|hashRawSync)\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
