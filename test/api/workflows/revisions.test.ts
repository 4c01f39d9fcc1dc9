// Issue 13 items 1 and 2 over the API on both databases: revise and resubmit (a new content
// version voids earlier approvals and signatures, which stay in the history against the
// version they were given for; a challenge or decision bound to the old version is refused;
// a revision racing a decision is serialised), and reasons (a rejection, an approval where the
// step asks, and a cancellation need one, checked before any second factor is spent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/evidence/index.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { emailedCode } from '../two-factor/two-factor-fixtures.ts';
import { guestKit } from '../guests/guest-fixtures.ts';
import { workflowKit, type Person, type StepInput } from './workflow-fixtures.ts';

type History = {
  action: string;
  revision?: number;
  comment?: string;
  decision?: string;
  signature?: { valid: boolean; revision?: number; superseded?: boolean };
}[];

describe.each(DIALECTS)('revisions and reasons on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let rita: Person;
  let vic: Person;
  let dave: Person;
  let olga: Person;
  let outsider: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam');
    [rita, vic] = [await k.person('rita', { totp: true }), await k.person('vic', { totp: true })];
    [dave, olga, outsider] = [await k.person('dave'), await k.person('olga'), await k.person('otto')];
  });
  afterAll(() => s?.stop());

  const db = () => s.signoff.services.db;
  const revise = (token: string, itemId: string, body: Record<string, unknown>) => s.client.post(`/api/v1/items/${itemId}/revisions`, body, token);
  const workflowWith = async (steps: StepInput[], extra: Record<string, unknown> = {}) => {
    const res = await s.client.post(
      '/api/v1/workflows',
      { name: `Revisable ${Date.now()}`, steps: steps.map((st, i) => ({ name: `Step ${i + 1}`, ...st })), ...extra },
      admin.token,
    );
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const reviewMails = async (to: string) =>
    (await db().selectFrom('mail_outbox').select('id').where('to_address', '=', to).where('template', '=', 'review-request').execute()).length;
  const totp = (p: Person) => ({ method: 'totp' as const, code: k.freshTotp(p.secret!) });

  describe('revise and resubmit', () => {
    it('a submitter answers a rejection with a new version and a note, the reviewer is asked again, and it is approved', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      const item = await k.submit(submitter.token, wf, 'Dosage: 10 mg\nLot: 42\n');
      const rejected = await k.decide(dave.token, item.id, { step: 0, decision: 'reject', comment: 'the lot number is wrong' });
      expect(rejected.body.item).toMatchObject({ status: 'rejected', revision: 1, canRevise: false });
      expect(await k.item(submitter.token, item.id)).toMatchObject({ status: 'rejected', revision: 1, canRevise: true });
      const asked = await reviewMails(dave.email);

      const res = await revise(submitter.token, item.id, { content: 'Dosage: 10 mg\nLot: 43\n', note: 'Corrected the lot number' });
      expect(res.status, res.text).toBe(201);
      const v2 = res.body;
      expect(v2).toMatchObject({ id: item.id, status: 'in_review', currentStep: 0, revision: 2 });
      expect(v2.contentHash).not.toBe(item.contentHash);
      expect(v2.content).toEqual({ type: 'text', text: 'Dosage: 10 mg\nLot: 43\n' });
      expect(v2.versions.map((v: { revision: number; note: string | null; contentHash: string }) => [v.revision, v.note, v.contentHash])).toEqual([
        [1, null, item.contentHash],
        [2, 'Corrected the lot number', v2.contentHash],
      ]);
      expect(v2.versions[0].content).toEqual({ type: 'text', text: 'Dosage: 10 mg\nLot: 42\n' });
      const history = v2.history as History;
      expect(history.map((h) => [h.action, h.revision])).toEqual([
        ['submitted', 1],
        ['decided', 1],
        ['step_rejected', 1],
        ['rejected', 1],
        ['revised', 2],
      ]);
      expect(history.at(-1)).toMatchObject({ action: 'revised', comment: 'Corrected the lot number', actor: { id: submitter.id } });
      expect(v2.steps[0].status).toBe('open');
      expect(await reviewMails(dave.email)).toBe(asked + 1);

      const audit = await s.client.get('/api/v1/admin/audit?type=item.revised&limit=100', admin.token);
      expect(audit.body.entries.find((e: { data: { itemId: string } }) => e.data.itemId === item.id).data).toMatchObject({
        revision: 2,
        contentHash: v2.contentHash,
        previousContentHash: item.contentHash,
        note: 'Corrected the lot number',
        round: 2,
      });

      const approved = await k.decide(dave.token, item.id, { step: 0, decision: 'approve', revision: 2 } as never);
      expect(approved.status, approved.text).toBe(201);
      expect(approved.body.item).toMatchObject({ status: 'approved', revision: 2 });
      expect((await k.item(submitter.token, item.id)).canRevise).toBe(false);
    });

    it('voids earlier approvals and e-signatures: they stay in the history for revision 1, valid and superseded, and the new round counts afresh', async () => {
      const wf = await k.workflow([
        { reviewers: [{ user: vic.id }, { user: dave.id }], threshold: { type: 'all' }, requireSignature: true, signatureMeanings: ['approved'] },
      ]);
      const item = await k.submit(submitter.token, wf);
      const signed = await k.decide(vic.token, item.id, {
        step: 0,
        decision: 'approve',
        comment: 'batch conforms',
        secondFactor: totp(vic),
        signature: { password: k.PASSWORD, meaning: 'approved' },
      });
      expect(signed.status, signed.text).toBe(201);
      expect(signed.body.item.steps[0].votes).toMatchObject({ approve: 1 });

      const res = await revise(submitter.token, item.id, { content: 'Batch record, corrected', note: 'Fixed a typo' });
      expect(res.status, res.text).toBe(201);
      expect(res.body.steps[0].votes).toMatchObject({ approve: 0, reject: 0 });
      const decided = (res.body.history as History).find((h) => h.action === 'decided')!;
      expect(decided).toMatchObject({ revision: 1, valid: true, signature: { valid: true, revision: 1, superseded: true } });
      // Vic is asked again and must sign the new version: the old approval does not count.
      expect(res.body.status).toBe('in_review');
      const again = await k.decide(vic.token, item.id, {
        step: 0,
        decision: 'approve',
        comment: 'still conforms',
        secondFactor: totp(vic),
        signature: { password: k.PASSWORD, meaning: 'approved' },
      });
      expect(again.status, again.text).toBe(201);
      const now = again.body.item;
      expect(now.status).toBe('in_review');
      const sigs = (now.history as History).filter((h) => h.signature).map((h) => h.signature!);
      expect(sigs.map((x) => [x.revision, x.valid, x.superseded ?? false])).toEqual([
        [1, true, true],
        [2, true, false],
      ]);

      // The signature report of a revised item still renders.
      const report = await fetch(`${s.url}/api/v1/items/${item.id}/signature-report`, { headers: { authorization: `Bearer ${submitter.token}` } });
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toBe('application/pdf');
    });

    it('the offline verifier accepts the evidence bundle of a revised item, names the superseded revision, and still rejects a tampered one', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: vic.id }, { user: dave.id }], requireSignature: true, signatureMeanings: ['approved'] }]);
      const item = await k.submit(submitter.token, wf);
      expect(
        (
          await k.decide(vic.token, item.id, {
            step: 0,
            decision: 'approve',
            comment: 'ok',
            secondFactor: totp(vic),
            signature: { password: k.PASSWORD, meaning: 'approved' },
          })
        ).status,
      ).toBe(201);
      expect((await revise(submitter.token, item.id, { content: 'Version two', note: 'Second draft' })).status).toBe(201);
      const jwks = await s.signoff.services.keyring.jwks(db());
      const res = await fetch(`${s.url}/api/v1/items/${item.id}/evidence`, { headers: { authorization: `Bearer ${submitter.token}` } });
      const text = await res.text();
      const doc = JSON.parse(text);
      expect(doc.item.contentVersions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([
        [1, null],
        [2, 'Second draft'],
      ]);
      expect(doc.decisions[0]).toMatchObject({ revision: 1, round: 1 });
      expect(doc.signatures[0]).toMatchObject({ revision: 1 });
      const verdict = await verifyBundle(text, { jwks: jwks as never });
      expect(verdict.ok, JSON.stringify(verdict.firstFailure)).toBe(true);
      const content = verdict.checks.find((c: { id: string }) => c.id.startsWith('signature:') && c.id.endsWith(':content'));
      expect(content?.detail).toMatch(/revision 1, superseded/);

      const tampered = JSON.parse(text);
      tampered.item.contentVersions[0].sha256 = tampered.item.contentVersions[1].sha256;
      const refused = await verifyBundle(JSON.stringify(tampered), { jwks: jwks as never });
      expect(refused.ok).toBe(false);
      expect(refused.firstFailure!.id).toBe('bundle.signature');
    });

    it('restarts at the first step by default, or at the step it was in with onRevision "current_step"', async () => {
      const steps: StepInput[] = [{ reviewers: [{ user: dave.id }] }, { reviewers: [{ user: olga.id }] }];
      for (const [onRevision, expected] of [
        [undefined, 0],
        ['current_step', 1],
      ] as const) {
        const wf = await workflowWith(steps, onRevision ? { onRevision } : {});
        expect((await s.client.get(`/api/v1/workflows/${wf}`, admin.token)).body.onRevision).toBe(onRevision ?? 'restart');
        const item = await k.submit(submitter.token, wf);
        expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).body.item.currentStep).toBe(1);
        const res = await revise(submitter.token, item.id, { content: `New text ${onRevision}`, note: 'Update' });
        expect(res.status, res.text).toBe(201);
        expect(res.body.currentStep).toBe(expected);
        expect(res.body.steps.map((x: { status: string }) => x.status)).toEqual(expected === 1 ? ['approved', 'open'] : ['open', 'pending']);
        // The round of the old version is closed, its task with it: Olga no longer has one at step 2 on restart.
        const olgaTasks = (await s.client.get('/api/v1/tasks', olga.token)).body.tasks.filter((t: { itemId: string }) => t.itemId === item.id);
        expect(olgaTasks.map((t: { step: number }) => t.step)).toEqual(expected === 1 ? [1] : []);
        const round = await db().selectFrom('item_rounds').selectAll().where('item_id', '=', item.id).where('round', '=', 2).executeTakeFirstOrThrow();
        expect(round.outcome).toBe('superseded');
      }
    });

    it('revises an item sent back a step (onReject "previous") and a rejected one at the step that rejected it', async () => {
      const wf = await workflowWith([{ reviewers: [{ user: dave.id }] }, { reviewers: [{ user: olga.id }], onReject: 'previous' }], {
        onRevision: 'current_step',
      });
      const item = await k.submit(submitter.token, wf);
      await k.decide(dave.token, item.id, { step: 0, decision: 'approve' });
      const back = await k.decide(olga.token, item.id, { step: 1, decision: 'reject', comment: 'needs the annex' });
      expect(back.body.item).toMatchObject({ status: 'in_review', currentStep: 0 });
      const res = await revise(submitter.token, item.id, { content: 'With the annex', note: 'Added the annex' });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ status: 'in_review', currentStep: 0, revision: 2 });
      const tasks = (await s.client.get('/api/v1/tasks', dave.token)).body.tasks.filter((t: { itemId: string }) => t.itemId === item.id);
      expect(tasks).toHaveLength(1);

      const wf2 = await workflowWith([{ reviewers: [{ user: dave.id }] }, { reviewers: [{ user: olga.id }] }], { onRevision: 'current_step' });
      const item2 = await k.submit(submitter.token, wf2);
      await k.decide(dave.token, item2.id, { step: 0, decision: 'approve' });
      expect((await k.decide(olga.token, item2.id, { step: 1, decision: 'reject', comment: 'no' })).body.item.status).toBe('rejected');
      const res2 = await revise(submitter.token, item2.id, { content: 'Second try', note: 'Reworked' });
      expect(res2.body).toMatchObject({ status: 'in_review', currentStep: 1, revision: 2 });
    });

    it('refuses, changing nothing: no note, both or no content, the same content, another user, an approved or cancelled item; an admin may revise', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      const item = await k.submit(submitter.token, wf, 'Original');
      const before = await k.recorded(item.id);
      const refusals: [string, Record<string, unknown>, number, string][] = [
        [submitter.token, { content: 'New', note: '  ' }, 400, 'invalid_request'],
        [submitter.token, { content: 'New' }, 400, 'invalid_request'],
        [submitter.token, { note: 'n' }, 400, 'invalid_request'],
        [submitter.token, { content: 'New', uploadId: 'upl_aaaaaaaaaaaaaaaaaaaaaaaaaa', note: 'n' }, 400, 'invalid_request'],
        [submitter.token, { content: 'Original', note: 'same' }, 400, 'invalid_request'],
        [submitter.token, { content: 'New', note: 'x'.repeat(2001) }, 400, 'invalid_request'],
        [dave.token, { content: 'New', note: 'reviewer edit' }, 403, 'forbidden'],
      ];
      for (const [token, body, status, code] of refusals) {
        const res = await revise(token, item.id, body);
        expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      }
      expect(await k.recorded(item.id)).toEqual(before);
      expect((await revise(admin.token, item.id, { content: 'Admin fix', note: 'Fixed by admin' })).status).toBe(201);

      expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).body.item.status).toBe('approved');
      const closed = await revise(submitter.token, item.id, { content: 'After approval', note: 'late' });
      expect([closed.status, closed.body.code]).toEqual([409, 'item_closed']);
      const other = await k.submit(submitter.token, wf);
      expect((await s.client.post(`/api/v1/items/${other.id}/cancel`, { reason: 'wrong workflow' }, submitter.token)).status).toBe(200);
      expect((await revise(submitter.token, other.id, { content: 'x', note: 'y' })).body.code).toBe('item_closed');
    });

    it('keeps every version downloadable by readers of the item, a file revision too, and its upload only once', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      const item = await k.submit(submitter.token, wf, 'Text version');
      const bytes = new TextEncoder().encode('%PDF-1.4 revised drawing');
      const up = await fetch(`${s.url}/api/v1/uploads?name=drawing.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${submitter.token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      const u = (await up.json()) as { uploadId: string; sha256: string };
      const res = await revise(submitter.token, item.id, { uploadId: u.uploadId, note: 'Now as a drawing' });
      expect(res.status, res.text).toBe(201);
      expect(res.body.contentHash).toBe(u.sha256);
      expect(res.body.versions[1].content).toMatchObject({ type: 'file', name: 'drawing.pdf', downloadUrl: `/api/v1/items/${item.id}/versions/2/content` });
      const get = (token: string, rev: number) =>
        fetch(`${s.url}/api/v1/items/${item.id}/versions/${rev}/content`, { headers: { authorization: `Bearer ${token}` } });
      const one = await get(dave.token, 1);
      expect(one.status).toBe(200);
      expect(await one.text()).toBe('Text version');
      expect(one.headers.get('x-content-sha256')).toBe(item.contentHash);
      const two = await get(submitter.token, 2);
      expect(new Uint8Array(await two.arrayBuffer())).toEqual(bytes);
      expect((await get(outsider.token, 1)).status).toBe(404);
      expect((await get(submitter.token, 3)).status).toBe(404);
      const reused = await revise(submitter.token, item.id, { uploadId: u.uploadId, note: 'again' });
      expect([reused.status, reused.body.code]).toEqual([404, 'not_found']);
    });

    it('refuses an emailed-code challenge and a TOTP decision made for revision 1 once revision 2 exists, and records nothing', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: rita.id }], requireTwoFactor: true }]);
      const item = await k.submit(submitter.token, wf);
      await k.addEmailFactor(rita.token, `rita-mail.${Date.now()}@acme.test`, rita.secret!);
      const ritaToken = (await k.signInWithTotp(rita.email, rita.secret!)).token;
      const factorEmail = (
        await db().selectFrom('factors').select('email').where('user_id', '=', rita.id).where('type', '=', 'email').executeTakeFirstOrThrow()
      ).email!;
      let challengeId = '';
      const mail = await k.mailAfter(factorEmail, 'email-code', async () => {
        const ch = await s.client.post(
          `/api/v1/items/${item.id}/decisions/challenge`,
          { step: 0, decision: 'approve', comment: 'checked', revision: 1, method: 'email_code' },
          ritaToken,
        );
        expect(ch.status, ch.text).toBe(201);
        challengeId = ch.body.challengeId;
      });
      expect((await revise(submitter.token, item.id, { content: 'Changed after the challenge', note: 'Late change' })).status).toBe(201);
      const before = await k.recorded(item.id);

      const byEmail = await k.decide(ritaToken, item.id, {
        step: 0,
        decision: 'approve',
        comment: 'checked',
        secondFactor: { method: 'email_code', code: emailedCode(mail), challengeId },
      });
      expect([byEmail.status, byEmail.body.code]).toEqual([403, 'second_factor_invalid']);
      const code = k.freshTotp(rita.secret!);
      const byTotp = await k.decide(ritaToken, item.id, {
        step: 0,
        decision: 'approve',
        comment: 'checked',
        revision: 1,
        secondFactor: { method: 'totp', code },
      } as never);
      expect([byTotp.status, byTotp.body.code]).toEqual([409, 'item_revised']);
      const staleChallenge = await s.client.post(
        `/api/v1/items/${item.id}/decisions/challenge`,
        { step: 0, decision: 'approve', comment: 'checked', revision: 1, method: 'email_code' },
        ritaToken,
      );
      expect(staleChallenge.body.code).toBe('item_revised');
      expect(await k.recorded(item.id)).toEqual(before);
      // The TOTP code was not spent: it proves the decision on the version Rita now reads.
      const ok = await k.decide(ritaToken, item.id, {
        step: 0,
        decision: 'approve',
        comment: 'checked',
        revision: 2,
        secondFactor: { method: 'totp', code },
      } as never);
      expect(ok.status, ok.text).toBe(201);
      expect((ok.body.item.history as History).find((h) => h.action === 'decided')).toMatchObject({ revision: 2 });
    });

    it('a revision racing a decision on revision 1 is serialised: the vote counts for revision 1 or is refused, and a closing vote and a revision never both succeed', async () => {
      const onRevision1 = { step: 0, decision: 'approve' as const, revision: 1 } as never;
      for (let i = 0; i < 3; i++) {
        // The vote does not close the step: the revision succeeds; the vote belongs to round 1 or is refused.
        const open = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: dave.id }, { user: olga.id }] }]));
        const [rev, dec] = await Promise.all([
          revise(submitter.token, open.id, { content: `Race ${i}`, note: 'race' }),
          k.decide(dave.token, open.id, onRevision1),
        ]);
        expect(rev.status, rev.text).toBe(201);
        expect([201, 409]).toContain(dec.status);
        const votes = await db().selectFrom('votes').select(['round']).where('item_id', '=', open.id).execute();
        expect(votes.every((v) => Number(v.round) === 1)).toBe(true);
        expect(votes).toHaveLength(dec.status === 201 ? 1 : 0);
        const item = await k.item(submitter.token, open.id);
        expect(item).toMatchObject({ status: 'in_review', revision: 2, steps: [{ status: 'open', votes: { approve: 0, reject: 0, reviewers: 2 } }] });

        // The vote closes the item: exactly one of the two wins.
        const single = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: dave.id }], threshold: { type: 'any' } }]));
        const both = await Promise.all([
          revise(submitter.token, single.id, { content: `Race ${i}`, note: 'race' }),
          k.decide(dave.token, single.id, onRevision1),
        ]);
        expect(both.filter((r) => r.status === 201)).toHaveLength(1);
        const after = await k.item(submitter.token, single.id);
        if (both[1].status === 201) expect(after).toMatchObject({ status: 'approved', revision: 1 });
        else expect(after).toMatchObject({ status: 'in_review', revision: 2 });
      }
    });

    // @see docs/security.md#k-reliability-under-concurrency K9
    it('a cancel racing a revision: one of them wins, and a cancel that lost to it answers edit_conflict (the item is still in review), never item_closed', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }] }]);
      for (let i = 0; i < 8; i++) {
        const item = await k.submit(submitter.token, wf);
        const [rev, cancel] = await Promise.all([
          revise(submitter.token, item.id, { content: `Cancel race ${i}`, note: 'race' }),
          s.client.post(`/api/v1/items/${item.id}/cancel`, { reason: 'withdrawn' }, submitter.token),
        ]);
        const after = await k.item(submitter.token, item.id);
        if (cancel.status === 200) expect(after.status).toBe('cancelled');
        else {
          expect(cancel.status, cancel.text).toBe(409);
          expect(cancel.body.code).toBe('edit_conflict');
          expect(rev.status, rev.text).toBe(201);
          expect(after).toMatchObject({ status: 'in_review', revision: 2 });
        }
      }
    });
  });

  describe('reasons', () => {
    it('a rejection without a comment is 400 before the second factor is looked at: the same TOTP code works afterwards', async () => {
      const item = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: rita.id }], requireTwoFactor: true }]));
      const ritaToken = (await k.signInWithTotp(rita.email, rita.secret!)).token;
      const before = await k.recorded(item.id);
      const code = k.freshTotp(rita.secret!);
      for (const comment of [undefined, '   ']) {
        const res = await k.decide(ritaToken, item.id, {
          step: 0,
          decision: 'reject',
          ...(comment !== undefined ? { comment } : {}),
          secondFactor: { method: 'totp', code },
        });
        expect([res.status, res.body.code]).toEqual([400, 'invalid_request']);
        expect(res.body.detail).toMatch(/reason is required/);
      }
      const challenge = await s.client.post(`/api/v1/items/${item.id}/decisions/challenge`, { step: 0, decision: 'reject', method: 'email_code' }, ritaToken);
      expect([challenge.status, challenge.body.code]).toEqual([400, 'invalid_request']);
      expect(await k.recorded(item.id)).toEqual(before);
      const ok = await k.decide(ritaToken, item.id, { step: 0, decision: 'reject', comment: 'wrong supplier', secondFactor: { method: 'totp', code } });
      expect(ok.status, ok.text).toBe(201);
      expect((ok.body.item.history as History).find((h) => h.action === 'decided')).toMatchObject({ decision: 'reject', comment: 'wrong supplier' });
    });

    it('requireReasonOnApprove makes an approval need a comment too', async () => {
      const wf = await k.workflow([{ reviewers: [{ user: dave.id }], requireReasonOnApprove: true } as StepInput]);
      expect((await s.client.get(`/api/v1/workflows/${wf}`, admin.token)).body.steps[0].requireReasonOnApprove).toBe(true);
      const item = await k.submit(submitter.token, wf);
      const bare = await k.decide(dave.token, item.id, { step: 0, decision: 'approve' });
      expect([bare.status, bare.body.code]).toEqual([400, 'invalid_request']);
      expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve', comment: 'meets the spec' })).status).toBe(201);
    });

    it('a guest rejection without a comment is refused with 400 and records nothing', async () => {
      const g = guestKit(s, k);
      const inv = await g.invited(submitter);
      const session = await g.confirmed(inv);
      const res = await g.decide(inv.token, session, { decision: 'reject' });
      expect([res.status, res.body.code]).toEqual([400, 'invalid_request']);
      expect((await k.recorded(inv.itemId)).votes).toBe(0);
      expect((await g.decide(inv.token, session, { decision: 'reject', comment: 'not our part number' })).status).toBe(201);
    });

    it('cancelling needs a reason, which is in the history, the audit entry and the evidence bundle', async () => {
      const item = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: dave.id }] }]));
      const before = await k.recorded(item.id);
      for (const body of [{}, { reason: '  ' }]) {
        const res = await s.client.post(`/api/v1/items/${item.id}/cancel`, body, submitter.token);
        expect([res.status, res.body.code]).toEqual([400, 'invalid_request']);
      }
      expect(await k.recorded(item.id)).toEqual(before);
      const res = await s.client.post(`/api/v1/items/${item.id}/cancel`, { reason: 'Superseded by batch 44' }, submitter.token);
      expect(res.status, res.text).toBe(200);
      expect((res.body.history as History).at(-1)).toMatchObject({ action: 'cancelled', comment: 'Superseded by batch 44' });
      const bundle = (await (await fetch(`${s.url}/api/v1/items/${item.id}/evidence`, { headers: { authorization: `Bearer ${submitter.token}` } })).json()) as {
        audit: { entries: { type: string; data: { reason?: string } }[] };
      };
      expect(bundle.audit.entries.find((e) => e.type === 'item.cancelled')?.data.reason).toBe('Superseded by batch 44');
    });
  });
});
