// Adding a second-factor method is one folder and one registry line (issue 15 item 1): a
// method registered through the registry, from this folder only, is set up through the one
// enrollment path (its strategy's start, then the generic confirmation), offered at sign-in
// and at a protected step, and its proofs go through the one verification pipeline. Nothing
// outside this folder names it: the shipped METHODS do not list it, so the test extends the
// contract with its name (`contractMethods`), which the registry asks of every method.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactorActor } from '../../../../src/factors/index.ts';
import { METHODS } from '../../../../src/http/contract/methods.ts';
import type { OrgId, UserId } from '../../../../src/platform/ids.ts';
import { DIALECTS } from '../../../support/dialects.ts';
import { setUp } from '../../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../../support/start-signoff.ts';
import { workflowKit, type Person } from '../../workflows/workflow-fixtures.ts';
import { twoFactorKit } from '../two-factor-fixtures.ts';
import { addThrowawayFactor, createThrowawayMethod, THROWAWAY } from './throwaway.factor.ts';

describe.each(DIALECTS)('a method registered from a test folder, on %s', (dialect) => {
  let s: TestServer;
  let orgId: OrgId;
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let tia: Person;
  const CODE = 'open-sesame';

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', extraMethods: [createThrowawayMethod], contractMethods: [...METHODS, THROWAWAY] });
    const admin = await setUp(s.client);
    orgId = admin.orgId;
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam', { roles: ['owner'] });
    // Tia signs in with her password first (no factor yet), then gets the throwaway factor only.
    tia = await k.person('tia');
    await addThrowawayFactor(s.signoff.services.db, { orgId, userId: tia.id }, CODE, s.clock!.now());
  });
  afterAll(() => s?.stop());

  it('is offered at sign-in: her password leads to the second-factor prompt listing it', async () => {
    const half = await twoFactorKit(s).signIn(tia.email);
    expect(half.state).toBe('second_factor_required');
    expect(half.methods).toEqual([THROWAWAY]);
  });

  it('is offered at a protected step: a decision without a proof is refused with it as the method to use', async () => {
    const wf = await k.workflow([{ reviewers: [{ user: tia.id }], requireTwoFactor: true }]);
    const item = await k.submit(submitter.token, wf);
    const res = await k.decide(tia.token, item.id, { step: 0, decision: 'approve' });
    expect(res.status, res.text).toBe(403);
    expect(res.body.code).toBe('second_factor_required');
    expect(res.body.methods).toEqual([THROWAWAY]);
    expect(res.body.challengeId).toMatch(/^chl_/);
    expect((await k.recorded(item.id)).votes).toBe(0);
  });

  it('is set up through the generic path: its start leaves a pending factor, the generic confirmation activates it with the first backup codes', async () => {
    const uma = await k.person('uma');
    const session = await s.signoff.services.accounts.sessions.resolve(uma.token);
    const actor: FactorActor = {
      orgId,
      userId: uma.id as UserId,
      label: uma.email,
      session: { sessionId: session!.sessionId, tokenHash: session!.tokenHash, state: session!.state, privilegedUntil: session!.privilegedUntil },
    };
    // The HTTP API starts only the contract's methods by their own paths; the domain's start takes any registered method.
    const started = await s.signoff.services.factors.enrollment.start(actor, THROWAWAY, { code: 'chosen-code' }, undefined, { ip: '127.0.0.1' });
    expect(started).toEqual({ id: expect.stringMatching(/^fac_/), status: 'pending' });
    const id = started['id'] as string;

    const wrong = await s.client.post(`/api/v1/me/factors/${id}/confirm`, { code: 'not-the-code' }, uma.token);
    expect(wrong.status, wrong.text).toBe(422);
    expect(wrong.body.code).toBe('second_factor_invalid');
    const confirmed = await s.client.post(`/api/v1/me/factors/${id}/confirm`, { code: 'chosen-code' }, uma.token);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ id, status: 'active' });
    expect(confirmed.body.backupCodes).toHaveLength(10);

    const audit = await s.signoff.services.db
      .selectFrom('audit_entries')
      .select(['type', 'data'])
      .where('org_id', '=', orgId)
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => [e.type, JSON.parse(e.data).type])).toEqual([
      ['factor.enrollment_started', 'throwaway'],
      ['factor.activated', 'throwaway'],
    ]);
    const half = await twoFactorKit(s).signIn(uma.email);
    expect(half.state).toBe('second_factor_required');
    expect(half.methods).toEqual(['backup_code', THROWAWAY]);
  });

  it('verifies through the one pipeline: its right proof is audited, a wrong one refused and counted', async () => {
    const factors = s.signoff.services.factors;
    const input = { orgId, userId: tia.id, purpose: 'decision' as const, binding: 'throwaway-test', ip: '127.0.0.1' };
    await expect(factors.verifySecondFactor({ ...input, proof: { method: THROWAWAY, code: 'wrong' } }, async () => 'done')).rejects.toMatchObject({
      code: 'second_factor_invalid',
    });
    await expect(factors.verifySecondFactor({ ...input, proof: { method: THROWAWAY, code: CODE } }, async (_tx, verified) => verified.method)).resolves.toBe(
      THROWAWAY,
    );
    const audit = await s.signoff.services.db
      .selectFrom('audit_entries')
      .select(['type', 'data'])
      .where('org_id', '=', orgId)
      .where('type', 'in', ['second_factor.verified', 'second_factor.failed'])
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => [e.type, JSON.parse(e.data).method])).toEqual([
      ['second_factor.failed', THROWAWAY],
      ['second_factor.verified', THROWAWAY],
    ]);
  });
});
