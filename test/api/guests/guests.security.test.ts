// Attacks on guest invites (docs/security.md I1–I5, D1, D2, D6), over the API on both databases with
// a manual clock: a mail scanner opening the link, a forwarded link trying the guest's code,
// guessing from many sessions, a leaked or stale link, and a double-submitted decision.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { guestKit, linkToken } from './guest-fixtures.ts';
import type { InviteId } from '../../../src/platform/ids.ts';

const MINUTE = 60_000;

describe.each(DIALECTS)('%s: guest invite attacks', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let g: ReturnType<typeof guestKit>;
  let submitter: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    g = guestKit(s, k);
    submitter = await k.person('sam', { roles: ['owner'] });
  });
  afterAll(() => s?.stop());
  // Some tests move the clock by hours or days: the staff sign in again before each test.
  beforeEach(async () => {
    admin.token = await login(s.client, ADMIN.email, ADMIN.password);
    submitter.token = await login(s.client, submitter.email, PASSWORD);
  });

  const db = () => s.signoff.services.db;
  const inviteRow = (id: InviteId) => db().selectFrom('guest_invites').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  describe('I1: the link alone shows and changes nothing', () => {
    it('opening the link five times sends no mail, opens no session, counts nothing and writes no audit entry', async () => {
      const inv = await g.invited(submitter);
      const before = {
        mail: await g.count('mail_outbox'),
        sessions: await g.count('guest_sessions'),
        audit: await g.count('audit_entries'),
        counters: await g.count('attempt_counters'),
        invite: await inviteRow(inv.inviteId),
      };
      for (let i = 0; i < 5; i++) {
        const res = await g.page(inv.token, i === 4 ? 'x'.repeat(43) : undefined);
        expect(res.status, res.text).toBe(200);
        expect(res.body.state).toBe('code_required');
      }
      expect({
        mail: await g.count('mail_outbox'),
        sessions: await g.count('guest_sessions'),
        audit: await g.count('audit_entries'),
        counters: await g.count('attempt_counters'),
        invite: await inviteRow(inv.inviteId),
      }).toEqual(before);
      expect(await g.auditOf('guest.code_sent', inv.inviteId)).toEqual([]);
    });

    it('answers code_required with nothing of the item, also to a session that asked for a code but has not confirmed it', async () => {
      const inv = await g.invited(submitter);
      const { session } = await g.codeFor(inv);
      for (const res of [await g.page(inv.token), await g.page(inv.token, session)]) {
        expect(res.body).toEqual({ state: 'code_required', siteName: expect.any(String) });
        for (const secret of [inv.title, inv.content, inv.itemId, inv.email, 'External review']) expect(res.text).not.toContain(secret);
      }
      const content = await s.client.request('GET', `/api/v1/guest/${inv.token}/content`, { headers: { cookie: `signoff_guest=${session}` } });
      expect(content.status).toBe(401);
    });
  });

  describe('I2: a code confirms only the session that asked for it', () => {
    it("refuses session A's code in session B with 403 guest_code_invalid and logs the refusal; A's code still works for A", async () => {
      const inv = await g.invited(submitter);
      const a = await g.codeFor(inv);
      const b = await g.codeFor(inv); // B's own code request voids nothing of A's
      expect(b.session).not.toBe(a.session);
      const stolen = await g.verify(inv.token, b.session, a.code);
      expect(stolen.status).toBe(403);
      expect(stolen.body.code).toBe('guest_code_invalid');
      expect(stolen.body.guestSession).toBeUndefined();
      const noSession = await g.verify(inv.token, undefined, a.code);
      expect(noSession.body.code).toBe('guest_code_invalid');
      expect((await g.page(inv.token, b.session)).body.state).toBe('code_required');

      const failed = await g.auditOf('guest.code_failed', inv.inviteId);
      expect(failed.map((e) => JSON.parse(e.data).reason).sort()).toEqual(['no_session', 'wrong_code']);
      expect(failed.every((e) => e.actor_label === `guest ${inv.email}`)).toBe(true);

      const ok = await g.verify(inv.token, a.session, a.code);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.state).toBe('verified');
      expect((await g.page(inv.token, ok.body.guestSession)).body.state).toBe('verified');
      expect((await g.page(inv.token, b.session)).body.state).toBe('code_required');
    });

    it('accepts a code once, and renews the session token when it confirms it', async () => {
      const inv = await g.invited(submitter);
      const a = await g.codeFor(inv);
      const ok = await g.verify(inv.token, a.session, a.code);
      expect(ok.status).toBe(200);
      expect(ok.body.guestSession).not.toBe(a.session);
      expect((await g.page(inv.token, a.session)).body.state).toBe('code_required');
      const again = await g.verify(inv.token, ok.body.guestSession, a.code);
      expect(again.body.code).toBe('guest_code_invalid');
    });

    it('refuses a code at 10:01 and accepts one at 9:59 (D1)', async () => {
      const inv = await g.invited(submitter);
      const late = await g.codeFor(inv);
      s.clock!.advance(10 * MINUTE + 1000);
      expect((await g.verify(inv.token, late.session, late.code)).body.code).toBe('guest_code_invalid');
      const onTime = await g.codeFor(inv, late.session);
      s.clock!.advance(10 * MINUTE - 1000);
      expect((await g.verify(inv.token, onTime.session, onTime.code)).status).toBe(200);
      expect((await g.auditOf('guest.code_failed', inv.inviteId)).map((e) => JSON.parse(e.data).reason)).toEqual(['expired']);
    });
  });

  describe('I3: few guesses per code and per invite', () => {
    it('voids a code after 5 wrong guesses: the right code is refused afterwards, a new code works', async () => {
      const inv = await g.invited(submitter);
      const a = await g.codeFor(inv);
      for (let i = 1; i <= 5; i++) expect((await g.verify(inv.token, a.session, g.wrong(a.code, i))).body.code).toBe('guest_code_invalid');
      expect((await g.verify(inv.token, a.session, a.code)).body.code).toBe('guest_code_invalid');
      const fresh = await g.codeFor(inv, a.session);
      expect(fresh.session).toBe(a.session);
      expect((await g.verify(inv.token, a.session, fresh.code)).status).toBe(200);
    });

    it('caps wrong codes from 10 sessions at the invite budget, then answers 429 with Retry-After, to the right code too', async () => {
      const inv = await g.invited(submitter);
      const sessions: { session: string; code: string }[] = [];
      for (let i = 0; i < 10; i++) {
        // The send budget has its own test below; here it is lifted so that ten sessions hold live codes.
        await db().deleteFrom('attempt_counters').where('key', '=', `guest:send:${inv.inviteId}`).execute();
        sessions.push(await g.codeFor(inv));
      }
      const answers = await Promise.all(sessions.flatMap((x) => [1, 2, 3].map((n) => g.verify(inv.token, x.session, g.wrong(x.code, n)))));
      const evaluated = answers.filter((r) => r.status === 403);
      const throttled = answers.filter((r) => r.status === 429);
      expect(evaluated.length + throttled.length).toBe(30);
      expect(evaluated).toHaveLength(10);
      expect(throttled.every((r) => r.body.code === 'too_many_attempts' && Number(r.headers.get('retry-after')) >= 1)).toBe(true);
      expect(await g.auditOf('guest.code_failed', inv.inviteId)).toHaveLength(10);

      // While the invite waits, the right code gets the same 429 (no oracle, B4) and is not spent.
      const right = await g.verify(inv.token, sessions[0]!.session, sessions[0]!.code);
      expect(right.status).toBe(429);
      s.clock!.advance(Number(right.headers.get('retry-after')) * 1000);
      expect((await g.verify(inv.token, sessions[0]!.session, sessions[0]!.code)).status).toBe(200);
    });

    it('emails at most 5 codes per invite within the hour: the sixth request is 429 and sends nothing (D6)', async () => {
      const inv = await g.invited(submitter);
      for (let i = 0; i < 5; i++) await g.codeFor(inv);
      const before = await g.count('mail_outbox');
      const sixth = await g.askCode(inv.token);
      expect(sixth.status).toBe(429);
      expect(sixth.body.code).toBe('too_many_attempts');
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(60);
      expect(await g.count('mail_outbox')).toBe(before);
      s.clock!.advance(Number(sixth.headers.get('retry-after')) * 1000);
      await g.codeFor(inv);
    });
  });

  describe('I4: the link token', () => {
    // @see docs/security.md#i-guest-reviewers I4; docs/security.md#k-reliability-under-concurrency K5; docs/security.md#d-emailed-codes D4
    it('has 256 bits and is stored only as its HMAC: no table holds the link, the session tokens or the code', async () => {
      const inv = await g.invited(submitter);
      expect(Buffer.from(inv.token, 'base64url')).toHaveLength(32);
      const a = await g.codeFor(inv);
      const confirmedSession = (await g.verify(inv.token, a.session, a.code)).body.guestSession as string;
      expect(Buffer.from(confirmedSession, 'base64url')).toHaveLength(32);

      const hits: string[] = [];
      // A message's template is on its outbox row, its bodies in mail_bodies (mail_id).
      const templates = new Map((await db().selectFrom('mail_outbox').select(['id', 'template']).execute()).map((m) => [m.id, m.template]));
      for (const table of await db().introspection.getTables()) {
        const rows = await db()
          .selectFrom(table.name as 'users')
          .selectAll()
          .execute();
        for (const row of rows as Record<string, unknown>[]) {
          const text = JSON.stringify(row);
          const isMail = table.name === 'mail_outbox' || table.name === 'mail_bodies';
          const template = isMail ? templates.get(String(row.id ?? row.mail_id)) : undefined;
          if (text.includes(inv.token) && template !== 'guest-invite') hits.push(`${table.name}: link`);
          if (text.includes(a.session) || text.includes(confirmedSession)) hits.push(`${table.name}: session`);
          if (!isMail && text.includes(`"${a.code}"`)) hits.push(`${table.name}: code`);
        }
      }
      expect(hits).toEqual([]);
      expect((await inviteRow(inv.inviteId)).token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('answers 410 invite_expired on every guest endpoint once the invite expired, for a confirmed session too', async () => {
      const inv = await g.invited(submitter);
      const session = await g.confirmed(inv);
      const { expires_at } = await inviteRow(inv.inviteId);
      s.clock!.set(Number(expires_at));
      const answers = [
        await g.page(inv.token, session),
        await g.askCode(inv.token),
        await g.verify(inv.token, session, '12345678'),
        await g.decide(inv.token, session, { decision: 'approve' }),
        await s.client.request('GET', `/api/v1/guest/${inv.token}/content`, { headers: { cookie: `signoff_guest=${session}` } }),
      ];
      expect(answers.map((r) => `${r.status} ${r.body?.code}`)).toEqual(Array(5).fill('410 invite_expired'));
      expect((await k.recorded(inv.itemId)).votes).toBe(0);
    });

    it('answers 410 invite_revoked at once on every guest endpoint, for a confirmed session too', async () => {
      const inv = await g.invited(submitter);
      const session = await g.confirmed(inv);
      expect((await g.page(inv.token, session)).body.state).toBe('verified');
      const revoked = await s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/revoke`, {}, submitter.token);
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.body.status).toBe('revoked');
      const answers = [
        await g.page(inv.token, session),
        await g.askCode(inv.token, session),
        await g.verify(inv.token, session, '12345678'),
        await g.decide(inv.token, session, { decision: 'approve' }),
      ];
      expect(answers.map((r) => `${r.status} ${r.body?.code}`)).toEqual(Array(4).fill('410 invite_revoked'));
      expect((await k.recorded(inv.itemId)).votes).toBe(0);
      expect(await g.auditOf('guest.invite_revoked', inv.inviteId)).toHaveLength(1);
    });

    it('a resend gives a new link: the old link answers 404, the new one works, the expiry moves', async () => {
      const inv = await g.invited(submitter);
      const first = await inviteRow(inv.inviteId);
      s.clock!.advance(20 * MINUTE);
      const before = await g.outboxIds();
      const resent = await s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/resend`, {}, submitter.token);
      expect(resent.status, resent.text).toBe(200);
      expect(Date.parse(resent.body.expiresAt)).toBe(Number(first.expires_at) + 20 * MINUTE);
      const mails = await g.mailsSince(before, inv.email, 'guest-invite');
      expect(mails).toHaveLength(1);
      const token = linkToken(mails[0]!.text_body);
      expect(token).not.toBe(inv.token);
      const old = await g.page(inv.token);
      expect(old.status).toBe(404);
      expect(old.body.code).toBe('not_found');
      expect((await g.askCode(inv.token)).status).toBe(404);
      expect((await g.page(token)).body.state).toBe('code_required');
      await g.confirmed({ token, email: inv.email });
      expect(await g.auditOf('guest.invite_resent', inv.inviteId)).toHaveLength(1);
    });

    it('sends Referrer-Policy: no-referrer on guest API answers and on the guest page', async () => {
      const inv = await g.invited(submitter);
      const page = await s.client.request('GET', `/guest/${inv.token}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).not.toContain(inv.title);
      for (const res of [page, await g.page(inv.token), await g.page('x'.repeat(43)), await g.askCode(inv.token), await g.verify(inv.token, undefined, '1')]) {
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
    });
  });

  describe('I5: the decision', () => {
    it('records one vote for a burst of 10 concurrent decisions from a confirmed session, against the invited email', async () => {
      const inv = await g.invited(submitter);
      const session = await g.confirmed(inv);
      const answers = await Promise.all(Array.from({ length: 10 }, () => g.decide(inv.token, session, { decision: 'approve', comment: 'fine' })));
      const created = answers.filter((r) => r.status === 201);
      expect(created, answers.map((r) => `${r.status} ${r.body?.code}`).join(', ')).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 201)) {
        expect(r.status).toBe(409);
        expect(['already_decided', 'step_closed']).toContain(r.body.code);
      }
      expect((await k.recorded(inv.itemId)).votes).toBe(1);
      const decided = created[0]!.body.item.history.filter((h: { action: string }) => h.action === 'decided');
      expect(decided).toEqual([expect.objectContaining({ decision: 'approve', comment: 'fine', actor: { name: inv.name, email: inv.email, guest: true } })]);
      expect(created[0]!.body.item).toMatchObject({ decided: true, canDecide: false, status: 'approved' });
    });

    it('refuses a decision from a session that asked for a code but has not confirmed it, and records nothing', async () => {
      const inv = await g.invited(submitter);
      const { session } = await g.codeFor(inv);
      const res = await g.decide(inv.token, session, { decision: 'approve' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
      expect((await g.decide(inv.token, undefined, { decision: 'approve' })).status).toBe(401);
      expect((await k.recorded(inv.itemId)).votes).toBe(0);
    });
  });
});
