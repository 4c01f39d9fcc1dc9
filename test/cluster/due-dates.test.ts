// Due dates with two instances on one PostgreSQL database (issue 13 item 3): both run the
// due-date pass at the same moment, several times over, under one shared manual clock, and
// every reminder goes out once, every overdue step is marked once, and its action (escalate,
// reject) happens once. A decision racing the overdue action at the due time wins or loses
// whole: the step is either approved or overdue and rejected, never both.
//
// The instances are two createSignoff() in this process, each with its own connection pool,
// sharing the database exactly as two processes do; in-process, they can share a clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignoff, type Signoff } from '../../src/main.ts';
import { manualClock, type Clock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { ADMIN, createUser, login, setUp } from '../support/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../support/dialects.ts';
import { createClient, type Client } from '../support/http-client.ts';
import type { ItemId, UserId } from '../../src/platform/ids.ts';

const HOUR = 3_600_000;
const ITEMS = 6;

describe('postgres: due dates from two instances', () => {
  const clock = manualClock(Date.now());
  let db: TestDatabase;
  const running: Signoff[] = [];
  let a: Signoff;
  let b: Signoff;
  let client: Client;
  let adminToken: string;
  const people: Record<'sam' | 'dave' | 'nora' | 'erin', { id: UserId; email: string }> = {} as never;

  const boot = async () => {
    const config = loadConfig({ SIGNOFF_PORT: '0', SIGNOFF_HOST: '127.0.0.1', SIGNOFF_LOG_LEVEL: 'error', ...db.env });
    const s = await createSignoff(config, { clock: clock as Clock });
    running.push(s);
    return s;
  };
  /** Both instances, each twice, all at once. */
  const race = () => Promise.all([a, b, a, b].map((s) => s.services.workflows.dueDates.runOnce()));
  const rows = (table: 'mail_outbox' | 'item_events' | 'audit_entries' | 'tasks') => a.services.db.selectFrom(table);
  const signIn = (email: string) => login(client, email, 'correct horse battery staple');
  async function submitMany(steps: unknown[], n: number): Promise<ItemId[]> {
    // The clock moved on since the last call: sessions ended, so everyone signs in again.
    adminToken = await login(client, ADMIN.email, ADMIN.password);
    const wf = await client.post('/api/v1/workflows', { name: `Workflow ${Math.random()}`, steps }, adminToken);
    expect(wf.status, wf.text).toBe(201);
    const sam = await signIn(people.sam.email);
    const ids: ItemId[] = [];
    for (let i = 0; i < n; i++) {
      const res = await client.post('/api/v1/items', { workflowId: wf.body.id, title: `Batch ${i} ${Math.random()}`, content: `Record ${i}` }, sam);
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  }
  const eventsOf = async (ids: ItemId[], action: string) =>
    (await rows('item_events').select('item_id').where('action', '=', action).where('item_id', 'in', ids).execute()).length;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    [a, b] = await Promise.all([boot(), boot()]);
    client = createClient(await a.start());
    await b.start();
    adminToken = (await setUp(client)).token;
    for (const name of ['sam', 'dave', 'nora', 'erin'] as const) {
      people[name] = await createUser(client, adminToken, { email: `${name}@acme.test`, name, password: 'correct horse battery staple' });
    }
  });
  afterAll(async () => {
    await Promise.allSettled(running.map((s) => s.stop()));
    await db?.drop();
  });

  it('sends each reminder once and marks each step overdue once, however often both instances pass', async () => {
    const ids = await submitMany([{ name: 'QA', reviewers: [{ user: people.dave.id }, { user: people.nora.id }], dueInHours: 96 }], ITEMS);
    const reminders = async () => (await rows('mail_outbox').select('id').where('template', '=', 'review-reminder').execute()).length;
    clock.advance(48 * HOUR);
    await race();
    await race();
    expect(await reminders()).toBe(2 * ITEMS);
    clock.advance(24 * HOUR);
    await race();
    await race();
    expect(await reminders()).toBe(4 * ITEMS);
    clock.advance(24 * HOUR);
    await race();
    await race();
    expect(await reminders()).toBe(4 * ITEMS);
    expect(await eventsOf(ids, 'overdue')).toBe(ITEMS);
    const overdueMails = await rows('mail_outbox').select('to_address').where('template', '=', 'step-overdue').execute();
    // The submitter and the workflow's creator (the admin), once per item.
    expect(overdueMails.filter((m) => m.to_address === people.sam.email)).toHaveLength(ITEMS);
    expect(overdueMails.filter((m) => m.to_address === ADMIN.email)).toHaveLength(ITEMS);
    expect(await rows('audit_entries').select('id').where('type', '=', 'step.reminder_sent').execute()).toHaveLength(2 * ITEMS);
  });

  it('escalates and rejects once per overdue step with both instances passing at once', async () => {
    const escalateStep = { threshold: { type: 'any' }, dueInHours: 2, onOverdue: 'escalate', escalateTo: [{ user: people.erin.id }] };
    const escalated = await submitMany([{ name: 'QA', reviewers: [{ user: people.dave.id }], ...escalateStep }], ITEMS);
    const rejected = await submitMany([{ name: 'QA', reviewers: [{ user: people.dave.id }], dueInHours: 2, onOverdue: 'reject' }], ITEMS);
    clock.advance(2 * HOUR);
    await race();
    await race();
    expect(await eventsOf(escalated, 'escalated')).toBe(ITEMS);
    expect(await rows('tasks').select('id').where('item_id', 'in', escalated).where('user_id', '=', people.erin.id).execute()).toHaveLength(ITEMS);
    expect(await eventsOf(rejected, 'overdue')).toBe(ITEMS);
    expect(await eventsOf(rejected, 'step_rejected')).toBe(ITEMS);
    expect(await eventsOf(rejected, 'rejected')).toBe(ITEMS);
    const statuses = await a.services.db.selectFrom('items').select('status').where('id', 'in', rejected).execute();
    expect(statuses.every((r) => r.status === 'rejected')).toBe(true);
  });

  it('decisions racing the half-time reminders all count: neither waits on the other for good', async () => {
    const reviewers = [{ user: people.dave.id }, { user: people.nora.id }];
    const ids = await submitMany([{ name: 'QA', reviewers, threshold: { type: 'any' }, dueInHours: 4 }], ITEMS);
    clock.advance(2 * HOUR);
    const dave = await signIn(people.dave.email);
    const approve = (id: string) => client.post(`/api/v1/items/${id}/decisions`, { step: 0, decision: 'approve' }, dave);
    const [decisions] = await Promise.all([Promise.all(ids.map(approve)), race()]);
    expect(decisions.map((d) => d.status)).toEqual(ids.map(() => 201));
    const statuses = await a.services.db.selectFrom('items').select('status').where('id', 'in', ids).execute();
    expect(statuses.every((r) => r.status === 'approved')).toBe(true);
  });

  it('a decision racing the overdue rejection at the due time: the step is approved or rejected as overdue, never both', async () => {
    const ids = await submitMany([{ name: 'QA', reviewers: [{ user: people.dave.id }], dueInHours: 1, onOverdue: 'reject' }], ITEMS);
    clock.advance(HOUR);
    const dave = await signIn(people.dave.email);
    const [decisions] = await Promise.all([
      Promise.all(ids.map((id) => client.post(`/api/v1/items/${id}/decisions`, { step: 0, decision: 'approve' }, dave))),
      race(),
    ]);
    for (const [i, id] of ids.entries()) {
      const item = await a.services.db.selectFrom('items').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      const overdue = await eventsOf([id], 'overdue');
      if (decisions[i]!.status === 201) {
        expect({ status: item.status, overdue }).toEqual({ status: 'approved', overdue: 0 });
      } else {
        expect(decisions[i]!.body.code).toBe('step_closed');
        expect({ status: item.status, overdue }).toEqual({ status: 'rejected', overdue: 1 });
      }
    }
  });
});
