// API.md "Guests" on both databases: the guest page once confirmed (text and file content, the
// step, the history), the cookie that carries the guest session, a step that closes under the
// guest, and the owner's invite list, resend and revoke with who may use them (the submitter
// or an admin; a reviewer 403, anyone else, another organisation included, 404).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import { lockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { createSecondOrganization } from '../admin/admin-fixtures.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { guestKit } from './guest-fixtures.ts';

describe.each(DIALECTS)('%s: guests', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let g: ReturnType<typeof guestKit>;
  let submitter: Person;
  let reviewer: Person;
  let stranger: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    g = guestKit(s, k);
    submitter = await k.person('sam', { roles: ['owner'] });
    reviewer = await k.person('rita');
    stranger = await k.person('steve', { roles: ['owner'] });
  });
  afterAll(() => s?.stop());

  const invites = (itemId: string, token: string) => s.client.get(`/api/v1/items/${itemId}/invites`, token);
  const statusOf = async (itemId: string) => (await invites(itemId, submitter.token)).body.invites.map((i: { status: string }) => i.status);

  describe('the guest page', () => {
    it('shows a confirmed guest the item, the step, what they may do and the history', async () => {
      const inv = await g.invited(submitter);
      const session = await g.confirmed(inv);
      const res = await g.page(inv.token, session);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({
        state: 'verified',
        item: {
          id: inv.itemId,
          title: inv.title,
          description: '',
          status: 'in_review',
          contentHash: createHash('sha256').update(inv.content).digest('hex'),
          content: { type: 'text', text: inv.content },
          step: { index: 0, name: 'External review' },
          guest: { email: inv.email, name: inv.name },
          decided: false,
          canDecide: true,
          history: [expect.objectContaining({ action: 'submitted' })],
          comments: [],
        },
      });
    });

    it('carries the guest session in an HttpOnly, SameSite=Strict cookie scoped to the guest API, renewed on confirmation', async () => {
      const inv = await g.invited(submitter);
      const asked = await g.askCode(inv.token);
      const cookie = cookieFrom(asked, 'signoff_guest');
      expect(cookie).toBe(asked.body.guestSession);
      const attrs = asked.headers.getSetCookie().find((c) => c.startsWith('signoff_guest='))!;
      expect(attrs).toMatch(/; HttpOnly/i);
      expect(attrs).toMatch(/; SameSite=Strict/i);
      expect(attrs).toMatch(/; Path=\/api\/v1\/guest(;|$)/);
      expect(attrs).not.toMatch(/; Secure/i); // http:// base URL in tests; https:// adds Secure
      const [mail] = await g.mailsSince(new Set(), inv.email, 'email-code');
      const code = /^\s*([0-9]{8})\s*$/m.exec(mail!.text_body)![1]!;
      const verified = await s.client.request('POST', `/api/v1/guest/${inv.token}/verify`, { body: { code }, headers: { cookie: `signoff_guest=${cookie}` } });
      expect(verified.status, verified.text).toBe(200);
      const renewed = cookieFrom(verified, 'signoff_guest');
      expect(renewed).toBe(verified.body.guestSession);
      expect(renewed).not.toBe(cookie);
      expect((await g.page(inv.token, renewed)).body.state).toBe('verified');
      const decided = await s.client.request('POST', `/api/v1/guest/${inv.token}/decisions`, {
        body: { decision: 'reject', comment: 'wrong supplier' },
        headers: { cookie: `signoff_guest=${renewed}` },
      });
      expect(decided.status, decided.text).toBe(201);
      expect(decided.body.decision).toMatchObject({ step: 0, decision: 'reject', comment: 'wrong supplier' });
      expect(decided.body.item.status).toBe('rejected');
    });

    it('streams the item file to a confirmed session only', async () => {
      const bytes = Buffer.from('%PDF-1.7 certificate of analysis');
      const up = await fetch(`${s.url}/api/v1/uploads?name=coa.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${submitter.token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      expect(up.status).toBe(201);
      const inv = await g.invited(submitter, { uploadId: ((await up.json()) as { uploadId: string }).uploadId });
      const download = (session?: string) =>
        fetch(`${s.url}/api/v1/guest/${inv.token}/content`, { headers: session ? { cookie: `signoff_guest=${session}` } : {} });
      expect((await download()).status).toBe(401);
      const { session: pending } = await g.codeFor(inv);
      expect((await download(pending)).status).toBe(401);
      const session = await g.confirmed(inv);
      const page = await g.page(inv.token, session);
      expect(page.body.item.content).toEqual({ type: 'file', name: 'coa.pdf', size: bytes.length, downloadUrl: `/api/v1/guest/${inv.token}/content` });
      const file = await download(session);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
      expect(file.headers.get('x-content-sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(file.headers.get('content-disposition')).toContain('attachment');
    });

    it('says canDecide false once the step closed without the guest, and the decision answers 409 step_closed', async () => {
      const inv = await g.invited(submitter, { others: [{ user: reviewer.id }], threshold: { type: 'any' } });
      const session = await g.confirmed(inv);
      expect((await g.page(inv.token, session)).body.item.canDecide).toBe(true);
      expect((await k.decide(reviewer.token, inv.itemId, { step: 0, decision: 'approve' })).status).toBe(201);
      expect((await g.page(inv.token, session)).body.item).toMatchObject({ status: 'approved', decided: false, canDecide: false });
      const late = await g.decide(inv.token, session, { decision: 'reject', comment: 'too late' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('step_closed');
      expect(await statusOf(inv.itemId)).toEqual(['closed']);
    });

    it('says canDecide false on a cancelled item', async () => {
      const inv = await g.invited(submitter);
      const session = await g.confirmed(inv);
      expect((await s.client.post(`/api/v1/items/${inv.itemId}/cancel`, { reason: 'no longer needed' }, submitter.token)).status).toBe(200);
      expect((await g.page(inv.token, session)).body.item).toMatchObject({ status: 'cancelled', canDecide: false });
      expect((await g.decide(inv.token, session, { decision: 'approve' })).body.code).toBe('step_closed');
    });

    it('answers 404 to a link that was never issued', async () => {
      const res = await g.page('A'.repeat(43));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect((await g.page('short')).body.code).toBe('invalid_request');
    });
  });

  describe('the owner: list, resend, revoke', () => {
    it('lists invites with their state: pending, verified, decided', async () => {
      const inv = await g.invited(submitter);
      const listed = await invites(inv.itemId, submitter.token);
      expect(listed.status, listed.text).toBe(200);
      expect(listed.body.invites).toEqual([
        {
          id: inv.inviteId,
          email: inv.email,
          name: inv.name,
          step: 0,
          status: 'pending',
          createdAt: expect.any(String),
          expiresAt: expect.any(String),
          lastSentAt: expect.any(String),
        },
      ]);
      const session = await g.confirmed(inv);
      expect(await statusOf(inv.itemId)).toEqual(['verified']);
      await g.decide(inv.token, session, { decision: 'approve' });
      expect(await statusOf(inv.itemId)).toEqual(['decided']);
      const again = await s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/resend`, {}, submitter.token);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_decided');
      expect((await invites(inv.itemId, admin.token)).body.invites).toHaveLength(1);
    });

    // @see docs/security.md#k-reliability-under-concurrency K9
    it('never sends a new link to a guest who has decided: a resend at the same moment as the decision answers already_decided unless it came first', async () => {
      for (let i = 0; i < 6; i++) {
        const inv = await g.invited(submitter, { others: [{ user: reviewer.id }], threshold: { type: 'all' } });
        const session = await g.confirmed(inv);
        const [decided, resent] = await Promise.all([
          g.decide(inv.token, session, { decision: 'approve' }),
          s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/resend`, {}, submitter.token),
        ]);
        expect([decided.status, resent.status], `${decided.text} ${resent.text}`).not.toContain(500);
        if (resent.status === 200 && decided.status === 201) {
          // Both: the resend came first (the guest decided on the session they had confirmed).
          const seqOf = async (type: string) =>
            Number(
              (
                await s.signoff.services.db
                  .selectFrom('audit_entries')
                  .select('seq')
                  .where('type', '=', type)
                  .where('target_id', '=', inv.itemId)
                  .executeTakeFirstOrThrow()
              ).seq,
            );
          expect(await seqOf('guest.invite_resent')).toBeLessThan(await seqOf('decision.recorded'));
        } else if (decided.status === 201) expect([resent.status, resent.body.code]).toEqual([409, 'already_decided']);
        else expect(resent.status, `${decided.text} ${resent.text}`).toBe(200);
      }
    });

    // @see docs/security.md#k-reliability-under-concurrency K9
    it.runIf(dialect === 'postgres')('answers invite_revoked to a guest whose invitation is revoked while they decide: nothing recorded', async () => {
      const inv = await g.invited(submitter, { others: [{ user: reviewer.id }], threshold: { type: 'all' } });
      const session = await g.confirmed(inv);
      const other = await lockingConnection(s);
      try {
        // Both wait for the item's row, the revocation first.
        await other.holdRow('items', inv.itemId);
        const revoked = s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/revoke`, {}, submitter.token);
        await other.waitsFor(revoked, 'the revocation');
        const decided = g.decide(inv.token, session, { decision: 'approve' });
        await other.waitsFor(decided, 'the decision', 2);
        await other.query('commit');
        expect((await revoked).status).toBe(200);
        const res = await decided;
        // The old code answered already_decided: the revocation had closed the guest's task.
        expect([res.status, res.body.code], res.text).toEqual([410, 'invite_revoked']);
        expect((await k.recorded(inv.itemId)).votes).toBe(0);
        expect(await statusOf(inv.itemId)).toEqual(['revoked']);
      } finally {
        await other.end();
      }
    });

    it('revokes once: a second revoke changes nothing, and a revoked invite cannot be resent', async () => {
      const inv = await g.invited(submitter);
      const path = `/api/v1/items/${inv.itemId}/invites/${inv.inviteId}`;
      expect((await s.client.post(`${path}/revoke`, {}, admin.token)).body.status).toBe('revoked');
      expect((await s.client.post(`${path}/revoke`, {}, submitter.token)).body.status).toBe('revoked');
      expect(await g.auditOf('guest.invite_revoked', inv.inviteId)).toHaveLength(1);
      const resend = await s.client.post(`${path}/resend`, {}, submitter.token);
      expect(resend.status).toBe(410);
      expect(resend.body.code).toBe('invite_revoked');
    });

    it('revoking a guest who has not decided lets an "all" step close on the other reviewers\' votes', async () => {
      const inv = await g.invited(submitter, { others: [{ user: reviewer.id }], threshold: { type: 'all' } });
      expect((await k.decide(reviewer.token, inv.itemId, { step: 0, decision: 'approve' })).body.item.status).toBe('in_review');
      expect((await s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/revoke`, {}, submitter.token)).status).toBe(200);
      const item = await k.item(submitter.token, inv.itemId);
      expect(item.status).toBe('approved');
    });

    it('revoking the only guest of a step leaves it open for the owner to cancel', async () => {
      const inv = await g.invited(submitter);
      await s.client.post(`/api/v1/items/${inv.itemId}/invites/${inv.inviteId}/revoke`, {}, submitter.token);
      const item = await k.item(submitter.token, inv.itemId);
      expect(item).toMatchObject({ status: 'in_review', canCancel: true });
      expect(item.steps[0].votes).toEqual({ approve: 0, reject: 0, reviewers: 0 });
    });

    it('lets only the submitter or an admin manage invites: a reviewer gets 403, anyone else 404, and nothing changes', async () => {
      const inv = await g.invited(submitter, { others: [{ user: reviewer.id }] });
      const other = await createSecondOrganization(s);
      const otherToken = await other.token();
      const before = { mail: await g.count('mail_outbox'), audit: await g.count('audit_entries') };
      const path = `/api/v1/items/${inv.itemId}/invites`;
      for (const [token, status] of [
        [reviewer.token, 403],
        [stranger.token, 404],
        [otherToken, 404],
      ] as const) {
        for (const res of [
          await s.client.get(path, token),
          await s.client.post(`${path}/${inv.inviteId}/resend`, {}, token),
          await s.client.post(`${path}/${inv.inviteId}/revoke`, {}, token),
        ]) {
          expect(res.status, res.text).toBe(status);
        }
      }
      expect((await s.client.get(path)).status).toBe(401);
      expect({ mail: await g.count('mail_outbox'), audit: await g.count('audit_entries') }).toEqual(before);
      expect(await statusOf(inv.itemId)).toEqual(['pending']);
    });

    it('answers 404 to an invite of another item', async () => {
      const a = await g.invited(submitter);
      const b = await g.invited(submitter);
      const res = await s.client.post(`/api/v1/items/${a.itemId}/invites/${b.inviteId}/revoke`, {}, submitter.token);
      expect(res.status).toBe(404);
      expect(await statusOf(b.itemId)).toEqual(['pending']);
    });
  });
});
