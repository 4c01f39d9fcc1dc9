// The per-item evidence bundle over the API on both databases (issue 10): who may fetch it,
// that it verifies offline (our verifier, and independently with node:crypto and another JCS
// implementation), and that a decision row, a history row, a signature row, a signature moved
// to another item, or an audit entry edited by someone who lifts the append-only triggers is
// marked not valid in the item view AND named by the verifier.
// @see docs/security.md J2 (signature records), J6 (append-only trail); RFC 8785 (JCS); RFC 8032 (Ed25519); RFC 7638 (kid)
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { evidenceVerify } from '../../../src/cli/commands/evidence-verify.ts';
import { verifyBundle } from '../../../src/evidence/index.ts';
import { asDatabaseOwner } from '../../support/append-only.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { PASSWORD, setUp } from '../../support/fixtures.ts';
import { runSignoff, startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';

describe.each(DIALECTS)('evidence bundle on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let reviewer: Person;
  let signer: Person;
  let outsider: Person;
  let flow: string;
  let jwks: { keys: { kid: string; x: string }[] };

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam');
    reviewer = await k.person('rita', { totp: true });
    signer = await k.person('quinn', { totp: true });
    outsider = await k.person('otto');
    flow = await k.workflow([
      { name: 'Review', reviewers: [{ user: reviewer.id }], requireTwoFactor: true },
      { name: 'QA release', reviewers: [{ user: signer.id }], requireSignature: true, signatureMeanings: ['approved'] },
    ]);
    // Until the JWKS route lands, the published key set is the keyring's.
    jwks = (await s.signoff.services.keyring.jwks(s.signoff.services.db)) as typeof jwks;
  });
  afterAll(() => s?.stop());

  /** An item decided at both steps: a 2FA approval with a comment, then an e-signed approval. */
  async function decidedItem() {
    const item = await k.submit(submitter.token, flow);
    const one = await k.decide(reviewer.token, item.id, {
      step: 0,
      decision: 'approve',
      comment: 'dosage checked',
      secondFactor: { method: 'totp', code: k.freshTotp(reviewer.secret!) },
    });
    expect(one.status, one.text).toBe(201);
    const two = await k.decide(signer.token, item.id, {
      step: 1,
      decision: 'approve',
      secondFactor: { method: 'totp', code: k.freshTotp(signer.secret!) },
      signature: { password: PASSWORD, meaning: 'approved' },
    });
    expect(two.status, two.text).toBe(201);
    return item;
  }

  const fetchBundle = async (token: string, itemId: string) => {
    const res = await fetch(`${s.url}/api/v1/items/${itemId}/evidence`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const bundleOf = async (itemId: string) => {
    const res = await fetchBundle(submitter.token, itemId);
    expect(res.status, res.text).toBe(200);
    return res.text;
  };
  const decidedEntries = async (itemId: string) => (await k.item(submitter.token, itemId)).history.filter((h: { action: string }) => h.action === 'decided');

  it('is served to the submitter, reviewers and admins as signed JCS, and verifies against the JWKS', async () => {
    const item = await decidedItem();
    for (const who of [submitter.token, reviewer.token, signer.token, admin.token]) expect((await fetchBundle(who, item.id)).status).toBe(200);
    const res = await fetchBundle(submitter.token, item.id);
    expect(res.type).toMatch(/^application\/json/);
    const doc = JSON.parse(res.text);
    expect(doc).toMatchObject({ format: 'signoff-evidence-v1', checkpoint: null, deployment: { devMailbox: false }, workflow: { version: 1 } });
    expect(doc.item.contentVersions).toEqual([expect.objectContaining({ version: 1, sha256: item.contentHash })]);
    expect(doc.decisions).toHaveLength(2);
    expect(doc.decisions[0]).toMatchObject({
      choice: 'approve',
      comment: 'dosage checked',
      method: 'totp',
      step: 0,
      round: 1,
      binding: { facts: { itemId: item.id, contentHash: item.contentHash, decision: 'approve', comment: 'dosage checked' } },
    });
    expect(doc.decisions[0].binding.digest).toMatch(/^decision:[0-9a-f]{64}$/);
    expect(doc.signatures).toEqual([
      expect.objectContaining({
        printedName: 'Quinn',
        meaning: 'approved',
        contentHash: item.contentHash,
        seal: { kid: doc.kid, signature: expect.any(String) },
      }),
    ]);
    expect(doc.audit.entries.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['item.submitted', 'decision.recorded', 'signature.applied', 'item.closed']),
    );

    const verdict = await verifyBundle(res.text, { jwks });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.trust).toBe('jwks');
    expect(verdict.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([`decision:${doc.decisions[1].id}:signature`, `signature:${doc.signatures[0].id}:content`, `audit:${doc.audit.entries[0].seq}`]),
    );
    // The document is exactly its own JCS (the bytes served are the canonical ones).
    expect(canonicalize(doc)).toBe(res.text);
  });

  it('verifies independently: node:crypto Ed25519 over another JCS implementation, key found in the JWKS by its RFC 7638 kid', async () => {
    const item = await decidedItem();
    const doc = JSON.parse(await bundleOf(item.id));
    const { signature, ...unsigned } = doc;
    const jwk = jwks.keys.find((key) => key.kid === doc.kid);
    expect(jwk).toBeDefined();
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk!.x }, format: 'jwk' });
    expect(verify(null, Buffer.from(canonicalize(unsigned)!, 'utf8'), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    // Each seal too, over the JCS of its sealed record.
    for (const r of [...doc.decisions, ...doc.signatures]) {
      expect(verify(null, Buffer.from(canonicalize(r.sealed)!, 'utf8'), publicKey, Buffer.from(r.seal.signature, 'base64url'))).toBe(true);
    }
    // One changed character and it fails.
    const altered = { ...unsigned, item: { ...unsigned.item, title: `${unsigned.item.title}.` } };
    expect(verify(null, Buffer.from(canonicalize(altered)!, 'utf8'), publicKey, Buffer.from(signature, 'base64url'))).toBe(false);
  });

  it('answers 404 to someone who is neither submitter, reviewer nor admin, and 401 without a session', async () => {
    const item = await decidedItem();
    const res = await fetchBundle(outsider.token, item.id);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).code).toBe('not_found');
    expect((await fetchBundle('', item.id)).status).toBe(401);
    const unknown = `${item.id.slice(0, -1)}${item.id.endsWith('a') ? 'b' : 'a'}`;
    expect((await fetchBundle(submitter.token, unknown)).status).toBe(404);
  });

  it('without a JWKS checks the embedded key and says it proves integrity only; a foreign JWKS fails', async () => {
    const item = await decidedItem();
    const text = await bundleOf(item.id);
    const embedded = await verifyBundle(text);
    expect(embedded.ok).toBe(true);
    expect(embedded.trust).toBe('embedded');
    expect(embedded.checks.find((c) => c.id === 'bundle.key')!.detail).toMatch(/integrity only/);
    const foreign = await verifyBundle(text, { jwks: { keys: [] } });
    expect(foreign.ok).toBe(false);
    expect(foreign.firstFailure!.id).toBe('bundle.key');
    // A bundle edited after signing.
    const edited = text.replace('"dosage checked"', '"dosage unchecked"');
    expect((await verifyBundle(edited, { jwks })).firstFailure!.id).toBe('bundle.signature');
  });

  it('`signoff evidence verify` prints every check, exits 0 on a good bundle and 1 naming the first failure', async () => {
    const item = await decidedItem();
    const dir = mkdtempSync(join(tmpdir(), 'signoff-evidence-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const text = await bundleOf(item.id);
    writeFileSync(join(dir, 'bundle.json'), text);
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
    writeFileSync(join(dir, 'tampered.json'), text.replace('"dosage checked"', '"dosage unchecked"'));
    // The command's own function, in process (what it prints and returns)…
    const run = async (file: string | undefined, flags: Record<string, string | true>) => {
      const lines: string[] = [];
      const code = await evidenceVerify(file, flags, (l) => lines.push(l));
      return { code, out: lines.join('\n') };
    };
    const good = await run(join(dir, 'bundle.json'), { jwks: join(dir, 'jwks.json') });
    expect(good.code, good.out).toBe(0);
    expect(good.out).toMatch(/^ok +Bundle signature: /m);
    expect(good.out).toContain('VERIFIED');
    const kid = JSON.parse(text).kid as string;
    const embedded = await run(join(dir, 'bundle.json'), {});
    expect(embedded.code).toBe(0);
    expect(embedded.out).toContain('proves the bundle is intact, not who signed it');
    expect(embedded.out).toContain(kid);
    await expect(run(undefined, {})).rejects.toThrow(/usage/);
    // …and once through `signoff` itself, for the exit code.
    const bad = await runSignoff(['evidence', 'verify', join(dir, 'tampered.json'), '--jwks', join(dir, 'jwks.json')]);
    expect(bad.code, bad.out + bad.err).toBe(1);
    expect(bad.out).toMatch(/^FAIL +Bundle signature: /m);
    expect(bad.out).toMatch(/NOT VERIFIED: .*\[bundle\.signature\]/);
  });

  describe('tampering by someone with owner rights on the database', () => {
    it('a decision row (votes.decision) edited: the history marks it not valid and the verifier names the vote', async () => {
      const item = await decidedItem();
      const db = s.signoff.services.db;
      const vote = await db.selectFrom('votes').select('id').where('item_id', '=', item.id).where('step_index', '=', 0).executeTakeFirstOrThrow();
      expect((await decidedEntries(item.id)).map((h: { valid?: boolean }) => h.valid)).toEqual([true, true]);
      await db.updateTable('votes').set({ decision: 'reject' }).where('id', '=', vote.id).execute();
      expect((await decidedEntries(item.id))[0].valid).toBe(false);
      const verdict = await verifyBundle(await bundleOf(item.id), { jwks });
      expect(verdict.ok).toBe(false);
      expect(verdict.firstFailure!.id).toBe(`decision:${vote.id}:seal`);
      expect(verdict.firstFailure!.detail).toContain(vote.id);
    });

    it('a history row (item_events.decision) edited: the history marks it not valid and the verifier names the vote it contradicts', async () => {
      const item = await decidedItem();
      const db = s.signoff.services.db;
      const vote = await db.selectFrom('votes').select('id').where('item_id', '=', item.id).where('step_index', '=', 0).executeTakeFirstOrThrow();
      await db
        .updateTable('item_events')
        .set({ decision: 'reject' })
        .where('item_id', '=', item.id)
        .where('action', '=', 'decided')
        .where('step_index', '=', 0)
        .execute();
      const [first] = await decidedEntries(item.id);
      expect(first).toMatchObject({ decision: 'reject', valid: false });
      const verdict = await verifyBundle(await bundleOf(item.id), { jwks });
      expect(verdict.firstFailure).toMatchObject({ id: `decision:${vote.id}:record` });
      expect(verdict.firstFailure!.detail).toMatch(/history decision reads reject but the sealed vote says approve/);
    });

    it('a signature row edited: the signature and its decision are not valid, and the verifier names the signature record', async () => {
      const item = await decidedItem();
      const db = s.signoff.services.db;
      const sig = await db.selectFrom('signatures').select('id').where('item_id', '=', item.id).executeTakeFirstOrThrow();
      await asDatabaseOwner(db, 'signatures', () => db.updateTable('signatures').set({ meaning: 'reviewed' }).where('id', '=', sig.id).execute());
      const [, second] = await decidedEntries(item.id);
      expect(second.signature).toMatchObject({ meaning: 'reviewed', valid: false });
      expect(second.valid).toBe(false);
      const verdict = await verifyBundle(await bundleOf(item.id), { jwks });
      expect(verdict.firstFailure).toMatchObject({ id: `signature:${sig.id}:seal` });
      expect(verdict.checks.find((c) => c.id.endsWith(':signature'))!.ok).toBe(false);
    });

    it('a signature moved to another item: not valid on either item, and the verifier names it in both bundles', async () => {
      const item = await decidedItem();
      const target = await k.submit(submitter.token, flow);
      const db = s.signoff.services.db;
      const sig = await db.selectFrom('signatures').select('id').where('item_id', '=', item.id).executeTakeFirstOrThrow();
      await asDatabaseOwner(db, 'signatures', () =>
        db.updateTable('signatures').set({ item_id: target.id, content_hash: target.contentHash }).where('id', '=', sig.id).execute(),
      );
      // The item it was taken from: the decision that named it is no longer valid.
      const [, second] = await decidedEntries(item.id);
      expect(second.valid).toBe(false);
      const from = await verifyBundle(await bundleOf(item.id), { jwks });
      expect(from.firstFailure).toMatchObject({ id: `signature:${sig.id}:seal` });
      expect(from.checks.find((c) => c.id === `signature:${sig.id}:content`)!.detail).toContain(target.id);
      // The item it was put on (with its history entry moved too): the seal names the first item.
      await db.updateTable('item_events').set({ item_id: target.id, seq: 99 }).where('signature_id', '=', sig.id).execute();
      const onTarget = (await k.item(submitter.token, target.id)).history.find((h: { signature?: unknown }) => h.signature);
      expect(onTarget.signature.valid).toBe(false);
      expect(onTarget.valid).toBe(false);
      const to = await verifyBundle(await bundleOf(target.id), { jwks });
      expect(to.firstFailure).toMatchObject({ id: `signature:${sig.id}:seal` });
    });

    it('an audit entry of the item edited: the verifier names the entry by its sequence number', async () => {
      const item = await decidedItem();
      const db = s.signoff.services.db;
      const entry = await db
        .selectFrom('audit_entries')
        .select(['id', 'seq', 'data'])
        .where('type', '=', 'item.submitted')
        .where('target_id', '=', item.id)
        .executeTakeFirstOrThrow();
      const data = JSON.parse(entry.data);
      await asDatabaseOwner(db, 'audit_entries', () =>
        db
          .updateTable('audit_entries')
          .set({ data: JSON.stringify({ ...data, title: 'Another title' }) })
          .where('id', '=', entry.id)
          .execute(),
      );
      const verdict = await verifyBundle(await bundleOf(item.id), { jwks });
      expect(verdict.firstFailure).toMatchObject({ id: `audit:${Number(entry.seq)}` });
      expect(verdict.firstFailure!.detail).toMatch(/item\.submitted.*was changed/);
    });
  });
});
