// Audit checkpoints with two instances on one PostgreSQL database: both run the checkpoint job
// at the same moment, several times over, under one manual clock, while audited writes land on
// both; each (organisation, seq) is signed once and emailed to each witness once, every
// checkpoint verifies against the JWKS either instance serves, and a key rotation made through
// one instance is used by the other at its next checkpoint, without a restart.
// The instances are two createSignoff() in this process, each with its own connection pool,
// sharing the database exactly as two processes do; in-process, they can share a clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointSignatureValid } from '../../src/evidence/index.ts';
import { createSignoff, type Signoff } from '../../src/main.ts';
import { manualClock, type Clock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { ADMIN, login, setUp } from '../support/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../support/dialects.ts';
import { createClient, type Client } from '../support/http-client.ts';

const HOUR = 3_600_000;

// @see docs/security.md#j-e-signatures-and-the-audit-trail J6
describe('postgres: audit checkpoints from two instances', () => {
  const clock = manualClock(Date.now());
  let db: TestDatabase;
  const running: Signoff[] = [];
  let a: Signoff;
  let b: Signoff;
  let ca: Client;
  let cb: Client;
  let orgId: string;
  let token: string;

  const boot = async () => {
    const config = loadConfig({ SIGNOFF_PORT: '0', SIGNOFF_HOST: '127.0.0.1', SIGNOFF_LOG_LEVEL: 'error', ...db.env });
    const s = await createSignoff(config, { clock: clock as Clock });
    running.push(s);
    return s;
  };
  /** Both instances, each twice, all at once; returns the checkpoints made in total. */
  const race = async () => (await Promise.all([a, b, a, b].map((s) => s.services.checkpoints.scheduler.runOnce()))).reduce((x, y) => x + y, 0);
  /** Audited writes through both instances at once. */
  const writes = async (n: number) => {
    await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? cb : ca).post('/api/v1/admin/groups', { name: `group ${clock.now()} ${i}` }, token)));
  };

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    [a, b] = await Promise.all([boot(), boot()]);
    ca = createClient(await a.start());
    cb = createClient(await b.start());
    ({ orgId, token } = await setUp(ca));
    expect((await ca.patch('/api/v1/admin/settings', { audit: { witnesses: ['one@witness.test', 'two@witness.test'] } }, token)).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.allSettled(running.map((s) => s.stop()));
    await db?.drop();
  });

  it('signs each (organisation, seq) once and emails each witness once, however often both instances pass', async () => {
    expect(await race()).toBe(1);
    expect(await race()).toBe(0);
    await writes(120);
    expect(await race()).toBe(1); // seq 100
    clock.advance(HOUR);
    expect(await race()).toBe(1); // the head, hourly
    token = await login(ca, ADMIN.email, ADMIN.password); // the session idled out over the hour
    expect(await race()).toBe(0);

    const rows = await a.services.db.selectFrom('audit_checkpoints').select(['seq', 'kid']).where('org_id', '=', orgId).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toContain(100);
    expect(rows).toHaveLength(3);
    const mails = await a.services.db.selectFrom('mail_outbox').select(['to_address']).where('template', '=', 'audit-checkpoint').execute();
    expect(mails.filter((m) => m.to_address === 'one@witness.test')).toHaveLength(3);
    expect(mails.filter((m) => m.to_address === 'two@witness.test')).toHaveLength(3);

    const [jwksA, jwksB] = await Promise.all([ca.get('/.well-known/signoff/jwks.json'), cb.get('/.well-known/signoff/jwks.json')]);
    expect(jwksB.body).toEqual(jwksA.body);
    const listed = (await cb.get('/api/v1/admin/audit/checkpoints', token)).body.checkpoints;
    expect(listed).toHaveLength(3);
    for (const c of listed) expect(checkpointSignatureValid(c, jwksA.body.keys)).toBe(true);
    expect((await cb.post('/api/v1/admin/audit/verify', { checkpoints: listed }, token)).body.ok).toBe(true);
  }, 60_000);

  it('uses a rotation made through one instance at the other instance’s next checkpoint', async () => {
    const rotated = (await a.keyring.rotate(a.services.db)).next;
    await writes(2);
    const res = await cb.post('/api/v1/admin/audit/checkpoints', {}, token);
    expect(res.status, res.text).toBe(201);
    expect(res.body.kid).toBe(rotated.kid);
    const keys = (await cb.get('/.well-known/signoff/jwks.json')).body.keys;
    expect(keys).toHaveLength(2);
    expect(checkpointSignatureValid(res.body, keys)).toBe(true);
    const all = (await ca.get('/api/v1/admin/audit/checkpoints', token)).body.checkpoints;
    expect((await ca.post('/api/v1/admin/audit/verify', { checkpoints: all }, token)).body.ok).toBe(true);
  });
});
