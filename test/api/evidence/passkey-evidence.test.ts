// A passkey decision's evidence checked offline (issue 10): the bundle carries the assertion
// Debian Chromium's virtual authenticator made, the challenge nonce and the credential's public
// key, so the verifier recomputes the challenge from the decision's facts and checks the
// authenticator's own signature; a changed comment or a swapped assertion fails.
// @see https://www.w3.org/TR/webauthn-3/#sctn-verifying-assertion (steps 11-20)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/evidence/index.ts';
import { HAS_CHROMIUM } from '../../support/browser.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { startWithPasskeyDevice, type PasskeyDevice } from '../../support/webauthn.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';

describe.skipIf(!HAS_CHROMIUM).each(DIALECTS)('passkey evidence on %s', (dialect) => {
  let s: TestServer;
  let started: Awaited<ReturnType<typeof startWithPasskeyDevice>> | undefined;
  let device: PasskeyDevice;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let reviewer: Person;
  let wf: string;
  let jwks: { keys: unknown[] };

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
    jwks = await s.signoff.services.keyring.jwks(s.signoff.services.db);
  });
  afterAll(async () => {
    await started?.stop();
  });

  async function passkeyDecision(comment: string) {
    const item = await k.submit(submitter.token, wf);
    const ch = await s.client.post(
      `/api/v1/items/${item.id}/decisions/challenge`,
      { step: 0, decision: 'approve', comment, method: 'webauthn' },
      reviewer.token,
    );
    expect(ch.status, ch.text).toBe(201);
    const got = await device.get(ch.body.webauthnOptions);
    if (!got.ok) throw new Error(got.error);
    const proof = { method: 'webauthn' as const, challengeId: ch.body.challengeId as string, credential: got.value };
    const res = await k.decide(reviewer.token, item.id, { step: 0, decision: 'approve', comment, secondFactor: proof });
    expect(res.status, res.text).toBe(201);
    const bundle = await fetch(`${s.url}/api/v1/items/${item.id}/evidence`, { headers: { authorization: `Bearer ${submitter.token}` } });
    expect(bundle.status).toBe(200);
    return JSON.parse(await bundle.text());
  }

  it('carries the assertion, nonce and public key, and the authenticator signature verifies offline over this decision', async () => {
    const doc = await passkeyDecision('checked against the master record');
    const [decision] = doc.decisions;
    expect(decision.method).toBe('webauthn');
    expect(decision.passkey).toMatchObject({
      rpId: 'localhost',
      publicKey: { alg: -7, spki: expect.any(String), cose: expect.any(String) },
      challengeNonce: expect.any(String),
    });
    const clientData = JSON.parse(Buffer.from(decision.passkey.clientDataJSON, 'base64url').toString('utf8'));
    expect(clientData.type).toBe('webauthn.get');
    const verdict = await verifyBundle(doc, { jwks });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.checks.find((c) => c.id === `decision:${decision.id}:passkey`)).toMatchObject({ ok: true });
  });

  it('fails the passkey check when the assertion is not the one for these facts', async () => {
    const one = await passkeyDecision('first');
    const two = await passkeyDecision('second');
    // The passkey check alone (bundle and seals are re-signed by nobody here: they fail too,
    // but the assertion check must fail on its own merits).
    const swapped = structuredClone(one);
    swapped.decisions[0].sealed.passkey = {
      ...one.decisions[0].sealed.passkey,
      clientDataJSON: two.decisions[0].sealed.passkey.clientDataJSON,
      signature: two.decisions[0].sealed.passkey.signature,
    };
    const verdict = await verifyBundle(swapped, { jwks });
    const check = verdict.checks.find((c) => c.id === `decision:${one.decisions[0].id}:passkey`)!;
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/challenge/);
    // Another comment gives another binding, so the signed challenge no longer matches it.
    const recommented = structuredClone(one);
    recommented.decisions[0].sealed.binding = two.decisions[0].sealed.binding;
    const other = (await verifyBundle(recommented, { jwks })).checks.find((c) => c.id === `decision:${one.decisions[0].id}:passkey`)!;
    expect(other.ok).toBe(false);
    // A signature byte flipped.
    const flipped = structuredClone(one);
    const sig = Buffer.from(one.decisions[0].sealed.passkey.signature, 'base64url');
    sig.writeUInt8(sig.readUInt8(sig.length - 1) ^ 1, sig.length - 1);
    flipped.decisions[0].sealed.passkey.signature = sig.toString('base64url');
    expect((await verifyBundle(flipped, { jwks })).checks.find((c) => c.id === `decision:${one.decisions[0].id}:passkey`)!.detail).toMatch(
      /authenticator's signature/,
    );
  });
});
