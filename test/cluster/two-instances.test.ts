// Two server processes on one PostgreSQL database (docs/security.md section K, B1, B8): what one
// instance does, the other sees at once, and the invariants that live in the database (attempt
// budgets, the mail outbox claim, the audit chain head, the setup row) hold when both write at
// the same moment.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createUser, login, setUp } from '../support/fixtures.ts';
import type { Response } from '../support/http-client.ts';
import { startSmtpServer, type ParsedMail, type SmtpTestServer } from '../support/smtp-server.ts';
import { fromAddress, sleep, twoInstances, type Instance } from './two-instances.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/platform/db/migrations/', import.meta.url));
const WRONG = 'a wrong password, guessed';
const recipient = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined);

describe('postgres: two instances on one database', () => {
  const cluster = twoInstances();
  let smtp: SmtpTestServer | undefined;
  let admin: { token: string; orgId: string };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Both behind one proxy at 127.0.0.1, so a test can give a request its own client address.
    await cluster.start({ SIGNOFF_SMTP_URL: smtp.url, SIGNOFF_MAIL_POLL_MS: '100', SIGNOFF_TRUST_PROXY: '127.0.0.1' });
    const s = await setUp(cluster.a.client);
    admin = { token: s.token, orgId: s.orgId };
  });
  afterAll(async () => {
    try {
      await cluster.stop();
    } finally {
      await smtp?.close();
    }
  });

  it('migrates an empty database once when both instances start at the same moment, and both become ready', async () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const rows = await cluster.query<{ name: string }>('SELECT name FROM signoff_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(files);
    for (const inst of [cluster.a, cluster.b]) {
      expect((await inst.client.get('/readyz')).status).toBe(200);
      expect(inst.process.child.exitCode).toBeNull();
    }
  });

  it('accepts on B a session started on A, and ends it on B as soon as A logs out', async () => {
    const token = await login(cluster.a.client, ADMIN.email, ADMIN.password);
    const onB = await cluster.b.client.get('/api/v1/auth/session', token);
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({ state: 'active', user: { email: ADMIN.email } });

    expect((await cluster.a.client.post('/api/v1/auth/logout', {}, token)).status).toBe(204);
    const afterOnB = await cluster.b.client.get('/api/v1/auth/session', token);
    expect(afterOnB.status).toBe(401);
    expect(afterOnB.body.code).toBe('unauthenticated');
    expect((await cluster.b.client.post('/api/v1/admin/groups', { name: 'After logout' }, token)).status).toBe(401);
  });

  describe('password-login attempt limits', () => {
    /** Wrong passwords, one at a time on `targets` in turn, until the first 429; returns it and how many attempts it took. */
    async function guessUntilRefused(targets: Instance[], email: string, ip: string): Promise<{ attempts: number; refusal: Response }> {
      let sentBefore = Date.now();
      for (let n = 1; n <= 20; n++) {
        const sentAt = Date.now();
        const res = await fromAddress(targets[(n - 1) % targets.length]!.client, ip, 'POST', '/api/v1/auth/login', { email, password: WRONG });
        if (res.status === 429) return { attempts: n, refusal: res };
        // The 1 s back-off after the 5th failure only holds if the 6th follows within 1 s.
        expect(res.status, `attempt ${n}, sent ${sentAt - sentBefore} ms after the one before`).toBe(401);
        sentBefore = sentAt;
        expect(res.body.code).toBe('invalid_credentials');
      }
      throw new Error('never refused');
    }

    // ACCOUNT_POLICY (src/accounts/login-limits.ts): 5 free failures, then 1 s, 2 s, … up to 15 minutes.
    it('refuses the 6th wrong password in a row with 429 whether the guesses alternate between A and B or stay on A', async () => {
      await createUser(cluster.a.client, admin.token, { email: 'alternating@acme.test' });
      await createUser(cluster.a.client, admin.token, { email: 'single@acme.test' });

      const spread = await guessUntilRefused([cluster.a, cluster.b], 'alternating@acme.test', '198.51.100.1');
      const single = await guessUntilRefused([cluster.a], 'single@acme.test', '198.51.100.2');

      expect(spread.attempts).toBe(6);
      expect(single.attempts).toBe(6);
      for (const { refusal } of [spread, single]) {
        expect(refusal.body.code).toBe('too_many_attempts');
        // The first back-off step after 5 failures is 1 s.
        expect(refusal.headers.get('retry-after')).toBe('1');
      }
    });

    it('evaluates at most 5 of 30 concurrent wrong passwords split over A and B, each from its own address', async () => {
      await createUser(cluster.a.client, admin.token, { email: 'burst@acme.test' });
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          fromAddress(cluster.at(n).client, `203.0.113.${n + 1}`, 'POST', '/api/v1/auth/login', { email: 'burst@acme.test', password: WRONG }),
        ),
      );

      const statuses = answers.map((r) => r.status);
      const evaluated = statuses.filter((s) => s === 401).length;
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      expect(evaluated).toBeGreaterThanOrEqual(1);
      expect(evaluated).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBe(30 - evaluated);
      for (const r of answers.filter((a) => a.status === 429)) {
        expect(r.body.code).toBe('too_many_attempts');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const failures = await cluster.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_entries WHERE type = 'login.failed' AND actor_label = 'burst@acme.test'",
      );
      expect(failures[0]!.n).toBe(evaluated);
    });
  });

  it('delivers each of 20 password-reset emails requested on A and B exactly once', async () => {
    const N = 20;
    const emails = Array.from({ length: N }, (_, n) => `reader${n}@acme.test`);
    await Promise.all(emails.map((email, n) => createUser(cluster.at(n).client, admin.token, { email })));
    await smtp!.clear();

    // Each request from its own address: the reset budget per address is 5 an hour.
    const answers = await Promise.all(
      emails.map((email, n) => fromAddress(cluster.at(n).client, `192.0.2.${n + 1}`, 'POST', '/api/v1/auth/password-reset', { email })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(N).fill(202));

    await smtp!.waitForCount(N, 15_000);
    await sleep(2_000); // a duplicate would come from the other worker's next pass (every 100 ms)
    const received = await smtp!.messages();
    expect(received).toHaveLength(N);
    expect(received.map(recipient).sort()).toEqual([...emails].sort());
    expect(new Set(received.map((m) => m.messageId)).size).toBe(N);

    const rows = await cluster.query<{ to_address: string; status: string; attempts: number; message_id: string }>(
      "SELECT to_address, status, attempts::int AS attempts, message_id FROM mail_outbox WHERE template = 'password-reset'",
    );
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.to_address).sort()).toEqual([...emails].sort());
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1)).toEqual([]);
    expect(rows.map((r) => r.message_id).sort()).toEqual(received.map((m) => m.messageId).sort());
  });

  it('keeps the audit chain intact when A and B append at the same moment', async () => {
    const N = 40;
    const created = await Promise.all(
      Array.from({ length: N }, (_, n) => cluster.at(n).client.post('/api/v1/admin/groups', { name: `Concurrent group ${n}` }, admin.token)),
    );
    expect(created.map((r) => r.status)).toEqual(Array(N).fill(201));

    const rows = await cluster.query<{ seq: number; hash: string }>('SELECT seq::int AS seq, hash FROM audit_entries WHERE org_id = $1 ORDER BY seq', [
      admin.orgId,
    ]);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const groupEvents = await cluster.query<{ n: number }>(
      "SELECT count(DISTINCT target_id)::int AS n FROM audit_entries WHERE org_id = $1 AND type = 'group.created' AND data LIKE '%Concurrent group%'",
      [admin.orgId],
    );
    expect(groupEvents[0]!.n).toBe(N);

    const [onA, onB] = await Promise.all([cluster.a, cluster.b].map((i) => i.client.get('/api/v1/admin/audit/verify', admin.token)));
    for (const [v, instance] of [
      [onA!, cluster.a],
      [onB!, cluster.b],
    ] as const) {
      expect(v.status, `${instance.name}: ${v.text}\n${instance.process.logs()}`).toBe(200);
      expect(v.body).toMatchObject({ ok: true, entries: rows.length, headHash: rows.at(-1)!.hash });
      // The checkpoint job may have signed the head meanwhile (a pass a minute): each must match.
      expect(v.body.checkpoints.every((c: { ok: boolean }) => c.ok)).toBe(true);
    }
  });
});

// First-run setup needs an empty database of its own: one organisation and one admin, whoever
// wins; the loser is told the instance is already set up.
describe('postgres: first-run setup on two instances', () => {
  const cluster = twoInstances();
  beforeAll(() => cluster.start());
  afterAll(() => cluster.stop());

  it('sets the instance up once when A and B receive the setup at the same moment', async () => {
    const answers = await Promise.all([cluster.a, cluster.b].map((i) => i.client.post('/api/v1/setup', ADMIN)));

    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(refused.body.code).toBe('already_set_up');
    const won = answers.find((r) => r.status === 201)!;

    const count = async (table: string) => (await cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
    expect(await count('organizations')).toBe(1);
    expect(await count('users')).toBe(1);
    expect(await count('instance_setup')).toBe(1);
    for (const i of [cluster.a, cluster.b]) {
      const session = await i.client.get('/api/v1/auth/session', won.body.token);
      expect(session.status).toBe(200);
    }
  });
});
