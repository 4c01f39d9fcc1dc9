// Attack: a stranger asks for the victim's password reset (or 2FA recovery) over and over from
// one address, so that the victim's own request, from another address, answers 429 for up to
// an hour. The requesting address answers for its own requests; the account's shared mail
// budget, once spent, only stops mail (still 202), never refuses the owner.
// @see docs/security.md B5 (a lockout cannot lock a victim out; per-address components), K7 (no mail-bombing one account)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

const STRANGER = { 'x-forwarded-for': '203.0.113.66' };
const VICTIM = { 'x-forwarded-for': '198.51.100.7' };

describe.each(DIALECTS)('%s: a stranger cannot block recovery', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let victim: { id: string; email: string };
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
    victim = await createUser(s.client, admin, { email: `victim${++n}@acme.test` });
  });

  const resetMails = async () =>
    (await kit.db.selectFrom('mail_outbox').select('id').where('to_address', '=', victim.email).where('template', '=', 'password-reset').execute()).length;
  const askReset = (headers: Record<string, string>) => s.client.request('POST', '/api/v1/auth/password-reset', { body: { email: victim.email }, headers });

  // @see docs/security.md#b-attempt-limits-and-lockout B5
  it("six password-reset requests for the victim from one address leave the victim's own request from another address working", async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await askReset(STRANGER)).status);
    expect(answers.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(answers[5]).toBe(429); // the stranger's own address is throttled
    const before = await resetMails();
    const own = await askReset(VICTIM);
    expect(own.status).toBe(202);
    expect(await resetMails()).toBe(before + 1); // and the link is really sent
  });

  // @see docs/security.md#k-reliability-under-concurrency K7
  it('many addresses together still cannot mail-bomb one account: past its budget the answer stays 202 and nothing is sent', async () => {
    for (let i = 0; i < 20; i++) expect((await askReset({ 'x-forwarded-for': `203.0.113.${100 + Math.floor(i / 5)}` })).status).toBe(202);
    const sent = await resetMails();
    expect(sent).toBe(20);
    const more = await askReset({ 'x-forwarded-for': '203.0.113.200' });
    expect(more.status).toBe(202);
    expect(await resetMails()).toBe(sent);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B5
  it("repeated two-factor recovery requests from one address leave the owner's own request from another address working", async () => {
    await kit.enableTotp((await kit.signIn(victim.email)).token);
    const stranger = await kit.signIn(victim.email, { headers: STRANGER });
    expect(stranger.state).toBe('second_factor_required');
    const recover = (token: string, headers: Record<string, string>) => s.client.request('POST', '/api/v1/auth/two-factor-recovery', { token, headers });
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await recover(stranger.token, STRANGER)).status);
    expect(answers.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(answers[5]).toBe(429);
    const owner = await kit.signIn(victim.email, { headers: VICTIM });
    const mail = await kit.mailAfter(victim.email, 'two-factor-recovery', async () => expect((await recover(owner.token, VICTIM)).status).toBe(202));
    expect(mail.subject).toMatch(/recover/i);
  });
});
