// docs/guide.md §5 over the API on both databases: thresholds, reject paths, versioning, who may
// decide, closed steps, and step-up at protected steps (docs/security.md F7–F9, J9, K1).
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { afterAll } from 'vitest';
import { emailedCode } from '../two-factor/two-factor-fixtures.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

describe.each(DIALECTS)('decisions on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let dave: Person;
  let noFactor: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam', { roles: ['owner'] });
    [alice, bob, carol, dave] = [
      await k.person('alice', { totp: true }),
      await k.person('bob', { totp: true }),
      await k.person('carol', { totp: true }),
      await k.person('dave'),
    ];
    noFactor = await k.person('nora');
  });
  afterAll(() => s?.stop());

  describe('thresholds and routing', () => {
    it('all: the step approves only when every reviewer approved, then the next step opens', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }, { user: noFactor.id }], threshold: { type: 'all' } }, { reviewers: [{ user: dave.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      expect((await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' })).status).toBe(201);
      expect((await k.item(submitter.token, it1.id)).currentStep).toBe(0);
      const last = await k.decide(noFactor.token, it1.id, { step: 0, decision: 'approve', comment: 'ok' });
      expect(last.status, last.text).toBe(201);
      expect(last.body.item.currentStep).toBe(1);
      expect(last.body.item.steps.map((x: { status: string }) => x.status)).toEqual(['approved', 'open']);
      const done = await k.decide(dave.token, it1.id, { step: 1, decision: 'approve' });
      expect(done.body.item.status).toBe('approved');
      expect(done.body.item.history.map((h: { action: string }) => h.action)).toEqual([
        'submitted',
        'decided',
        'decided',
        'step_approved',
        'decided',
        'step_approved',
        'approved',
      ]);
    });

    it('all: one rejection ends the item', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }, { user: noFactor.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      const res = await k.decide(dave.token, it1.id, { step: 0, decision: 'reject', comment: 'wrong lot number' });
      expect(res.body.item.status).toBe('rejected');
      expect((await k.decide(noFactor.token, it1.id, { step: 0, decision: 'approve' })).body.code).toBe('step_closed');
    });

    it("any: the first approval closes the step and the other reviewers' tasks", async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }, { user: noFactor.id }], threshold: { type: 'any' } }]);
      const it1 = await k.submit(submitter.token, wf);
      expect((await k.decide(noFactor.token, it1.id, { step: 0, decision: 'reject', comment: 'not ready' })).body.item.status).toBe('in_review');
      expect((await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' })).body.item.status).toBe('approved');
      const tasks = await s.client.get('/api/v1/tasks', noFactor.token);
      expect(tasks.body.tasks.map((t: { itemId: string }) => t.itemId)).not.toContain(it1.id);
    });

    it('at least N: closes when N approve, or rejects once N can no longer be reached', async () => {
      const group = await s.client.post('/api/v1/admin/groups', { name: `QA ${Date.now()}`, members: [dave.id, noFactor.id, submitter.id] }, admin.token);
      expect(group.status, group.text).toBe(201);
      const wf = await k.workflow([{ reviewers: [{ group: group.body.id }, { user: alice.id }], threshold: { type: 'count', n: 2 } }]);
      const a = await k.submit(submitter.token, wf);
      // The submitter is in the group but is no reviewer of their own item: 3 reviewers, not 4.
      expect((await k.item(submitter.token, a.id)).steps[0].votes).toEqual({ approve: 0, reject: 0, reviewers: 3 });
      await k.decide(dave.token, a.id, { step: 0, decision: 'reject', comment: 'not ready' });
      expect((await k.item(submitter.token, a.id)).status).toBe('in_review');
      expect((await k.decide(noFactor.token, a.id, { step: 0, decision: 'reject', comment: 'not ready' })).body.item.status).toBe('rejected');
      const b = await k.submit(submitter.token, wf);
      await k.decide(dave.token, b.id, { step: 0, decision: 'approve' });
      expect((await k.decide(noFactor.token, b.id, { step: 0, decision: 'approve' })).body.item.status).toBe('approved');
    });

    it('a rejection with onReject "previous" sends the item back to the previous step for a new round', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }, { reviewers: [{ user: noFactor.id }], onReject: 'previous' }]);
      const it1 = await k.submit(submitter.token, wf);
      await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' });
      const back = await k.decide(noFactor.token, it1.id, { step: 1, decision: 'reject', comment: 'needs the signature page' });
      expect(back.body.item.status).toBe('in_review');
      expect(back.body.item.currentStep).toBe(0);
      expect(back.body.item.history.map((h: { action: string }) => h.action).slice(-2)).toEqual(['step_rejected', 'returned']);
      // Dave decides again in the new round.
      expect((await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' })).status).toBe(201);
    });

    it('an item keeps the workflow version it started with', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      const put = await s.client.request('PUT', `/api/v1/workflows/${wf}`, {
        token: admin.token,
        body: { name: 'Renamed', steps: [{ name: 'Only', reviewers: [{ user: noFactor.id }] }] },
      });
      expect(put.body.version).toBe(2);
      const view = await k.item(submitter.token, it1.id);
      expect(view.workflow.version).toBe(1);
      expect((await k.decide(noFactor.token, it1.id, { step: 0, decision: 'approve' })).body.code).toBe('not_a_reviewer');
      expect((await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' })).status).toBe(201);
      const it2 = await k.submit(submitter.token, wf);
      expect((await k.item(submitter.token, it2.id)).workflow.version).toBe(2);
    });
  });

  describe('who may decide', () => {
    it('the submitter cannot decide on their own item, even when named as a reviewer', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: submitter.id }, { user: dave.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      const before = await k.recorded(it1.id);
      const res = await k.decide(submitter.token, it1.id, { step: 0, decision: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('not_a_reviewer');
      expect(await k.recorded(it1.id)).toEqual(before);
    });

    it('refuses a step whose only reviewer is the submitter at submission', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: submitter.id }] }]);
      const res = await s.client.post('/api/v1/items', { workflowId: wf, title: 'Self', content: 'x' }, submitter.token);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('no_reviewers');
    });

    it('someone who is not a reviewer of the step is refused and cannot read the item', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      const res = await k.decide(noFactor.token, it1.id, { step: 0, decision: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('not_a_reviewer');
      expect((await s.client.get(`/api/v1/items/${it1.id}`, noFactor.token)).status).toBe(404);
    });

    it('a second decision by the same reviewer is refused with already_decided', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }, { user: noFactor.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      expect((await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' })).status).toBe(201);
      const again = await k.decide(dave.token, it1.id, { step: 0, decision: 'reject', comment: 'not ready' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_decided');
    });

    it('a decision on a step that is not the open one is refused with step_closed', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }, { reviewers: [{ user: dave.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      expect((await k.decide(dave.token, it1.id, { step: 1, decision: 'approve' })).body.code).toBe('step_closed');
      await k.decide(dave.token, it1.id, { step: 'Step 1', decision: 'approve' });
      const late = await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('step_closed');
    });

    it('a cancelled item takes no more decisions', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      const it1 = await k.submit(submitter.token, wf);
      expect((await s.client.post(`/api/v1/items/${it1.id}/cancel`, { reason: 'no longer needed' }, dave.token)).status).toBe(403);
      const c = await s.client.post(`/api/v1/items/${it1.id}/cancel`, { reason: 'no longer needed' }, submitter.token);
      expect(c.body.status).toBe('cancelled');
      expect((await k.decide(dave.token, it1.id, { step: 0, decision: 'approve' })).body.code).toBe('step_closed');
      expect((await s.client.post(`/api/v1/items/${it1.id}/cancel`, { reason: 'no longer needed' }, submitter.token)).body.code).toBe('item_closed');
    });
  });

  describe('step-up at a protected step', () => {
    const protectedFlow = () =>
      k.workflow([{ reviewers: [{ user: alice.id }, { user: bob.id }, { user: noFactor.id }], threshold: { type: 'any' }, requireTwoFactor: true }]);

    it('asks for a second factor (RFC 9470) and records nothing', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const before = await k.recorded(it1.id);
      const res = await k.decide(alice.token, it1.id, { step: 0, decision: 'approve', comment: 'checked' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('second_factor_required');
      expect(res.body.methods).toEqual(expect.arrayContaining(['totp', 'backup_code']));
      expect(res.body.challengeId).toMatch(/^chl_/);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_user_authentication"');
      expect(await k.recorded(it1.id)).toEqual(before);
    });

    it('records the vote with a fresh TOTP code and shows the 2FA verified badge with its method', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const res = await k.decide(alice.token, it1.id, {
        step: 0,
        decision: 'approve',
        comment: 'checked',
        secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.decision).toMatchObject({ decision: 'approve', method: 'totp', comment: 'checked' });
      const entry = res.body.item.history.find((h: { action: string }) => h.action === 'decided');
      expect(entry).toMatchObject({ badges: ['2fa_verified'], method: 'totp', decision: 'approve', comment: 'checked' });
    });

    it('a wrong code records nothing and leaves the reviewer free to retry', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const before = await k.recorded(it1.id);
      const bad = await k.decide(bob.token, it1.id, {
        step: 0,
        decision: 'reject',
        comment: 'not ready',
        secondFactor: { method: 'totp', code: k.wrongTotp(bob.secret!) },
      });
      expect(bad.status).toBe(403);
      expect(bad.body.code).toBe('second_factor_invalid');
      expect(await k.recorded(it1.id)).toEqual(before);
      // Failed attempts are in the security log, not in the item history.
      const log = await s.client.get('/api/v1/admin/audit?type=second_factor.failed', admin.token);
      // …labelled with who it was (their email), for the auditor.
      expect(
        log.body.entries.some((e: { data: { purpose: string }; actor: { label: string } }) => e.data.purpose === 'decision' && e.actor.label === bob.email),
      ).toBe(true);
      expect((await k.item(submitter.token, it1.id)).history.map((h: { action: string }) => h.action)).toEqual(['submitted']);
      const good = await k.decide(bob.token, it1.id, {
        step: 0,
        decision: 'reject',
        comment: 'not ready',
        secondFactor: { method: 'totp', code: k.freshTotp(bob.secret!) },
      });
      expect(good.status, good.text).toBe(201);
    });

    it('refuses a code already used at login (F7)', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const half = await k.signIn(alice.email);
      const code = k.freshTotp(alice.secret!);
      const done = await k.finish(half.token, { method: 'totp', code });
      expect(done.status).toBe(200);
      const res = await k.decide(done.body.token, it1.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('second_factor_invalid');
      expect((await k.recorded(it1.id)).votes).toBe(0);
    });

    it('refuses a code already used for another decision (F7)', async () => {
      const wf = await protectedFlow();
      const one = await k.submit(submitter.token, wf);
      const two = await k.submit(submitter.token, wf);
      const code = k.freshTotp(alice.secret!);
      expect((await k.decide(alice.token, one.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } })).status).toBe(201);
      const replay = await k.decide(alice.token, two.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } });
      expect(replay.status).toBe(403);
      expect(replay.body.code).toBe('second_factor_invalid');
      expect((await k.recorded(two.id)).votes).toBe(0);
    });

    it('an emailed code opened for approve does not verify a reject, nor another comment', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      // Give Bob an email factor (proving his TOTP), then open an email challenge for "approve".
      await k.addEmailFactor(bob.token, `bob-mail.${Date.now()}@acme.test`, bob.secret!);
      const bobToken = (await k.signInWithTotp(bob.email, bob.secret!)).token;
      let challengeId = '';
      const mail = await k.mailAfter(
        (await s.signoff.services.db.selectFrom('factors').select('email').where('user_id', '=', bob.id).where('type', '=', 'email').executeTakeFirstOrThrow())
          .email!,
        'email-code',
        async () => {
          const ch = await s.client.post(
            `/api/v1/items/${it1.id}/decisions/challenge`,
            { step: 0, decision: 'approve', comment: 'fine', method: 'email_code' },
            bobToken,
          );
          expect(ch.status, ch.text).toBe(201);
          challengeId = ch.body.challengeId;
        },
      );
      const code = emailedCode(mail);
      const before = await k.recorded(it1.id);
      for (const swapped of [
        { decision: 'reject' as const, comment: 'fine' },
        { decision: 'approve' as const, comment: 'fine, and more' },
      ]) {
        const res = await k.decide(bobToken, it1.id, { step: 0, ...swapped, secondFactor: { method: 'email_code', code, challengeId } });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('second_factor_invalid');
      }
      expect(await k.recorded(it1.id)).toEqual(before);
      const ok = await k.decide(bobToken, it1.id, { step: 0, decision: 'approve', comment: 'fine', secondFactor: { method: 'email_code', code, challengeId } });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.body.decision.method).toBe('email_code');
    });

    it('a TOTP code sent with the challenge of another decision is refused', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const refusal = await k.decide(alice.token, it1.id, { step: 0, decision: 'approve' });
      const res = await k.decide(alice.token, it1.id, {
        step: 0,
        decision: 'reject',
        comment: 'not ready',
        secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!), challengeId: refusal.body.challengeId },
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('second_factor_invalid');
      expect((await k.recorded(it1.id)).votes).toBe(0);
    });

    it('checks the right to vote before the code: a refused decision leaves the code unspent', async () => {
      const mine = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: carol.id }], requireTwoFactor: true }]));
      const notMine = await k.submit(submitter.token, await protectedFlow());
      const code = k.freshTotp(carol.secret!);
      const refused = await k.decide(carol.token, notMine.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } });
      expect(refused.body.code).toBe('not_a_reviewer');
      const closed = await k.decide(carol.token, mine.id, { step: 1, decision: 'approve', secondFactor: { method: 'totp', code } });
      expect(closed.body.code).toBe('step_closed');
      const ok = await k.decide(carol.token, mine.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } });
      expect(ok.status, ok.text).toBe(201);
    });

    it('a reviewer without a factor is told to contact an admin, and the others can still decide', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const view = await k.item(noFactor.token, it1.id);
      expect(view.myTask).toMatchObject({ canDecide: false, reason: 'second_factor_not_enrolled', methods: [] });
      const res = await k.decide(noFactor.token, it1.id, { step: 0, decision: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('second_factor_not_enrolled');
      expect((await k.recorded(it1.id)).votes).toBe(0);
      expect(
        (await k.decide(alice.token, it1.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) } })).status,
      ).toBe(201);
    });

    it('a reviewer without a factor who sends a code anyway is told to contact an admin: the method at hand counts for nothing', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const res = await k.decide(noFactor.token, it1.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: '123456' } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('second_factor_not_enrolled');
      expect((await k.recorded(it1.id)).votes).toBe(0);
    });

    it('decides with a backup code while the reviewer has one left', async () => {
      const it1 = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: carol.id }], requireTwoFactor: true }]));
      const codes = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: k.freshTotp(carol.secret!) } }, carol.token);
      expect(codes.status, codes.text).toBe(201);
      const res = await k.decide(carol.token, it1.id, { step: 0, decision: 'approve', secondFactor: { method: 'backup_code', code: codes.body.codes[0] } });
      expect(res.status, res.text).toBe(201);
      expect((await k.recorded(it1.id)).votes).toBe(1);
    });

    it("honours the organisation's stepUpMethods: backup codes refused when not listed", async () => {
      const current = (await s.client.get('/api/v1/admin/settings', admin.token)).body;
      const patch = await s.client.patch('/api/v1/admin/settings', { stepUpMethods: ['totp', 'webauthn'] }, admin.token);
      expect(patch.status, patch.text).toBe(200);
      try {
        const it1 = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: carol.id }], requireTwoFactor: true }]));
        const refusal = await k.decide(carol.token, it1.id, { step: 0, decision: 'approve' });
        expect(refusal.body.methods, refusal.text).toEqual(['totp']);
        expect((await k.item(carol.token, it1.id)).myTask.methods).toEqual(['totp']);
        const carolCodes = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: k.freshTotp(carol.secret!) } }, carol.token);
        const backup = carolCodes.body.codes?.[0] ?? '00000000';
        const res = await k.decide(carol.token, it1.id, { step: 0, decision: 'approve', secondFactor: { method: 'backup_code', code: backup } });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('second_factor_invalid');
        expect((await k.recorded(it1.id)).votes).toBe(0);
      } finally {
        await s.client.patch('/api/v1/admin/settings', { stepUpMethods: current.stepUpMethods }, admin.token);
      }
    });

    it('rotates a cookie session after a protected decision; a bearer token stays usable', async () => {
      const it1 = await k.submit(submitter.token, await protectedFlow());
      const session = await s.client.get('/api/v1/auth/session', alice.token);
      const res = await s.client.request('POST', `/api/v1/items/${it1.id}/decisions`, {
        body: { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) } },
        headers: { cookie: `signoff_session=${alice.token}`, 'x-csrf-token': session.body.csrfToken },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.token).toBeTruthy();
      expect((await s.client.get('/api/v1/auth/session', alice.token)).status).toBe(401);
      alice.token = res.body.token;
      expect((await s.client.get('/api/v1/auth/session', alice.token)).status).toBe(200);
    });

    // @see docs/security.md#k-reliability-under-concurrency K9
    it('records one of two protected decisions sent at the same moment from one cookie session (two tabs): the other finds the session replaced and keeps nothing', async () => {
      const [first, second] = [await k.submit(submitter.token, await protectedFlow()), await k.submit(submitter.token, await protectedFlow())];
      const codes = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) } }, alice.token);
      expect(codes.status, codes.text).toBe(201);
      const session = await s.client.get('/api/v1/auth/session', alice.token);
      const asCookie = { cookie: `signoff_session=${alice.token}`, 'x-csrf-token': session.body.csrfToken };
      const answers = await Promise.all(
        [
          { item: first, secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) } },
          { item: second, secondFactor: { method: 'backup_code', code: codes.body.codes[0] } },
        ].map(({ item, secondFactor }) =>
          s.client.request('POST', `/api/v1/items/${item.id}/decisions`, { body: { step: 0, decision: 'approve', secondFactor }, headers: asCookie }),
        ),
      );
      // The session is renewed once: the second decision finds it replaced, is refused and keeps
      // nothing, its proof unspent (both used to be recorded and start a session each).
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(' ')).toEqual([201, 401]);
      const refused = answers.findIndex((a) => a.status === 401);
      expect(answers[refused]!.body.code).toBe('unauthenticated');
      expect((await k.recorded([first, second][refused]!.id)).votes).toBe(0);
      const successors = answers.map((a) => a.body.token as string | undefined).filter((t) => t !== undefined);
      expect(successors).toHaveLength(1);
      expect((await s.client.get('/api/v1/auth/session', alice.token)).status).toBe(401);
      alice.token = successors[0]!;
      expect((await s.client.get('/api/v1/auth/session', alice.token)).status).toBe(200);
    });
  });
});
