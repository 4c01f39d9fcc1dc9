// Enrollment reminders with two instances on one PostgreSQL database (docs/guide.md §4): both run
// the scheduler's pass at the same moment, several times over, under one manual clock, and
// each user gets exactly one reminder per period: daily under hard, weekly under soft. An
// instance restarted mid-period sends nothing twice, and enrolling stops the reminders.
//
// The instances are two createSignoff() in this process, each with its own connection pool,
// sharing the database exactly as two processes do; in-process, they can share a clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignoff, type Signoff } from '../../src/main.ts';
import { manualClock, type Clock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { ADMIN, createUser, login, setUp } from '../support/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../support/dialects.ts';
import { createClient } from '../support/http-client.ts';
import type { OrgId, UserId } from '../../src/platform/ids.ts';
import type { FactorId } from '../../src/platform/ids.ts';

const DAY_MS = 86_400_000;
const USERS = 12;

describe('postgres: enrollment reminders from two instances', () => {
  const clock = manualClock(Date.now());
  let db: TestDatabase;
  const running: Signoff[] = [];
  let a: Signoff;
  let b: Signoff;
  let orgId: OrgId;
  let users: { id: UserId; email: string }[] = [];

  const boot = async () => {
    const config = loadConfig({ SIGNOFF_PORT: '0', SIGNOFF_HOST: '127.0.0.1', SIGNOFF_LOG_LEVEL: 'error', ...db.env });
    const s = await createSignoff(config, { clock: clock as Clock });
    running.push(s);
    return s;
  };
  /** Both instances, each twice, all at once; returns the reminders sent in total. */
  const race = async () => (await Promise.all([a, b, a, b].map((s) => s.reminders.runOnce()))).reduce((x, y) => x + y, 0);
  const perUser = async () => {
    const rows = await a.services.db.selectFrom('mail_outbox').select(['to_address']).where('template', '=', 'enrollment-reminder').execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.to_address, (counts.get(r.to_address) ?? 0) + 1);
    return counts;
  };
  const counts = async (emails: string[]) => {
    const c = await perUser();
    return emails.map((e) => c.get(e) ?? 0);
  };
  let adminToken: string;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    // Both start at once, so they also race to migrate the empty database.
    [a, b] = await Promise.all([boot(), boot()]);
    client = createClient(await a.start());
    await b.start();
    const s = await setUp(client);
    adminToken = s.token;
    orgId = s.orgId;
    const group = (await client.post('/api/v1/admin/groups', { name: 'Finance' }, adminToken)).body.id as string;
    for (let i = 0; i < USERS; i++) users.push(await createUser(client, adminToken, { email: `member${i}@acme.test`, groups: [group] }));
    // Hard enforcement on the group: the admin, outside it, keeps a working session.
    expect((await client.patch('/api/v1/admin/settings', { enforcement: { mode: 'hard', scope: { groups: [group] } } }, adminToken)).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.allSettled(running.map((s) => s.stop()));
    await db?.drop();
  });

  it('sends exactly one reminder per user per day under hard enforcement, however often both instances pass', async () => {
    const emails = users.map((u) => u.email);
    expect(await race()).toBe(USERS);
    expect(await race()).toBe(0);
    expect(await counts(emails)).toEqual(emails.map(() => 1));

    clock.advance(DAY_MS);
    expect(await race()).toBe(USERS);
    expect(await race()).toBe(0);
    expect(await counts(emails)).toEqual(emails.map(() => 2));

    const ledger = await a.services.db.selectFrom('enrollment_reminders').select(['user_id', 'period']).where('org_id', '=', orgId).execute();
    expect(ledger).toHaveLength(2 * USERS);
    const audited = await a.services.db.selectFrom('audit_entries').select('id').where('type', '=', 'two_factor.reminder_sent').execute();
    expect(audited).toHaveLength(2 * USERS);
    expect((await a.services.audit.verify(a.services.db, orgId)).ok).toBe(true);
  });

  it('sends nothing twice after an instance restarts within the period', async () => {
    const index = running.indexOf(b);
    await b.stop();
    running.splice(index, 1);
    b = await boot();
    await b.start();
    expect(await race()).toBe(0);
  });

  it('stops reminding a user once they enroll', async () => {
    const [enrolled, ...others] = users;
    await a.services.db
      .insertInto('factors')
      .values({
        id: 'fac_reminderclustertest0000' as FactorId,
        org_id: orgId,
        user_id: enrolled!.id,
        type: 'totp',
        status: 'active',
        label: 'Authenticator app',
        secret_sealed: null,
        email: null,
        credential_id: null,
        public_key: null,
        sign_count: null,
        transports: null,
        last_used_step: null,
        consecutive_failures: 0,
        created_at: clock.now(),
        activated_at: clock.now(),
        last_used_at: null,
        disabled_at: null,
      })
      .execute();
    clock.advance(DAY_MS);
    expect(await race()).toBe(USERS - 1);
    expect(await counts([enrolled!.email])).toEqual([2]);
    expect(await counts(others.map((u) => u.email))).toEqual(others.map(() => 3));
  });

  it('sends one reminder per user per week under soft enforcement', async () => {
    const others = users.slice(1).map((u) => u.email);
    adminToken = await login(client, ADMIN.email, ADMIN.password); // the clock moved days since the last sign-in
    expect((await client.patch('/api/v1/admin/settings', { enforcement: { mode: 'soft', scope: { everyone: true } } }, adminToken)).status).toBe(200);
    // To the next Monday, 12:00 UTC, so the days that follow stay in one ISO week.
    const d = new Date(clock.now());
    clock.set(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7), 12));
    // Everyone is in scope now: the admin too, who has no factor either.
    expect(await race()).toBe(USERS - 1 + 1);
    for (let day = 1; day < 7; day++) {
      clock.advance(DAY_MS);
      expect(await race(), `day ${day} of the week`).toBe(0);
    }
    clock.advance(DAY_MS);
    expect(await race()).toBe(USERS);
    expect(await counts(others)).toEqual(others.map(() => 5));
    expect((await a.services.audit.verify(a.services.db, orgId)).ok).toBe(true);
  });
});
