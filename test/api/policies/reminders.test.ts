// Enrollment reminders (docs/guide.md §4): weekly under soft enforcement, daily under hard, to the
// active users in the effective scope who have not enrolled, and none once they enroll. The
// scheduler's pass is called directly under a manual clock; its timer is not involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

const DAY_MS = 86_400_000;

describe.each(DIALECTS)('%s: enrollment reminders', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let n = 0;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    kit = twoFactorKit(s);
    await setUp(s.client);
  });
  afterAll(() => s.stop());

  // A fresh admin session each time: the manual clock moves by days between calls.
  const admin = () => login(s.client, ADMIN.email, ADMIN.password);
  const settings = async (patch: object) => expect((await s.client.patch('/api/v1/admin/settings', patch, await admin())).status).toBe(200);
  /** A user of their own group, so each test scopes exactly its own users. */
  async function usersInNewGroup(count: number, opts: { userType?: string } = {}) {
    const token = await admin();
    const group = (await s.client.post('/api/v1/admin/groups', { name: `Team ${++n}` }, token)).body.id as string;
    const users = [];
    for (let i = 0; i < count; i++) users.push(await createUser(s.client, token, { email: `r${n}-${i}@acme.test`, groups: [group], ...opts }));
    return { group, users };
  }
  const reminders = (to: string) =>
    s.signoff.services.db
      .selectFrom('mail_outbox')
      .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
      .select(['subject', 'text_body', 'html_body'])
      .where('to_address', '=', to)
      .where('template', '=', 'enrollment-reminder')
      .execute();
  const run = () => s.signoff.reminders.runOnce();
  /** Forward to the next Monday, 12:00 UTC: a day later is then still the same ISO week. */
  const toNextMondayNoon = () => {
    const d = new Date(s.clock!.now());
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7), 12);
    s.clock!.set(next);
  };

  it('sends one weekly reminder per user under soft enforcement, with the Security page link, and none again that week', async () => {
    const {
      group,
      users: [ann, bob],
    } = await usersInNewGroup(2);
    await settings({ enforcement: { mode: 'soft', scope: { groups: [group] } } });
    toNextMondayNoon();
    expect(await run()).toBe(2);
    expect(await run()).toBe(0);
    s.clock!.advance(DAY_MS);
    expect(await run()).toBe(0);
    const [mail] = await reminders(ann!.email);
    expect(mail!.subject).toContain('Please set up two-factor authentication');
    expect(mail!.text_body).toContain(`${s.signoff.config.baseUrl}/security`);
    expect(mail!.text_body).toContain('once a week');
    expect(await reminders(bob!.email)).toHaveLength(1);

    s.clock!.advance(7 * DAY_MS);
    expect(await run()).toBe(2);
    expect(await reminders(ann!.email)).toHaveLength(2);
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });

  it('sends one reminder a day under hard enforcement, saying it is required now', async () => {
    const {
      group,
      users: [cal],
    } = await usersInNewGroup(1);
    await settings({ enforcement: { mode: 'hard', scope: { groups: [group] } } });
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);
    s.clock!.advance(DAY_MS);
    expect(await run()).toBe(1);
    const mails = await reminders(cal!.email);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toContain('Action required');
    expect(mails[0]!.text_body).toContain('It is required now');
    expect(mails[0]!.text_body).toContain('once a day');
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });

  it('stops reminding a user once they enroll', async () => {
    const {
      group,
      users: [dee, eve],
    } = await usersInNewGroup(2);
    await settings({ enforcement: { mode: 'hard', scope: { groups: [group] } } });
    expect(await run()).toBe(2);
    await kit.enableTotp((await kit.signIn(dee!.email)).token);
    s.clock!.advance(DAY_MS);
    expect(await run()).toBe(1);
    expect(await reminders(dee!.email)).toHaveLength(1);
    expect(await reminders(eve!.email)).toHaveLength(2);
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });

  it('reminds nobody out of scope, nobody inactive, and nobody while enforcement is off', async () => {
    const {
      group,
      users: [fay, gus],
    } = await usersInNewGroup(2);
    const outside = await createUser(s.client, await admin(), { email: `outside${++n}@acme.test` });
    expect((await s.client.patch(`/api/v1/admin/users/${gus!.id}`, { active: false }, await admin())).status).toBe(200);
    await settings({ enforcement: { mode: 'off', scope: { groups: [group] } } });
    expect(await run()).toBe(0);
    await settings({ enforcement: { mode: 'soft', scope: { groups: [group] } } });
    expect(await run()).toBe(1);
    expect(await reminders(fay!.email)).toHaveLength(1);
    expect(await reminders(gus!.email)).toHaveLength(0);
    expect(await reminders(outside.email)).toHaveLength(0);
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });

  it('reminds everyone not enrolled while a financial integration is connected, whatever the stored scope', async () => {
    const {
      users: [hal],
    } = await usersInNewGroup(1);
    await settings({ financialIntegration: { connected: true }, enforcement: { mode: 'soft', scope: {} } });
    s.clock!.advance(7 * DAY_MS);
    expect(await run()).toBeGreaterThanOrEqual(2); // hal, the admin and earlier users without a factor
    expect(await reminders(hal!.email)).toHaveLength(1);
    expect(await reminders(ADMIN.email)).toHaveLength(1);
    await settings({ financialIntegration: { connected: false } });
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });

  it('records each reminder in the audit trail with its mode and period', async () => {
    const {
      group,
      users: [ivy],
    } = await usersInNewGroup(1);
    await settings({ enforcement: { mode: 'hard', scope: { groups: [group] } } });
    await run();
    const entries = await s.signoff.services.db
      .selectFrom('audit_entries')
      .select(['type', 'target_id', 'data', 'actor_user_id', 'actor_label'])
      .where('type', '=', 'two_factor.reminder_sent')
      .where('target_id', '=', ivy!.id)
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_user_id: null, actor_label: 'signoff reminders' });
    expect(JSON.parse(entries[0]!.data)).toMatchObject({ mode: 'hard', period: `hard:${new Date(s.clock!.now()).toISOString().slice(0, 10)}` });
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });
});
