// 21 CFR Part 11 e-signatures over the API on both databases (docs/security.md J1–J5): each signing
// takes the password, a fresh second factor and a meaning; the record holds printed name, UTC
// time and meaning, is sealed to the content it signs, appears in the item view, the audit
// export and the PDF report; repeated failures lock signing and alert the admins.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/evidence/verify-bundle.ts';
import { asDatabaseOwner } from '../../support/append-only.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { PASSWORD, setUp } from '../../support/fixtures.ts';
import { REPO_ROOT, startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

describe.each(DIALECTS)('e-signatures on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let signer: Person;
  let other: Person;
  let signatureFlow: string;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam');
    signer = await k.person('quinn', { totp: true });
    other = await k.person('olga', { totp: true });
    signatureFlow = await k.workflow([
      {
        name: 'QA release',
        reviewers: [{ user: signer.id }, { user: other.id }],
        threshold: { type: 'any' },
        requireSignature: true,
        signatureMeanings: ['approved', 'reviewed'],
      },
    ]);
  });
  afterAll(() => s?.stop());

  const sign = (who: Person, itemId: string, signature?: { password: string; meaning: string }, decision: 'approve' | 'reject' = 'approve') =>
    k.decide(who.token, itemId, {
      step: 0,
      decision,
      comment: 'batch conforms',
      secondFactor: { method: 'totp', code: k.freshTotp(who.secret!) },
      ...(signature ? { signature } : {}),
    });

  it('needs a signature: without one the step refuses with signature_required and records nothing', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const res = await sign(signer, item.id);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('signature_required');
    expect(res.body.meanings).toEqual(['approved', 'reviewed']);
    expect(await k.recorded(item.id)).toMatchObject({ votes: 0, signatures: 0 });
  });

  it('asks for the second factor even though the step does not say Require 2FA', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const res = await k.decide(signer.token, item.id, { step: 0, decision: 'approve', signature: { password: PASSWORD, meaning: 'approved' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('second_factor_required');
  });

  it("refuses a meaning outside the step's list", async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const res = await sign(signer, item.id, { password: PASSWORD, meaning: 'responsible' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('signature_invalid');
    expect(await k.recorded(item.id)).toMatchObject({ votes: 0, signatures: 0 });
  });

  it('a wrong password is refused before the second factor is consumed', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const code = k.freshTotp(signer.secret!);
    const bad = await k.decide(signer.token, item.id, {
      step: 0,
      decision: 'approve',
      secondFactor: { method: 'totp', code },
      signature: { password: 'not the password at all', meaning: 'approved' },
    });
    expect(bad.status).toBe(403);
    expect(bad.body.code).toBe('signature_invalid');
    expect(await k.recorded(item.id)).toMatchObject({ votes: 0, signatures: 0 });
    const good = await k.decide(signer.token, item.id, {
      step: 0,
      decision: 'approve',
      secondFactor: { method: 'totp', code },
      signature: { password: PASSWORD, meaning: 'approved' },
    });
    expect(good.status, good.text).toBe(201);
  });

  it('records printed name, UTC time, meaning and content hash, shown with the e-signed badge (J1)', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const res = await sign(signer, item.id, { password: PASSWORD, meaning: 'reviewed' });
    expect(res.status, res.text).toBe(201);
    const entry = res.body.item.history.find((h: { action: string }) => h.action === 'decided');
    expect(entry.badges).toEqual(['2fa_verified', 'e_signed']);
    expect(entry.signature).toMatchObject({
      printedName: 'Quinn',
      email: signer.email,
      meaning: 'reviewed',
      contentHash: item.contentHash,
      decision: 'approve',
      valid: true,
    });
    expect(entry.signature.signedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The same manifestation is in the audit export (JSON and CSV).
    const json = await s.client.get(`/api/v1/admin/audit/export?format=json&itemId=${item.id}`, admin.token);
    const applied = json.body.entries.find((e: { type: string }) => e.type === 'signature.applied');
    expect(applied.data).toMatchObject({ printedName: 'Quinn', meaning: 'reviewed', contentHash: item.contentHash, signedAt: entry.signature.signedAt });
    const csv = await s.client.request('GET', `/api/v1/admin/audit/export?format=csv&itemId=${item.id}`, { token: admin.token });
    expect(csv.text).toContain('signature.applied');
    expect(csv.text).toContain('Quinn');
  });

  it('each signing needs the password again: a second signing in the same session without it is refused (J3)', async () => {
    const one = await k.submit(submitter.token, signatureFlow);
    const two = await k.submit(submitter.token, signatureFlow);
    expect((await sign(signer, one.id, { password: PASSWORD, meaning: 'approved' })).status).toBe(201);
    const second = await sign(signer, two.id);
    expect(second.status).toBe(403);
    expect(second.body.code).toBe('signature_required');
  });

  it('a signature cannot be changed or deleted, and one no longer matching its content or moved to another item shows as not valid (J2)', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const target = await k.submit(submitter.token, signatureFlow);
    expect((await sign(signer, item.id, { password: PASSWORD, meaning: 'approved' })).status).toBe(201);
    const db = s.signoff.services.db;
    await db
      .updateTable('items')
      .set({ content_hash: 'f'.repeat(64) })
      .where('id', '=', item.id)
      .execute();
    const changed = await k.item(submitter.token, item.id);
    expect(changed.history.find((h: { signature?: unknown }) => h.signature).signature.valid).toBe(false);
    // Copy the row onto another item: the seal covers the item id, so it does not verify there.
    const row = await db.selectFrom('signatures').selectAll().where('item_id', '=', item.id).executeTakeFirstOrThrow();
    await expect(db.updateTable('signatures').set({ item_id: target.id }).where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('signatures').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    // Someone with owner rights lifts the guard: the seal still tells.
    await asDatabaseOwner(db, 'signatures', () =>
      db.updateTable('signatures').set({ content_hash: target.contentHash, item_id: target.id }).where('id', '=', row.id).execute(),
    );
    await db.updateTable('item_events').set({ item_id: target.id, seq: 99 }).where('signature_id', '=', row.id).execute();
    const moved = await k.item(submitter.token, target.id);
    expect(moved.history.find((h: { signature?: unknown }) => h.signature).signature.valid).toBe(false);
  });

  it('keeps the printed name as signed when the user is renamed later (J4)', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    expect((await sign(other, item.id, { password: PASSWORD, meaning: 'approved' })).status).toBe(201);
    const users = await s.client.get('/api/v1/admin/users', admin.token);
    const olga = users.body.users.find((u: { id: string }) => u.id === other.id);
    const renamed = await s.client.patch(`/api/v1/admin/users/${other.id}`, { name: 'Olga Renamed' }, admin.token);
    expect(renamed.status, renamed.text).toBe(200);
    const view = await k.item(submitter.token, item.id);
    expect(view.history.find((h: { signature?: unknown }) => h.signature).signature.printedName).toBe(olga.name);
  });

  it('prints every signature manifestation in the PDF report (J1)', async () => {
    const item = await k.submit(submitter.token, signatureFlow);
    const signed = await sign(signer, item.id, { password: PASSWORD, meaning: 'reviewed' });
    const at = signed.body.decision.signature.signedAt as string;
    const res = await fetch(`${s.url}/api/v1/items/${item.id}/signature-report`, { headers: { authorization: `Bearer ${submitter.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `signature-report-${dialect}.pdf`);
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Quinn');
    expect(text).toContain('reviewed');
    expect(text).toContain(`${at.slice(0, 10)} ${at.slice(11, 19)} UTC`);
    expect(text.replace(/\s+/g, '')).toContain(item.contentHash);
    expect(text).toContain('signature.applied');
    // The seal verifies, and the second factor given with the signature and the decision is named.
    expect(text).toContain('seal verified');
    expect(text).toContain('Authenticator app (TOTP)');
    expect(text).toContain('second factor: Authenticator app (TOTP)');
    expect(text).toContain('batch conforms');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, join(SCREENSHOTS, `signature-report-${dialect}`)]);
    // The item's evidence bundle rides along as evidence.json, its SHA-256 on the first page, and
    // it is the signed bundle the evidence route serves: the offline verifier accepts it.
    const attached = join(SCREENSHOTS, `signature-report-${dialect}-evidence.json`);
    execFileSync('pdfdetach', ['-savefile', 'evidence.json', '-o', attached, file]);
    const bundleText = readFileSync(attached, 'utf8');
    expect(text).toContain(createHash('sha256').update(bundleText).digest('hex'));
    const bundle = JSON.parse(bundleText) as { format: string; item: { id: string } };
    expect(bundle).toMatchObject({ format: 'signoff-evidence-v1', item: { id: item.id } });
    const verdict = await verifyBundle(bundleText, { jwks: (await s.client.get('/.well-known/signoff/jwks.json')).body });
    expect(verdict.firstFailure ?? null).toBeNull();
    expect(verdict.ok).toBe(true);
    const log = await s.client.get('/api/v1/admin/audit?type=signature_report.generated', admin.token);
    expect(log.body.entries[0].data.itemId).toBe(item.id);
    // Someone who is neither submitter, reviewer nor admin cannot read it.
    const stranger = await k.person('stranger');
    expect((await fetch(`${s.url}/api/v1/items/${item.id}/signature-report`, { headers: { authorization: `Bearer ${stranger.token}` } })).status).toBe(404);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B9
  it('locks signing after five failures, alerts the admins, and unlocks after the wait', async () => {
    const locked = await k.person('lee', { totp: true });
    const wf = await k.workflow([{ reviewers: [{ user: locked.id }], requireSignature: true }]);
    const item = await k.submit(submitter.token, wf);
    for (let i = 0; i < 5; i++) {
      const r = await sign(locked, item.id, { password: `wrong password ${i}`, meaning: 'approved' });
      expect(r.body.code).toBe('signature_invalid');
    }
    const refused = await sign(locked, item.id, { password: PASSWORD, meaning: 'approved' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    const alerts = await k.notices('ada@acme.test', /signing locked/);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text_body).toContain(locked.email);
    const log = await s.client.get('/api/v1/admin/audit?type=signature.locked', admin.token);
    expect(log.body.entries.some((e: { actor: { userId: string } }) => e.actor.userId === locked.id)).toBe(true);
    s.clock!.advance(15 * 60_000);
    expect((await sign(locked, item.id, { password: PASSWORD, meaning: 'approved' })).status).toBe(201);
  });
});
