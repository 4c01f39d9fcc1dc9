// The audit trail (docs/guide.md §8, docs/security.md J6/J8): what it records, how it is queried, and
// that verification (API and `signoff audit verify`) names the first altered or removed entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDatabaseOwner } from '../../support/append-only.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { runSignoff, startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { linkToken, mailAfter } from '../admin/admin-fixtures.ts';

type Entry = {
  id: string;
  seq: number;
  at: string;
  type: string;
  ip: string | null;
  actor: { userId: string | null; label: string | null };
  target: { type: string; id: string } | null;
  data: any;
  hash: string;
  prevHash: string;
};

describe.each(DIALECTS)('%s: audit trail', (dialect) => {
  let s: TestServer;
  let admin: string;
  let orgId: string;
  let adminId: string;
  let rita: { id: string };
  let groupId: string;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_DEV_MAILBOX: '1' } }); // reads links through the dev mailbox
    ({ orgId, userId: adminId } = await setUp(s.client));
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: 'not the password at all' });
    rita = await createUser(s.client, admin, { email: 'rita@acme.test', name: 'Rita', roles: ['reviewer'] });
    await s.client.patch(`/api/v1/admin/users/${rita.id}`, { roles: ['reviewer', 'owner'], userType: 'client' }, admin);
    groupId = (await s.client.post('/api/v1/admin/groups', { name: 'QA', members: [rita.id] }, admin)).body.id;
    await s.client.patch(`/api/v1/admin/groups/${groupId}`, { name: 'Quality' }, admin);
    const mail = await mailAfter(s.client, admin, 'rita@acme.test', () => s.client.post('/api/v1/auth/password-reset', { email: 'rita@acme.test' }));
    await s.client.post('/api/v1/auth/password-reset/confirm', { token: linkToken(mail, s.signoff.config.baseUrl), password: 'a fresh reset passphrase' });
    const temp = (await s.client.post('/api/v1/admin/groups', { name: 'Temp' }, admin)).body.id;
    await s.client.delete(`/api/v1/admin/groups/${temp}`, admin);
    await s.client.post('/api/v1/auth/logout', {}, await login(s.client, 'rita@acme.test', 'a fresh reset passphrase'));
  });
  afterAll(() => s.stop());

  const entries = async (query = '') => {
    const res = await s.client.get(`/api/v1/admin/audit${query}`, admin);
    expect(res.status).toBe(200);
    return res.body.entries as Entry[];
  };
  const one = async (type: string) => (await entries(`?type=${type}`))[0]!;
  const verify = async () => (await s.client.get('/api/v1/admin/audit/verify', admin)).body;
  const rowCount = async () =>
    Number(
      (
        await s.signoff.services.db
          .selectFrom('audit_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('records sign-ins, a refused sign-in and sign-outs with actor and address', async () => {
    const logins = await entries('?type=login.succeeded');
    expect(logins[0]).toMatchObject({
      actor: { userId: rita.id, label: 'rita@acme.test' },
      target: { type: 'user', id: rita.id },
      data: { method: 'password' },
    });
    expect(logins.at(-1)).toMatchObject({
      actor: { userId: adminId, label: ADMIN.email },
      target: { type: 'user', id: adminId },
      data: { method: 'password' },
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    const failed = await one('login.failed');
    expect(failed).toMatchObject({ actor: { userId: null, label: ADMIN.email }, target: { type: 'user', id: adminId }, data: { reason: 'wrong_password' } });
    expect(JSON.stringify(failed)).not.toContain('not the password at all');
    expect(await one('logout.succeeded')).toMatchObject({ actor: { userId: rita.id, label: 'rita@acme.test' } });
  });

  it('records user creation and changes with old and new values', async () => {
    expect(await one('user.created')).toMatchObject({
      actor: { userId: adminId, label: ADMIN.email },
      target: { type: 'user', id: rita.id },
      data: { new: { email: 'rita@acme.test', name: 'Rita', roles: ['reviewer'], userType: 'staff', groups: [], active: true }, invited: false },
    });
    const updates = (await entries('?type=user.updated')).filter((e) => e.target?.id === rita.id);
    expect(updates.map((e) => e.data)).toContainEqual({
      old: { roles: ['reviewer'], userType: 'staff' },
      new: { roles: ['reviewer', 'owner'], userType: 'client' },
    });
    expect(JSON.stringify(await entries())).not.toMatch(/argon2|passphrase/);
  });

  it('records group creation, changes and deletion, and password resets', async () => {
    const created = (await entries('?type=group.created')).find((e) => e.target?.id === groupId)!;
    expect(created.data).toEqual({ new: { name: 'QA', members: ['rita@acme.test'] } });
    expect((await one('group.updated')).data).toEqual({ old: { name: 'QA' }, new: { name: 'Quality' } });
    expect((await one('group.deleted')).data).toEqual({ old: { name: 'Temp', members: [] } });
    expect(await one('password_reset.requested')).toMatchObject({ target: { type: 'user', id: rita.id } });
    expect(await one('password_reset.completed')).toMatchObject({ actor: { userId: rita.id }, data: { purpose: 'reset' } });
  });

  it('lists newest first and filters by type, since and limit', async () => {
    const all = await entries('?limit=1000');
    expect(all.length).toBe(await rowCount());
    expect(all.map((e) => e.seq)).toEqual(all.map((e) => e.seq).sort((a, b) => b - a));
    expect(all.at(-1)).toMatchObject({ seq: 1, type: 'setup.completed', prevHash: '0'.repeat(64) });
    const failed = await entries('?type=login.failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.type === 'login.failed')).toBe(true);
    expect(await entries('?limit=2')).toEqual(all.slice(0, 2));

    s.clock!.advance(60_000);
    const since = new Date(s.clock!.now()).toISOString();
    await s.client.post('/api/v1/admin/groups', { name: 'After since' }, admin);
    const recent = await entries(`?since=${encodeURIComponent(since)}`);
    expect(recent.map((e) => e.type)).toEqual(['group.created']);
    expect(recent[0]!.at >= since).toBe(true);
    expect(await entries(`?since=${encodeURIComponent(since)}&type=login.failed`)).toEqual([]);
  });

  it('verifies an intact chain: ok, one entry per row, head hash of the newest entry', async () => {
    const result = await verify();
    expect(result).toEqual({ ok: true, entries: await rowCount(), headHash: (await entries('?limit=1'))[0]!.hash, checkpoints: [] });
  });

  it('refuses UPDATE and DELETE on the audit trail in the database itself (J6)', async () => {
    const db = s.signoff.services.db;
    const target = (await entries('?limit=1'))[0]!;
    await expect(db.updateTable('audit_entries').set({ actor_label: 'forged' }).where('id', '=', target.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_entries').where('id', '=', target.id).execute()).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('names exactly the entry whose data was changed in the database', async () => {
    const db = s.signoff.services.db;
    const target = (await entries('?type=user.updated'))[0]!;
    const original = await db.selectFrom('audit_entries').select('data').where('id', '=', target.id).executeTakeFirstOrThrow();
    await asDatabaseOwner(db, 'audit_entries', async () => {
      await db
        .updateTable('audit_entries')
        .set({ data: original.data.replace('"owner"', '"admin"') })
        .where('id', '=', target.id)
        .execute();
      try {
        const result = await verify();
        expect(result).toMatchObject({ ok: false, firstBadEntry: { id: target.id, seq: target.seq, reason: 'hash_mismatch' } });
        expect(result.entries).toBe(target.seq - 1);
      } finally {
        await db.updateTable('audit_entries').set({ data: original.data }).where('id', '=', target.id).execute();
      }
    });
    expect((await verify()).ok).toBe(true);
  });

  it('detects a deleted entry', async () => {
    const db = s.signoff.services.db;
    const victim = (await entries('?type=login.failed'))[0]!;
    const row = await db.selectFrom('audit_entries').selectAll().where('id', '=', victim.id).executeTakeFirstOrThrow();
    await asDatabaseOwner(db, 'audit_entries', async () => {
      await db.deleteFrom('audit_entries').where('id', '=', victim.id).execute();
      try {
        const result = await verify();
        expect(result.ok).toBe(false);
        expect(['sequence_gap', 'broken_link']).toContain(result.firstBadEntry.reason);
        expect(result.firstBadEntry.seq).toBe(victim.seq + 1);
        expect(result.entries).toBe(victim.seq - 1);
      } finally {
        await db.insertInto('audit_entries').values(row).execute();
      }
    });
    expect((await verify()).ok).toBe(true);
  });

  /** `signoff audit verify` on the test's database: its exit code, standard output and error. */
  const cli = () => runSignoff(['audit', 'verify'], { env: s.db.env });

  it('`signoff audit verify` exits 0 on an intact chain and 1 naming the entry after tampering', async () => {
    const intact = await cli();
    expect(intact.code, intact.out + intact.err).toBe(0);
    expect(intact.out).toContain(`${orgId}: ok, ${await rowCount()} entries`);

    const db = s.signoff.services.db;
    const target = (await entries('?type=group.created'))[0]!;
    const original = await db.selectFrom('audit_entries').select('actor_label').where('id', '=', target.id).executeTakeFirstOrThrow();
    await asDatabaseOwner(db, 'audit_entries', async () => {
      await db.updateTable('audit_entries').set({ actor_label: 'someone-else@acme.test' }).where('id', '=', target.id).execute();
      try {
        const broken = await cli();
        expect(broken.code, broken.out + broken.err).toBe(1);
        expect(broken.out).toContain(`BROKEN at entry ${target.id} (seq ${target.seq}, hash_mismatch)`);
      } finally {
        await db.updateTable('audit_entries').set({ actor_label: original.actor_label }).where('id', '=', target.id).execute();
      }
    });
  }, 60_000);

  // One database is enough: the command's wiring is the same on both, and 100,000 entries take seconds.
  it.runIf(dialect === 'sqlite')(
    '`signoff audit verify` shows its progress on standard error on a long trail, and keeps standard output for the result',
    async () => {
      const { db, audit } = s.signoff.services;
      for (let added = 0; added < 100_000; added += 5_000) {
        await db.transaction().execute(async (tx) => {
          for (let i = 0; i < 5_000; i++)
            await audit.append(tx, { orgId, type: 'group.updated', actor: { userId: adminId, label: ADMIN.email }, data: { i: added + i } });
        });
      }
      const total = await rowCount();
      const run = await cli();
      expect(run.code, run.out + run.err).toBe(0);
      expect(run.err).toContain(`${orgId}: 100,000 of ${total.toLocaleString('en-US')} entries checked (`);
      expect(run.out.trim()).toBe(`${orgId}: ok, ${total} entries, head ${(await verify()).headHash}, 0 checkpoints match`);
    },
    60_000,
  );
});
