// Signed audit checkpoints, the JWKS and witnesses (issue 10): the chain head is signed with
// the deployment's Ed25519 key every 100 entries, hourly when entries arrived, and on demand;
// each checkpoint is emailed to the witnesses over real SMTP; verification against checkpoints
// obtained earlier catches the rewrite the plain chain walk cannot (edit entry N, re-hash
// N..head and the head). Tamper tests play a database owner who lifts the append-only triggers.
// @see docs/security.md J6 (tamper-evident audit trail), RFC 8037 (Ed25519 JWK), RFC 8785 (JCS)
import { randomBytes } from 'node:crypto';
import { createPublicKey, verify as edVerify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../../src/audit/chain.ts';
import { jwkThumbprint } from '../../../src/platform/crypto/ed25519.ts';
import { asDatabaseOwner } from '../../support/append-only.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { startSmtpServer, type SmtpTestServer } from '../../support/smtp-server.ts';
import { runSignoff, startInProcess, type TestServer } from '../../support/start-signoff.ts';

type Checkpoint = { organization: string; seq: number; headHash: string; at: string; kid: string; signature: string };
type Jwk = { kty: string; crv: string; x: string; kid: string; use: string; alg: string };

/** An independent check (not the server's code): JCS of a flat object is JSON with sorted keys. */
function verifiesAgainst(c: Checkpoint, keys: Jwk[]): boolean {
  const key = keys.find((k) => k.kid === c.kid);
  if (!key) return false;
  const { signature, ...rest } = c;
  const jcs = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
  return edVerify(
    null,
    Buffer.from(jcs),
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x }, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
}

const HOUR = 60 * 60_000;

describe.each(DIALECTS)('%s: signed audit checkpoints', (dialect) => {
  let s: TestServer;
  let smtp: SmtpTestServer;
  let admin: string;
  let reviewer: string;
  let orgId: string;
  let adminId: string;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_SMTP_URL: smtp.url } });
    ({ orgId, userId: adminId } = await setUp(s.client));
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    await createUser(s.client, admin, { email: 'rita@acme.test', roles: ['reviewer'] });
    reviewer = await login(s.client, 'rita@acme.test', 'a long enough passphrase');
  });
  afterAll(async () => {
    await s?.stop();
    await smtp?.close();
  });

  const db = () => s.signoff.services.db as any;
  /** Moves the manual clock; sessions idle past 30 minutes end, so sign in again (which appends entries). */
  const advance = async (ms: number, relogin = true) => {
    s.clock!.advance(ms);
    if (!relogin) return;
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    reviewer = await login(s.client, 'rita@acme.test', 'a long enough passphrase');
  };
  const job = () => s.signoff.services.checkpoints.scheduler.runOnce();
  const jwks = async () => (await s.client.get('/.well-known/signoff/jwks.json')).body.keys as Jwk[];
  const listed = async (query = '') => (await s.client.get(`/api/v1/admin/audit/checkpoints${query}`, admin)).body.checkpoints as Checkpoint[];
  const verifyWith = async (checkpoints: Checkpoint[]) => {
    const res = await s.client.post('/api/v1/admin/audit/verify', { checkpoints }, admin);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const head = () => s.signoff.services.audit.head(s.signoff.services.db, orgId);
  /** Appends `n` entries the way any audited write does (one transaction each). */
  const appendEntries = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await s.signoff.services.db
        .transaction()
        .execute((tx) => s.signoff.services.audit.append(tx, { orgId, type: 'group.created', data: { new: { name: `g${i}` } } }));
    }
  };
  const checkpointNow = async () => {
    const res = await s.client.post('/api/v1/admin/audit/checkpoints', {}, admin);
    expect(res.status, res.text).toBe(201);
    return res.body as Checkpoint;
  };

  /** The whole trail and head of the organisation, to put back after a tamper test. */
  async function snapshot() {
    const rows = await db().selectFrom('audit_entries').selectAll().where('org_id', '=', orgId).orderBy('seq').execute();
    const h = await db().selectFrom('audit_heads').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
    const cps = await db().selectFrom('audit_checkpoints').selectAll().where('org_id', '=', orgId).execute();
    return async () => {
      await asDatabaseOwner(db(), 'audit_entries', async () => {
        await db().deleteFrom('audit_entries').where('org_id', '=', orgId).execute();
        for (const r of rows) await db().insertInto('audit_entries').values(r).execute();
      });
      await db().updateTable('audit_heads').set({ seq: h.seq, head_hash: h.head_hash }).where('org_id', '=', orgId).execute();
      await asDatabaseOwner(db(), 'audit_checkpoints', async () => {
        await db().deleteFrom('audit_checkpoints').where('org_id', '=', orgId).execute();
        for (const r of cps) await db().insertInto('audit_checkpoints').values(r).execute();
      });
    };
  }

  /** The attack: edit entry `seq`'s data, recompute every hash from it to the head, and the head. */
  async function rewriteFrom(seq: number, change: (data: any) => any) {
    const rows = await db().selectFrom('audit_entries').selectAll().where('org_id', '=', orgId).where('seq', '>=', seq).orderBy('seq').execute();
    let prevHash = (
      await db()
        .selectFrom('audit_entries')
        .select('hash')
        .where('org_id', '=', orgId)
        .where('seq', '=', seq - 1)
        .executeTakeFirstOrThrow()
    ).hash;
    await asDatabaseOwner(db(), 'audit_entries', async () => {
      for (const r of rows) {
        const data = Number(r.seq) === seq ? change(JSON.parse(r.data)) : JSON.parse(r.data);
        const hash = entryHash({
          orgId: r.org_id,
          seq: Number(r.seq),
          at: Number(r.at),
          type: r.type,
          actorUserId: r.actor_user_id,
          actorLabel: r.actor_label,
          targetType: r.target_type,
          targetId: r.target_id,
          data,
          ip: r.ip,
          requestId: r.request_id,
          prevHash,
        });
        await db()
          .updateTable('audit_entries')
          .set({ data: JSON.stringify(data), prev_hash: prevHash, hash })
          .where('id', '=', r.id)
          .execute();
        prevHash = hash;
      }
    });
    await db().updateTable('audit_heads').set({ head_hash: prevHash }).where('org_id', '=', orgId).execute();
  }

  it('publishes the Ed25519 public keys unauthenticated as an RFC 8037 JWK Set, cacheable', async () => {
    const res = await s.client.get('/.well-known/signoff/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(res.body.keys).toHaveLength(1);
    const [key] = res.body.keys as Jwk[];
    expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: jwkThumbprint(key!.x), use: 'sig', alg: 'EdDSA' });
  });

  it('accepts up to 10 distinct witness addresses in settings, audited, and refuses anything else unchanged', async () => {
    for (const bad of [['not-an-email'], ['w@x.test', 'W@x.test'], Array.from({ length: 11 }, (_, i) => `w${i}@x.test`)]) {
      const res = await s.client.patch('/api/v1/admin/settings', { audit: { witnesses: bad } }, admin);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    }
    expect((await s.client.patch('/api/v1/admin/settings', { audit: { witnesses: ['a@b.test'], extra: 1 } }, admin)).status).toBe(400);
    expect((await s.client.get('/api/v1/admin/settings', admin)).body.audit).toEqual({ witnesses: [] });
    const ok = await s.client.patch('/api/v1/admin/settings', { audit: { witnesses: ['Auditor@Witness.test', 'qa@witness.test'] } }, admin);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.audit).toEqual({ witnesses: ['auditor@witness.test', 'qa@witness.test'] });
    const changed = (await s.client.get('/api/v1/admin/audit?type=settings.changed', admin)).body.entries[0];
    expect(JSON.stringify(changed.data)).toContain('auditor@witness.test');
  });

  it('makes the first checkpoint at once, emails it to every witness with the signed JSON attached over SMTP', async () => {
    await smtp.clear();
    expect(await job()).toBe(1);
    expect(await job()).toBe(0);
    const [cp] = await listed();
    const h = await head();
    expect(cp).toEqual({
      organization: orgId,
      seq: h.seq,
      headHash: h.headHash,
      at: new Date(s.clock!.now()).toISOString(),
      kid: (await jwks())[0]!.kid,
      signature: expect.any(String),
    });
    expect(verifiesAgainst(cp!, await jwks())).toBe(true);
    expect(await s.signoff.services.checkpoints.latestCheckpoint(s.signoff.services.db, orgId)).toEqual(cp);

    const mails = await smtp.waitForCount(2);
    expect(mails.map((m) => (m.to as any).text).sort()).toEqual(['auditor@witness.test', 'qa@witness.test']);
    for (const m of mails) {
      expect(m.subject).toContain(`entry ${cp!.seq}`);
      expect(m.attachments).toHaveLength(1);
      const [file] = m.attachments;
      expect(file!.filename).toBe(`checkpoint-${orgId}-${cp!.seq}.json`);
      expect(file!.contentType).toBe('application/json');
      const attached = JSON.parse(file!.content.toString('utf8')) as Checkpoint;
      expect(attached).toEqual(cp);
      expect(verifiesAgainst(attached, await jwks())).toBe(true);
      expect(verifiesAgainst({ ...attached, seq: attached.seq + 1 }, await jwks())).toBe(false);
    }
  });

  it('signs every 100th entry and, with new entries, the head once an hour (the injected clock)', async () => {
    const first = (await listed()).at(-1)!;
    await appendEntries(3);
    await advance(HOUR - 1, false);
    expect(await job()).toBe(0);
    await advance(1, false);
    expect(await job()).toBe(1);
    const h = await head();
    expect(h.seq).toBe(first.seq + 3);
    await advance(2 * HOUR, false);
    expect(await job()).toBe(0); // no new entries, no checkpoint
    await advance(0);
    expect((await listed()).at(-1)).toMatchObject({ seq: h.seq, headHash: h.headHash });

    const before = (await head()).seq;
    await appendEntries(205 - before);
    expect(await job()).toBe(2);
    const seqs = (await listed()).map((c) => c.seq);
    expect(seqs.slice(-2)).toEqual([100, 200]);
    const hundredth = await s.signoff.services.audit.entryAt(s.signoff.services.db, orgId, 100);
    expect((await listed()).find((c) => c.seq === 100)!.headHash).toBe(hundredth!.hash);
  });

  it('makes a checkpoint at most once per (organisation, seq) when passes race (two instances)', async () => {
    await appendEntries(100);
    const rowsBefore = await db().selectFrom('mail_outbox').select('id').where('template', '=', 'audit-checkpoint').execute();
    const made = await Promise.all([job(), job(), job()]);
    expect(made.reduce((a, b) => a + b, 0)).toBe(1);
    const rowsAfter = await db().selectFrom('mail_outbox').select('id').where('template', '=', 'audit-checkpoint').execute();
    expect(rowsAfter.length - rowsBefore.length).toBe(2); // one per witness
    expect((await listed()).at(-1)!.seq).toBe(300);
  });

  it('signs the head on demand (admins only), audited; lists with since and limit', async () => {
    expect((await s.client.post('/api/v1/admin/audit/checkpoints', {}, reviewer)).status).toBe(403);
    expect((await s.client.get('/api/v1/admin/audit/checkpoints', reviewer)).status).toBe(403);
    expect((await s.client.post('/api/v1/admin/audit/verify', { checkpoints: [] }, reviewer)).status).toBe(403);
    await advance(1000);
    const since = new Date(s.clock!.now()).toISOString();
    const h = await head();
    const cp = await checkpointNow();
    expect(cp).toMatchObject({ organization: orgId, seq: h.seq, headHash: h.headHash, at: since });
    const entry = (await s.client.get('/api/v1/admin/audit?type=audit.checkpointed', admin)).body.entries[0];
    expect(entry).toMatchObject({ seq: h.seq + 1, data: { seq: h.seq, headHash: h.headHash, kid: cp.kid, witnesses: 2 } });
    expect(await listed(`?since=${encodeURIComponent(since)}`)).toEqual([cp]);
    expect((await listed('?limit=2')).map((c) => c.seq)).toEqual((await listed()).slice(0, 2).map((c) => c.seq));
    expect((await s.client.get('/api/v1/admin/audit/checkpoints?limit=0', admin)).status).toBe(400);

    // The job signs the head an hour later; asking for the same head returns that one, still recorded.
    await advance(HOUR, false); // no sign-in: that would append entries and move the head
    expect(await job()).toBe(1);
    const byJob = (await s.signoff.services.checkpoints.latestCheckpoint(s.signoff.services.db, orgId))!;
    const actor = { orgId, userId: adminId, label: ADMIN.email, roles: ['admin'] } as any;
    const again = await s.signoff.services.checkpoints.checkpointNow(actor, { ip: '127.0.0.1' });
    expect(again).toEqual({ checkpoint: byJob, created: false });
    await advance(0);
    const recorded = (await s.client.get('/api/v1/admin/audit?type=audit.checkpointed', admin)).body.entries[0];
    expect(recorded.data).toMatchObject({ seq: byJob.seq, existing: true });
  });

  it('verifies an intact chain against its stored and submitted checkpoints', async () => {
    const all = await listed('?limit=1000');
    const get = (await s.client.get('/api/v1/admin/audit/verify', admin)).body;
    expect(get).toMatchObject({ ok: true, checkpoints: all.map((c) => ({ seq: c.seq, ok: true, source: 'stored' })) });
    const post = await verifyWith(all.slice(0, 2));
    expect(post.ok).toBe(true);
    expect(post.checkpoints.slice(0, 2)).toEqual(all.slice(0, 2).map((c) => ({ seq: c.seq, ok: true, source: 'submitted' })));
  });

  it('refuses a checkpoint with an altered field, an unknown key or another organisation: bad_checkpoint_signature', async () => {
    const [cp] = await listed();
    const forged = [
      { ...cp!, headHash: 'f'.repeat(64) },
      { ...cp!, at: '2020-01-01T00:00:00.000Z' },
      { ...cp!, kid: 'A'.repeat(43) },
      { ...cp!, organization: 'org_someoneelse' },
      { ...cp!, signature: cp!.signature.slice(0, -2) + (cp!.signature.endsWith('AA') ? 'BA' : 'AA') },
    ];
    const r = await verifyWith(forged);
    expect(r.ok).toBe(false);
    expect(r.checkpoints.slice(0, forged.length)).toEqual(
      forged.map((c) => ({ seq: c.seq, ok: false, source: 'submitted', problem: 'bad_checkpoint_signature' })),
    );
    const bad = await s.client.post('/api/v1/admin/audit/verify', { checkpoints: [{ ...cp!, seq: 'one' }] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
  });

  it('keeps checkpoints append-only in the database (UPDATE and DELETE refused)', async () => {
    await expect(
      db()
        .updateTable('audit_checkpoints')
        .set({ head_hash: 'f'.repeat(64) })
        .where('org_id', '=', orgId)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_checkpoints').where('org_id', '=', orgId).execute()).rejects.toThrow(/append-only/);
  });

  it('catches the rewrite the chain walk cannot: entry N edited, N..head and the head re-hashed (with the stored checkpoints gone too)', async () => {
    await appendEntries(5);
    const early = await checkpointNow(); // obtained earlier by an auditor
    await appendEntries(10);
    const late = await checkpointNow();
    await appendEntries(3);
    const restore = await snapshot();
    const victim = early.seq + 4;
    try {
      await rewriteFrom(victim, (data) => ({ ...data, new: { name: 'forged' } }));
      // The owner also removes the server's own checkpoints: only copies kept elsewhere remain.
      await asDatabaseOwner(db(), 'audit_checkpoints', () => db().deleteFrom('audit_checkpoints').where('org_id', '=', orgId).execute());
      const plain = (await s.client.get('/api/v1/admin/audit/verify', admin)).body;
      expect(plain).toMatchObject({ ok: true, checkpoints: [] }); // self-consistent: the walk alone is fooled

      const r = await verifyWith([late, early]);
      expect(r.ok).toBe(false);
      expect(r.checkpoints).toEqual([
        { seq: late.seq, ok: false, source: 'submitted', problem: 'rewritten_since_checkpoint', firstBadEntry: { seq: early.seq + 1, throughSeq: late.seq } },
        { seq: early.seq, ok: true, source: 'submitted' },
      ]);
      expect(r.firstBadEntry).toMatchObject({ seq: early.seq + 1, reason: 'rewritten_since_checkpoint' });

      // The CLI with the witness's files says the same and exits 1.
      const dir = await mkdtemp(join(tmpdir(), 'signoff-cp-'));
      try {
        await writeFile(join(dir, 'early.json'), JSON.stringify(early));
        await writeFile(join(dir, 'late.json'), JSON.stringify(late));
        const out = await runSignoff(['audit', 'verify', '--checkpoint', join(dir, 'early.json'), join(dir, 'late.json')], { env: s.db.env });
        expect(out.code, out.out + out.err).toBe(1);
        expect(out.out).toContain(`(seq ${early.seq + 1}, rewritten_since_checkpoint)`);
        expect(out.out).toContain(`late.json (seq ${late.seq}): rewritten_since_checkpoint: rewritten in entries ${early.seq + 1}..${late.seq}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } finally {
      await restore();
    }
    expect((await verifyWith([early, late])).ok).toBe(true);
  }, 60_000);

  it('catches the same rewrite with the server’s own stored checkpoints when the owner left them', async () => {
    const stored = await listed('?limit=1000');
    const newest = stored.at(-1)!;
    const restore = await snapshot();
    try {
      await rewriteFrom(newest.seq - 2, (data) => ({ ...data, forged: true }));
      const r = (await s.client.get('/api/v1/admin/audit/verify', admin)).body;
      expect(r.ok).toBe(false);
      const previous = stored.at(-2)!;
      expect(r.checkpoints.at(-1)).toEqual({
        seq: newest.seq,
        ok: false,
        source: 'stored',
        problem: 'rewritten_since_checkpoint',
        firstBadEntry: { seq: previous.seq + 1, throughSeq: newest.seq },
      });
      expect(r.firstBadEntry).toMatchObject({ seq: previous.seq + 1, reason: 'rewritten_since_checkpoint' });
    } finally {
      await restore();
    }
  });

  it('names a stored checkpoint the owner edited (bad_checkpoint_signature, source stored)', async () => {
    const restore = await snapshot();
    const [first] = await listed();
    try {
      await asDatabaseOwner(db(), 'audit_checkpoints', () =>
        db()
          .updateTable('audit_checkpoints')
          .set({ head_hash: 'e'.repeat(64) })
          .where('org_id', '=', orgId)
          .where('seq', '=', first!.seq)
          .execute(),
      );
      const r = (await s.client.get('/api/v1/admin/audit/verify', admin)).body;
      expect(r.ok).toBe(false);
      expect(r.checkpoints[0]).toEqual({ seq: first!.seq, ok: false, source: 'stored', problem: 'bad_checkpoint_signature' });
    } finally {
      await restore();
    }
  });

  describe('tampering with audit rows is located', () => {
    const verify = async () => (await s.client.get('/api/v1/admin/audit/verify', admin)).body;
    let target: number;
    beforeAll(async () => {
      target = (await head()).seq - 5;
    });

    it('an edit in place: hash_mismatch at that entry', async () => {
      const restore = await snapshot();
      try {
        await asDatabaseOwner(db(), 'audit_entries', () =>
          db().updateTable('audit_entries').set({ actor_label: 'mallory' }).where('org_id', '=', orgId).where('seq', '=', target).execute(),
        );
        expect(await verify()).toMatchObject({ ok: false, entries: target - 1, firstBadEntry: { seq: target, reason: 'hash_mismatch' } });
      } finally {
        await restore();
      }
      expect((await verify()).ok).toBe(true);
    });

    it('a deletion: sequence_gap at the entry after it', async () => {
      const restore = await snapshot();
      try {
        await asDatabaseOwner(db(), 'audit_entries', () => db().deleteFrom('audit_entries').where('org_id', '=', orgId).where('seq', '=', target).execute());
        expect(await verify()).toMatchObject({ ok: false, entries: target - 1, firstBadEntry: { seq: target + 1, reason: 'sequence_gap' } });
      } finally {
        await restore();
      }
    });

    it('a reorder (two entries swap places): broken_link at the first of them', async () => {
      const restore = await snapshot();
      try {
        await asDatabaseOwner(db(), 'audit_entries', async () => {
          const set = (from: number, to: number) =>
            db().updateTable('audit_entries').set({ seq: to }).where('org_id', '=', orgId).where('seq', '=', from).execute();
          await set(target, -1);
          await set(target + 1, target);
          await set(-1, target + 1);
        });
        expect(await verify()).toMatchObject({ ok: false, entries: target - 1, firstBadEntry: { seq: target, reason: 'broken_link' } });
      } finally {
        await restore();
      }
    });

    it('a deletion with the rest renumbered and re-hashed: rewritten_since_checkpoint against a checkpoint', async () => {
      const cp = await checkpointNow();
      await appendEntries(2);
      const restore = await snapshot();
      const victim = cp.seq - 3;
      try {
        const rows = await db().selectFrom('audit_entries').selectAll().where('org_id', '=', orgId).where('seq', '>', victim).orderBy('seq').execute();
        let prevHash = (
          await db()
            .selectFrom('audit_entries')
            .select('hash')
            .where('org_id', '=', orgId)
            .where('seq', '=', victim - 1)
            .executeTakeFirstOrThrow()
        ).hash;
        await asDatabaseOwner(db(), 'audit_entries', async () => {
          await db().deleteFrom('audit_entries').where('org_id', '=', orgId).where('seq', '=', victim).execute();
          for (const r of rows) {
            const seq = Number(r.seq) - 1;
            const hash = entryHash({
              orgId,
              seq,
              at: Number(r.at),
              type: r.type,
              actorUserId: r.actor_user_id,
              actorLabel: r.actor_label,
              targetType: r.target_type,
              targetId: r.target_id,
              data: JSON.parse(r.data),
              ip: r.ip,
              requestId: r.request_id,
              prevHash,
            });
            await db().updateTable('audit_entries').set({ seq, prev_hash: prevHash, hash }).where('id', '=', r.id).execute();
            prevHash = hash;
          }
        });
        await db()
          .updateTable('audit_heads')
          .set((eb: any) => ({ seq: eb('seq', '-', 1), head_hash: prevHash }))
          .where('org_id', '=', orgId)
          .execute();
        await asDatabaseOwner(db(), 'audit_checkpoints', () =>
          db().deleteFrom('audit_checkpoints').where('org_id', '=', orgId).where('seq', '>=', victim).execute(),
        );
        expect((await verify()).ok).toBe(true);
        const r = await verifyWith([cp]);
        expect(r.checkpoints[0]).toMatchObject({ seq: cp.seq, ok: false, problem: 'rewritten_since_checkpoint', firstBadEntry: { throughSeq: cp.seq } });
        expect(r.checkpoints[0].firstBadEntry.seq).toBeLessThanOrEqual(victim);
      } finally {
        await restore();
      }
    });
  });

  it('an instance started with another SIGNOFF_SECRET_KEY answers 503 to a checkpoint request and records nothing', async () => {
    await checkpointNow(); // the generation in force is recorded by this deployment's key
    const before = await listed();
    const stranger = await startInProcess(dialect, { db: s.db, env: { SIGNOFF_SMTP_URL: smtp.url, SIGNOFF_SECRET_KEY: randomBytes(32).toString('hex') } });
    try {
      const token = await login(stranger.client, ADMIN.email, ADMIN.password);
      const res = await stranger.client.post('/api/v1/admin/audit/checkpoints', {}, token);
      expect(res.status, res.text).toBe(503);
      expect(res.body.code).toBe('service_unavailable');
      expect(res.body.detail).toMatch(/every instance must share the secret key/);
    } finally {
      await stranger.stop();
    }
    expect(await listed()).toEqual(before);
  });

  it('`signoff keys rotate` adds a generation the running server signs with at once; old checkpoints still verify', async () => {
    const before = await jwks();
    const old = (await listed())[0]!;
    const out = await runSignoff(['keys', 'rotate'], { env: s.db.env });
    expect(out.code, out.out + out.err).toBe(0);
    const after = await jwks();
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(0, before.length)).toEqual(before);
    const fresh = await checkpointNow();
    expect(fresh.kid).toBe(after.at(-1)!.kid);
    expect(fresh.kid).not.toBe(old.kid);
    expect(verifiesAgainst(fresh, after) && verifiesAgainst(old, after)).toBe(true);
    expect((await verifyWith([old, fresh])).ok).toBe(true);
    // The rotation is in the organisation's chain, with both key ids and the operator's command.
    const audit = (await s.client.get('/api/v1/admin/audit?type=evidence_key.rotated', admin)).body.entries;
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toEqual({
      old: { generation: expect.any(Number), kid: before.at(-1)!.kid },
      new: { generation: expect.any(Number), kid: after.at(-1)!.kid },
    });
    expect(audit[0].actor?.label ?? audit[0].actorLabel).toMatch(/^signoff keys rotate/);
  }, 60_000);
});
