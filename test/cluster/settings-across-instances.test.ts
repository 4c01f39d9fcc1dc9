// Organisation settings are read with the session on every request (accounts/sessions.store.ts)
// and only their parse is cached per instance, keyed by the stored text: a change made on one
// instance holds on the other at its very next request, well within the second issue 14 allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, PASSWORD, setUp } from '../support/fixtures.ts';
import { twoInstances } from './two-instances.ts';

describe('postgres: settings changed on one instance', () => {
  const cluster = twoInstances();
  let admin: string;
  let fran: string;
  let groupId: string;

  beforeAll(async () => {
    await cluster.start();
    admin = (await setUp(cluster.a.client)).token;
    groupId = (await cluster.a.client.post('/api/v1/admin/groups', { name: 'Finance' }, admin)).body.id;
    await createUser(cluster.a.client, admin, { email: 'fran@acme.test', groups: [groupId] });
    fran = await login(cluster.b.client, 'fran@acme.test', PASSWORD);
  });
  afterAll(() => cluster.stop());

  it('hold on the other instance at its next request: hard enforcement set on A stops a request on B, and lifting it frees it', async () => {
    // B has answered with (and cached the parse of) the old settings.
    expect((await cluster.b.client.get('/api/v1/auth/session', fran)).body).toMatchObject({ trustedDeviceDays: 30, enforcement: { mode: 'off' } });
    expect((await cluster.b.client.get('/api/v1/tasks', fran)).status).toBe(200);

    const changed = await cluster.a.client.patch(
      '/api/v1/admin/settings',
      { trustedDevices: { enabled: true, days: 7 }, enforcement: { mode: 'hard', scope: { groups: [groupId] } } },
      admin,
    );
    expect(changed.status).toBe(200);
    const sentAt = Date.now();
    const held = await cluster.b.client.get('/api/v1/tasks', fran);
    expect(held.status).toBe(403);
    expect(held.body.code).toBe('two_factor_enrollment_required');
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect((await cluster.b.client.get('/api/v1/auth/session', fran)).body).toMatchObject({
      trustedDeviceDays: 7,
      enforcement: { mode: 'hard', required: true, enrolled: false },
    });

    expect((await cluster.a.client.patch('/api/v1/admin/settings', { enforcement: { mode: 'off', scope: {} } }, admin)).status).toBe(200);
    expect((await cluster.b.client.get('/api/v1/tasks', fran)).status).toBe(200);
  });
});
