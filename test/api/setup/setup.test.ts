// First-run setup (docs/guide.md §1, API.md "Setup and login"): once per instance, through the API
// or the CLI, and never twice, even when several browsers race.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../support/dialects.ts';
import { ADMIN, login } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import { runSignoff, startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { countRows } from '../admin/admin-fixtures.ts';

describe.each(DIALECTS)('%s: first-run setup', (dialect) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
  });
  afterEach(() => s.stop());

  it('reports the instance as not set up, then as set up once setup ran', async () => {
    expect((await s.client.get('/api/v1/setup/status')).body).toEqual({ setUp: false });
    expect((await s.client.post('/api/v1/setup', ADMIN)).status).toBe(201);
    expect((await s.client.get('/api/v1/setup/status')).body).toEqual({ setUp: true });
  });

  it('creates the organisation and an admin with the roles admin, owner and reviewer, signed in', async () => {
    const res = await s.client.post('/api/v1/setup', { ...ADMIN, email: '  Ada@ACME.test ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      organization: { name: ADMIN.organization, slug: 'acme-pharma' },
      user: { email: ADMIN.email, name: ADMIN.name, userType: 'staff', roles: ['admin', 'owner', 'reviewer'], groups: [], active: true },
    });
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookieFrom(res, 'signoff_session')).toBe(res.body.token);
    const session = await s.client.get('/api/v1/auth/session', res.body.token);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ id: res.body.user.id, roles: ['admin', 'owner', 'reviewer'], organization: { id: res.body.organization.id } });
    expect((await s.client.get('/api/v1/admin/users', res.body.token)).status).toBe(200);
    const audit = await s.signoff.services.db.selectFrom('audit_entries').select(['type', 'actor_user_id']).execute();
    expect(audit).toEqual([{ type: 'setup.completed', actor_user_id: res.body.user.id }]);
    await login(s.client, ADMIN.email, ADMIN.password);
  });

  it('refuses a second setup with already_set_up and changes nothing', async () => {
    await s.client.post('/api/v1/setup', ADMIN);
    const before = await countRows(s);
    const again = await s.client.post('/api/v1/setup', {
      organization: 'Evil Corp',
      name: 'Mallory',
      email: 'mallory@evil.test',
      password: 'another long passphrase',
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ code: 'already_set_up', status: 409 });
    expect(await countRows(s)).toEqual(before);
    expect((await s.client.post('/api/v1/auth/login', { email: 'mallory@evil.test', password: 'another long passphrase' })).status).toBe(401);
  });

  // Same organisation name on purpose: two browsers racing the same form also race for its slug.
  it('ten concurrent setups create exactly one organisation and one admin', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.client.post('/api/v1/setup', { organization: 'Race Org', name: `Admin ${i}`, email: `admin${i}@race.test`, password: `race passphrase number ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect(r.body).toMatchObject({ status: 409, code: 'already_set_up' });
    const counts = await countRows(s);
    expect(counts).toMatchObject({ organizations: 1, users: 1, audit_entries: 1 });
    const winner = results.find((r) => r.status === 201)!;
    expect((await s.client.get('/api/v1/auth/session', winner.body.token)).status).toBe(200);
  });

  it('refuses a weak password with password_too_weak and changes nothing', async () => {
    // Under 12 characters, one repeated character, a common password, the admin's own name.
    for (const password of ['short pass1', 'aaaaaaaaaaaaaaaa', 'password1234', 'Ada Admin forever and ever']) {
      const res = await s.client.post('/api/v1/setup', { ...ADMIN, password });
      expect(res.status, password).toBe(422);
      expect(res.body).toMatchObject({ code: 'password_too_weak', status: 422 });
    }
    expect((await s.client.get('/api/v1/setup/status')).body).toEqual({ setUp: false });
    expect(await countRows(s)).toMatchObject({ organizations: 0, users: 0, audit_entries: 0 });
    expect((await s.client.post('/api/v1/setup', ADMIN)).status).toBe(201);
  });
});

describe.skipIf(!DIALECTS.includes('sqlite'))('sqlite: signoff init', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase('sqlite');
  });
  afterEach(() => db.drop());

  const runCli = (args: string[], stdin: string) => runSignoff(args, { env: db.env, stdin });
  const initArgs = ['init', '--organization', 'Acme Pharma', '--name', 'Ada Admin', '--email', 'ada@acme.test', '--password-stdin'];

  it('sets up an instance from the command line, password on stdin', async () => {
    const run = await runCli(initArgs, `${ADMIN.password}\n`);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('acme-pharma');
    const s = await startInProcess('sqlite', { db });
    try {
      expect((await s.client.get('/api/v1/setup/status')).body).toEqual({ setUp: true });
      const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ roles: ['admin', 'owner', 'reviewer'] });
      expect((await s.client.post('/api/v1/setup', ADMIN)).body.code).toBe('already_set_up');
    } finally {
      await s.stop();
    }
    const again = await runCli(initArgs, `${ADMIN.password}\n`);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already_set_up');
  });

  it('exits 1 with password_too_weak for a weak password and leaves the instance unset', async () => {
    const run = await runCli(initArgs, 'short\n');
    expect(run.code).toBe(1);
    expect(run.err).toContain('password_too_weak');
    const s = await startInProcess('sqlite', { db });
    try {
      expect((await s.client.get('/api/v1/setup/status')).body).toEqual({ setUp: false });
    } finally {
      await s.stop();
    }
  });
});
