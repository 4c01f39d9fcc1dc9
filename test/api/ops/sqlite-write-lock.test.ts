// Another process holding the SQLite write lock (a CLI command, a bulk import): the server's
// writes wait for it, and the server keeps answering meanwhile. SQLite's busy handler waited
// inside the call, stopping the event loop (every request, /healthz included) for up to the
// busy timeout, 5 s, after which the write failed with a 500.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUp } from '../../support/fixtures.ts';
import { startWriter } from '../../support/sqlite-writer.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

describe('sqlite: a write lock another process holds', () => {
  let s: TestServer;
  let admin: string;
  let writer: ReturnType<typeof startWriter>;

  beforeAll(async () => {
    s = await startInProcess('sqlite');
    ({ token: admin } = await setUp(s.client));
    writer = startWriter(join(s.db.dataDir, 'signoff.db'));
    await writer.ready;
  });
  afterAll(async () => {
    await writer?.stop();
    await s?.stop();
  });

  it('keeps the server answering while a write waits for the lock, and makes the write once it is free', async () => {
    await writer.send('lock', 'locked');
    let settled = false;
    const created = s.client.post('/api/v1/admin/groups', { name: 'Waited for the lock' }, admin).finally(() => {
      settled = true;
    });
    expect((await s.client.get('/healthz')).status).toBe(200);
    expect((await s.client.get('/api/v1/auth/session', admin)).status).toBe(200);
    expect(settled).toBe(false);
    await writer.send('release', 'released');
    const res = await created;
    expect(res.status, res.text).toBe(201);
    const groups = await s.client.get('/api/v1/admin/groups', admin);
    expect(groups.body.groups.map((g: { name: string }) => g.name)).toContain('Waited for the lock');
  });
});
