// Attack: replay a TOTP code sent without a challengeId. Such a code is bound to the decision
// the same request names (item, step, round, content version, approve/reject, comment): the
// code is spent on exactly that decision in the transaction that records it, so it cannot be
// replayed for decision Y, even in parallel with X, and the audit entry of the verification
// names the decision it was spent on.
// @see docs/security.md F7 (no carried-over verification), F8 (a refused decision writes nothing), A4/A5 (single use)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionBinding } from '../../../src/workflows/decision-binding.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

describe.each(DIALECTS)('%s: a TOTP code without a challenge is bound to the decision in its request', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let alice: Person;
  let wf: string;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam', { roles: ['owner'] });
    alice = await k.person('alice', { totp: true });
    wf = await k.workflow([{ reviewers: [{ user: alice.id }], requireTwoFactor: true }]);
  });
  afterAll(() => s?.stop());

  const verifiedEntries = async () =>
    (await s.client.get('/api/v1/admin/audit?type=second_factor.verified&limit=100', admin.token)).body.entries as {
      data: { purpose: string; binding?: string };
    }[];

  // @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F7, F8; docs/security.md#a-authenticator-apps-totp A4
  it('a code accepted for decision X is refused for decision Y, and the verification names X', async () => {
    const x = await k.submit(submitter.token, wf);
    const y = await k.submit(submitter.token, wf);
    const { round } = await k.recorded(x.id);
    const code = k.freshTotp(alice.secret!);
    const accepted = await k.decide(alice.token, x.id, { step: 0, decision: 'approve', comment: 'batch X ok', secondFactor: { method: 'totp', code } });
    expect(accepted.status, accepted.text).toBe(201);
    const before = await k.recorded(y.id);
    for (const body of [
      { decision: 'approve' as const, comment: 'batch X ok' },
      { decision: 'reject' as const, comment: 'batch Y is off' },
    ]) {
      const replay = await k.decide(alice.token, y.id, { step: 0, ...body, secondFactor: { method: 'totp', code } });
      expect(replay.status).toBe(403);
      expect(replay.body.code).toBe('second_factor_invalid');
    }
    expect(await k.recorded(y.id)).toEqual(before);
    const bindingX = decisionBinding({ itemId: x.id, step: 0, round, contentHash: x.contentHash, decision: 'approve', comment: 'batch X ok' });
    const decisions = (await verifiedEntries()).filter((e) => e.data.purpose === 'decision');
    expect(decisions.map((e) => e.data.binding)).toContain(bindingX);
  });

  // @see docs/security.md#a-authenticator-apps-totp A5; docs/security.md#f-sessions-step-up-and-the-sign-in-states F8
  it('the same code sent for X and Y at once is spent on one of them only', async () => {
    const x = await k.submit(submitter.token, wf);
    const y = await k.submit(submitter.token, wf);
    const code = k.freshTotp(alice.secret!);
    const answers = await Promise.all(
      [x, y].map((it) => k.decide(alice.token, it.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 403]);
    const votes = (await k.recorded(x.id)).votes + (await k.recorded(y.id)).votes;
    expect(votes).toBe(1);
  });
});
