// One admin alone e-signing as another user (issue 10, item 5). The path that worked: revoke the
// victim's 2FA, request a password reset for the victim, read the link in the admin mailbox,
// set a password, sign in as the victim, enroll an authenticator, sign. Each step now fails or
// needs a second admin, and a signature made soon after a credential reset is marked.
// @see docs/security.md J5 (nobody, admins included, can sign as another user), H4;
// 21 CFR 11.200(a)(3) (use of another's signature must need two or more individuals).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { carriesCredential } from '../../../src/mail/index.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { emailedToken } from './two-factor-fixtures.ts';
import type { UserId } from '../../../src/platform/ids.ts';

const NEW_PASSWORD = 'an attacker chosen passphrase';
const HOUR = 3_600_000;

// @see docs/security.md#j-e-signatures-and-the-audit-trail J5
describe.each(DIALECTS)('%s: an admin alone forging an e-signature', (dialect) => {
  let s: TestServer;
  let ada: { token: string; userId: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let vic: Person;
  let plain: Person;
  let flow: string;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    ada = await setUp(s.client);
    k = workflowKit(s, () => ada.token);
    submitter = await k.person('sam');
    vic = await k.person('vic', { totp: true });
    plain = await k.person('pia', { totp: true });
  });
  afterAll(() => s?.stop());

  const db = () => s.signoff.services.db;
  const activeFactors = async (userId: UserId) =>
    (await db().selectFrom('factors').select('id').where('user_id', '=', userId).where('status', '=', 'active').execute()).length;
  /** The mail worker of the server delivers too: wait until `id` is sent, whoever sent it. */
  async function delivered(id: string) {
    for (let i = 0; i < 500; i++) {
      await s.signoff.services.mail.deliverDue();
      const row = await db().selectFrom('mail_outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status === 'sent') return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`message ${id} was not delivered`);
  }
  const revoke = (token: string, userId: string) => s.client.request('DELETE', `/api/v1/admin/two-factor/enrollments/${userId}`, { token });
  const auditTypes = async (type: string) => await db().selectFrom('audit_entries').select(['type', 'target_id', 'data']).where('type', '=', type).execute();
  const sign = (who: Person, itemId: string) =>
    k.decide(who.token, itemId, {
      step: 0,
      decision: 'approve',
      comment: 'conforms',
      secondFactor: { method: 'totp', code: k.freshTotp(who.secret!) },
      signature: { password: PASSWORD, meaning: 'approved' },
    });
  async function addAdmin(name: string) {
    const email = `${name}@acme.test`;
    const user = await createUser(s.client, ada.token, { email, name: name[0]!.toUpperCase() + name.slice(1), roles: ['admin'] });
    return { userId: user.id, email, token: (await k.signIn(email)).token };
  }

  // @see docs/security.md#h-enrollment-factor-changes-and-recovery H4
  it('without any e-signature step, an admin reset still happens at once (204)', async () => {
    const before = await activeFactors(plain.id);
    expect(before).toBeGreaterThan(0);
    const res = await revoke(ada.token, plain.id);
    expect(res.status, res.text).toBe(204);
    expect(await activeFactors(plain.id)).toBe(0);
    flow = await k.workflow([
      { name: 'QA release', reviewers: [{ user: vic.id }], threshold: { type: 'any' }, requireSignature: true, signatureMeanings: ['approved'] },
    ]);
  });

  it("admin revokes a signer's 2FA, resets the password through the mailbox and signs as them: every step refused", async () => {
    const item = await k.submit(submitter.token, flow);
    // 1. Revoke the victim's 2FA: the single admin is refused, nothing changes, the victim is told.
    const factors = await activeFactors(vic.id);
    const notice = await k.mailAfter(vic.email, 'security-notice', async () => {
      const res = await revoke(ada.token, vic.id);
      expect(res.status, res.text).toBe(409);
      expect(res.body.code).toBe('second_admin_required');
    });
    expect(notice.text_body).toMatch(/recovery link/i);
    expect(await activeFactors(vic.id)).toBe(factors);
    expect(await auditTypes('two_factor.revoked')).toHaveLength(1); // only pia's, before the workflow existed
    // 2. Request a password reset for the victim: anyone may, and the link goes to the victim.
    const resetMail = await k.mailAfter(vic.email, 'password-reset', async () =>
      expect((await s.client.post('/api/v1/auth/password-reset', { email: vic.email })).status).toBe(202),
    );
    await delivered(resetMail.id);
    // 3. Read the link in the admin mailbox: a placeholder only.
    const box = await s.client.get('/api/v1/dev/mailbox', ada.token);
    expect(box.status, box.text).toBe(200);
    const listed = (box.body.messages as { id: string; to: string; text: string; html: string; redacted: boolean }[]).find((m) => m.id === resetMail.id);
    expect(listed).toMatchObject({ to: vic.email, redacted: true, html: '', text: `Credential message for ${vic.email}, not shown.` });
    const token = emailedToken(resetMail, s.signoff.config.baseUrl, 'reset-password');
    expect(JSON.stringify(box.body)).not.toContain(token);
    // 4. Sign in as the victim: even with the password the second factor stands in the way.
    const half = await k.signIn(vic.email);
    expect(half.state).toBe('second_factor_required');
    const decided = await k.decide(half.token, item.id, { step: 0, decision: 'approve', signature: { password: PASSWORD, meaning: 'approved' } });
    expect(decided.status).not.toBe(201);
    expect(await k.recorded(item.id)).toMatchObject({ votes: 0, signatures: 0 });
  });

  it("the mailbox still shows an admin their own credential messages, and other people's notices", async () => {
    const own = await k.mailAfter('ada@acme.test', 'password-reset', () => s.client.post('/api/v1/auth/password-reset', { email: 'ada@acme.test' }));
    await delivered(own.id);
    const messages = (await s.client.get('/api/v1/dev/mailbox', ada.token)).body.messages as {
      id: string;
      to: string;
      text: string;
      redacted: boolean;
      subject: string;
    }[];
    expect(messages.find((m) => m.id === own.id)).toMatchObject({ redacted: false });
    expect(messages.find((m) => m.id === own.id)!.text).toContain('/reset-password#token=');
    const notice = messages.find((m) => m.to === vic.email && /security notice/.test(m.subject));
    expect(notice).toMatchObject({ redacted: false });
    // Every message is judged by its template (MAIL_TEMPLATES) and recipient, nothing else.
    const templates = new Map((await db().selectFrom('mail_outbox').select(['id', 'template']).execute()).map((r) => [r.id, r.template]));
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(m.redacted, `${templates.get(m.id)} to ${m.to}`).toBe(m.to !== 'ada@acme.test' && carriesCredential(templates.get(m.id)!));
    expect(messages.some((m) => m.redacted)).toBe(true);
  });

  describe('with a second admin', () => {
    let bob: Awaited<ReturnType<typeof addAdmin>>;
    let cy: Awaited<ReturnType<typeof addAdmin>>;
    beforeAll(async () => {
      bob = await addAdmin('bob');
      cy = await addAdmin('cy');
    });
    /** Sessions time out while the manual clock moves on: sign everyone in again. */
    async function later(ms: number) {
      k.clock.advance(ms);
      ada.token = await login(s.client, ADMIN.email, ADMIN.password);
      bob.token = (await k.signIn(bob.email)).token;
      cy.token = (await k.signIn(cy.email)).token;
      submitter = { ...submitter, token: (await k.signIn(submitter.email)).token };
    }
    const approve = (token: string, id: string) => s.client.post(`/api/v1/admin/two-factor/reset-requests/${id}/approve`, {}, token);
    const reject = (token: string, id: string) => s.client.post(`/api/v1/admin/two-factor/reset-requests/${id}/reject`, {}, token);

    it("an admin's reset of a signer is a pending request (202); the user is emailed; nothing changes yet; the requester cannot approve it", async () => {
      const factors = await activeFactors(vic.id);
      let res!: Awaited<ReturnType<typeof revoke>>;
      const mail = await k.mailAfter(vic.email, 'security-notice', async () => {
        res = await revoke(ada.token, vic.id);
      });
      expect(res.status, res.text).toBe(202);
      expect(res.body).toMatchObject({
        status: 'pending',
        request: { user: { id: vic.id }, requestedBy: { id: ada.userId }, status: 'pending', decidedBy: null },
      });
      expect(mail.text_body).toMatch(/second administrator must approve/);
      expect(await activeFactors(vic.id)).toBe(factors);
      // Asking again answers the same request.
      const again = await revoke(ada.token, vic.id);
      expect(again.status).toBe(202);
      expect(again.body.request.id).toBe(res.body.request.id);
      const own = await approve(ada.token, res.body.request.id);
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('own_reset_request');
      expect(await activeFactors(vic.id)).toBe(factors);
      const list = await s.client.get('/api/v1/admin/two-factor/reset-requests', bob.token);
      expect(list.status).toBe(200);
      expect(list.body.requests).toEqual([expect.objectContaining({ id: res.body.request.id, status: 'pending' })]);
      // Withdrawn by its requester: nothing changed.
      const withdrawn = await reject(ada.token, res.body.request.id);
      expect(withdrawn.status, withdrawn.text).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'rejected', decidedBy: { id: ada.userId } });
      expect(await activeFactors(vic.id)).toBe(factors);
      expect((await approve(bob.token, res.body.request.id)).body.code).toBe('reset_request_closed');
    });

    it('only admins see and decide reset requests; an unknown id is 404 and changes nothing', async () => {
      const res = await revoke(ada.token, vic.id);
      expect(res.status).toBe(202);
      const id = res.body.request.id as string;
      for (const [method, path] of [
        ['GET', '/api/v1/admin/two-factor/reset-requests'],
        ['POST', `/api/v1/admin/two-factor/reset-requests/${id}/approve`],
        ['POST', `/api/v1/admin/two-factor/reset-requests/${id}/reject`],
        ['DELETE', `/api/v1/admin/two-factor/enrollments/${vic.id}`],
      ] as const) {
        const refused = await s.client.request(method, path, { token: submitter.token, ...(method === 'POST' ? { body: {} } : {}) });
        expect(refused.status, `${method} ${path}`).toBe(403);
        expect(refused.body.code).toBe('forbidden');
      }
      const unknown = await approve(bob.token, 'rst_aaaaaaaaaaaaaaaaaaaaaaaaaa');
      expect(unknown.status).toBe(404);
      expect(await activeFactors(vic.id)).toBeGreaterThan(0);
      expect((await reject(bob.token, id)).status).toBe(200);
    });

    it('a request expires after 72 hours unapproved', async () => {
      const res = await revoke(ada.token, vic.id);
      expect(res.status).toBe(202);
      await later(72 * HOUR + 1000);
      const late = await approve(bob.token, res.body.request.id);
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('reset_request_closed');
      const listed = (await s.client.get('/api/v1/admin/two-factor/reset-requests', ada.token)).body.requests as { id: string }[];
      expect(listed.find((r) => r.id === res.body.request.id)).toMatchObject({ status: 'expired' });
      expect(await activeFactors(vic.id)).toBeGreaterThan(0);
      // A new request replaces the expired one.
      const fresh = await revoke(ada.token, vic.id);
      expect(fresh.status).toBe(202);
      expect(fresh.body.request.id).not.toBe(res.body.request.id);
      expect((await reject(cy.token, fresh.body.request.id)).status).toBe(200);
    });

    it('two admins approving at once: one approval counts, the other is told it is closed', async () => {
      await later(HOUR);
      const other = await k.person('otto', { totp: true });
      const res = await revoke(ada.token, other.id);
      expect(res.status).toBe(202);
      const answers = await Promise.all([approve(bob.token, res.body.request.id), approve(cy.token, res.body.request.id)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('reset_request_closed');
      expect((await auditTypes('two_factor.reset_approved')).filter((e) => e.target_id === other.id)).toHaveLength(1);
      expect((await auditTypes('two_factor.revoked')).filter((e) => e.target_id === other.id)).toHaveLength(1);
      expect(await activeFactors(other.id)).toBe(0);
    });

    it('two admins: reset approved → the user re-enrolls → signs → the signature is marked credentialsReset by both admins', async () => {
      const res = await revoke(ada.token, vic.id);
      expect(res.status).toBe(202);
      const approved = await approve(bob.token, res.body.request.id);
      expect(approved.status, approved.text).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: { id: bob.userId } });
      expect(await activeFactors(vic.id)).toBe(0);
      // The old session ended with the reset.
      expect((await s.client.get('/api/v1/auth/session', vic.token)).status).toBe(401);
      const resetAt = new Date(k.clock.now()).toISOString();
      await later(HOUR);
      const session = await k.signIn(vic.email);
      const totp = await k.enableTotp(session.token);
      vic = { ...vic, token: totp.token, secret: totp.secret };
      const item = await k.submit(submitter.token, flow);
      const signed = await sign(vic, item.id);
      expect(signed.status, signed.text).toBe(201);
      const expected = {
        at: resetAt,
        event: 'two_factor.revoked',
        by: [
          { userId: ada.userId, label: 'ada@acme.test' },
          { userId: bob.userId, label: bob.email },
        ],
      };
      expect(signed.body.decision.signature.credentialsReset).toEqual(expected);
      const view = await k.item(submitter.token, item.id);
      const entry = view.history.find((h: { signature?: unknown }) => h.signature);
      expect(entry.signature.credentialsReset).toEqual(expected);

      // A day later, the mark is gone from new signatures (and stays on the old one).
      await later(24 * HOUR);
      vic = { ...vic, token: (await k.signInWithTotp(vic.email, vic.secret!)).token };
      const next = await k.submit(submitter.token, flow);
      const signedLater = await sign(vic, next.id);
      expect(signedLater.status, signedLater.text).toBe(201);
      expect(signedLater.body.decision.signature.credentialsReset).toBeNull();
      expect((await k.item(submitter.token, item.id)).history.find((h: { signature?: unknown }) => h.signature).signature.credentialsReset).toEqual(expected);
    });

    it('a password reset the user completed themself marks their next signature, by the user', async () => {
      await later(HOUR);
      const mail = await k.mailAfter(vic.email, 'password-reset', () => s.client.post('/api/v1/auth/password-reset', { email: vic.email }));
      const done = await s.client.post('/api/v1/auth/password-reset/confirm', {
        token: emailedToken(mail, s.signoff.config.baseUrl, 'reset-password'),
        password: NEW_PASSWORD,
      });
      expect(done.status, done.text).toBe(204);
      const at = new Date(k.clock.now()).toISOString();
      const half = await k.signIn(vic.email, { password: NEW_PASSWORD });
      const full = await k.finish(half.token, { method: 'totp', code: k.freshTotp(vic.secret!) });
      expect(full.status, full.text).toBe(200);
      vic = { ...vic, token: full.body.token };
      const item = await k.submit(submitter.token, flow);
      const signed = await k.decide(vic.token, item.id, {
        step: 0,
        decision: 'approve',
        secondFactor: { method: 'totp', code: k.freshTotp(vic.secret!) },
        signature: { password: NEW_PASSWORD, meaning: 'approved' },
      });
      expect(signed.status, signed.text).toBe(201);
      expect(signed.body.decision.signature.credentialsReset).toEqual({ at, event: 'password_reset.completed', by: [{ userId: vic.id, label: 'Vic' }] });
    });

    it('a 2FA recovery by email marks the next signature, by the user', async () => {
      await later(HOUR);
      expect((await s.client.patch('/api/v1/admin/settings', { recovery: 'email' }, ada.token)).status).toBe(200);
      const half = await k.signIn(vic.email, { password: NEW_PASSWORD });
      expect(half.state).toBe('second_factor_required');
      const mail = await k.mailAfter(vic.email, 'two-factor-recovery', async () =>
        expect((await s.client.post('/api/v1/auth/two-factor-recovery', {}, half.token)).status).toBe(202),
      );
      expect(
        (await s.client.post('/api/v1/auth/two-factor-recovery/confirm', { token: emailedToken(mail, s.signoff.config.baseUrl, 'recover-2fa') })).status,
      ).toBe(204);
      const at = new Date(k.clock.now()).toISOString();
      const session = await k.signIn(vic.email, { password: NEW_PASSWORD });
      const totp = await k.enableTotp(session.token);
      vic = { ...vic, token: totp.token, secret: totp.secret };
      const item = await k.submit(submitter.token, flow);
      const signed = await k.decide(vic.token, item.id, {
        step: 0,
        decision: 'approve',
        secondFactor: { method: 'totp', code: k.freshTotp(vic.secret!) },
        signature: { password: NEW_PASSWORD, meaning: 'approved' },
      });
      expect(signed.status, signed.text).toBe(201);
      expect(signed.body.decision.signature.credentialsReset).toEqual({ at, event: 'two_factor.recovered', by: [{ userId: vic.id, label: 'Vic' }] });
    });

    it('an e-signature step only in the version an item in review follows still needs the second admin', async () => {
      // Remove the signature requirement from the current version; an item in review keeps the old one.
      await later(HOUR);
      const inReview = await k.submit(submitter.token, flow);
      const put = await s.client.request('PUT', `/api/v1/workflows/${flow}`, {
        token: ada.token,
        body: {
          name: 'QA release',
          steps: [{ name: 'QA release', reviewers: [{ user: vic.id }], threshold: { type: 'any' }, requireSignature: false, onReject: 'end' }],
        },
      });
      expect(put.status, put.text).toBe(200);
      const res = await revoke(ada.token, vic.id);
      expect(res.status, res.text).toBe(202);
      expect((await reject(bob.token, res.body.request.id)).status).toBe(200);
      expect(inReview.id).toBeTruthy();
    });
  });
});
