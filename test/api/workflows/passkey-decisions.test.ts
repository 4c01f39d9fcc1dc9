// A passkey at a protected step, through the API and Debian Chromium's virtual authenticator:
// the assertion signs a challenge opened for one exact decision (its digest is the challenge's
// binding and goes into the challenge bytes), so it verifies that decision and no other.
// Signoff's base URL is the passkey page's origin, so the RP ID and origin match the browser's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../../support/browser.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { startWithPasskeyDevice, type PasskeyDevice } from '../../support/webauthn.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

describe.skipIf(!HAS_CHROMIUM).each(DIALECTS)('passkey decisions on %s', (dialect) => {
  let s: TestServer;
  let started: Awaited<ReturnType<typeof startWithPasskeyDevice>> | undefined;
  let device: PasskeyDevice;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let reviewer: Person;
  let wf: string;

  beforeAll(async () => {
    started = await startWithPasskeyDevice(dialect);
    ({ s, device } = started);
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam');
    reviewer = await k.person('pia');
    const options = await s.client.post('/api/v1/me/factors/webauthn/options', {}, reviewer.token);
    expect(options.status, options.text).toBe(201);
    const made = await device.create(options.body.options);
    if (!made.ok) throw new Error(made.error);
    const done = await s.client.post(
      '/api/v1/me/factors/webauthn',
      { challengeId: options.body.challengeId, credential: made.value, label: 'Laptop' },
      reviewer.token,
    );
    expect(done.status, done.text).toBe(201);
    reviewer.token = done.body.token;
    wf = await k.workflow([{ reviewers: [{ user: reviewer.id }], requireTwoFactor: true }]);
  });
  afterAll(async () => {
    await started?.stop();
  });

  async function assertionFor(itemId: string, decision: 'approve' | 'reject', comment: string) {
    const ch = await s.client.post(`/api/v1/items/${itemId}/decisions/challenge`, { step: 0, decision, comment, method: 'webauthn' }, reviewer.token);
    expect(ch.status, ch.text).toBe(201);
    const got = await device.get(ch.body.webauthnOptions);
    if (!got.ok) throw new Error(got.error);
    return { method: 'webauthn' as const, challengeId: ch.body.challengeId as string, credential: got.value };
  }

  it('records a protected approval proven with a passkey', async () => {
    const item = await k.submit(submitter.token, wf);
    const proof = await assertionFor(item.id, 'approve', 'looks right');
    const res = await k.decide(reviewer.token, item.id, { step: 0, decision: 'approve', comment: 'looks right', secondFactor: proof });
    expect(res.status, res.text).toBe(201);
    expect(res.body.decision.method).toBe('webauthn');
    expect(res.body.item.history.find((h: { action: string }) => h.action === 'decided')).toMatchObject({ badges: ['2fa_verified'], method: 'webauthn' });
  });

  it('refuses an assertion made for approve when it is sent with a reject, or for another item', async () => {
    const item = await k.submit(submitter.token, wf);
    const other = await k.submit(submitter.token, wf);
    const proof = await assertionFor(item.id, 'approve', '');
    const before = await k.recorded(item.id);
    const swapped = await k.decide(reviewer.token, item.id, { step: 0, decision: 'reject', comment: 'wrong batch', secondFactor: proof });
    expect(swapped.status).toBe(403);
    expect(swapped.body.code).toBe('second_factor_invalid');
    const elsewhere = await k.decide(reviewer.token, other.id, { step: 0, decision: 'approve', secondFactor: proof });
    expect(elsewhere.body.code).toBe('second_factor_invalid');
    expect(await k.recorded(item.id)).toEqual(before);
    expect((await k.recorded(other.id)).votes).toBe(0);
  });

  it('refuses the same assertion twice', async () => {
    const one = await k.submit(submitter.token, wf);
    const proof = await assertionFor(one.id, 'approve', '');
    expect((await k.decide(reviewer.token, one.id, { step: 0, decision: 'approve', secondFactor: proof })).status).toBe(201);
    const replay = await k.decide(reviewer.token, one.id, { step: 0, decision: 'approve', secondFactor: proof });
    expect([403, 409]).toContain(replay.status);
    expect(['second_factor_invalid', 'already_decided', 'step_closed']).toContain(replay.body.code);
  });
});
