// Issue 13 item 3 over the API on both databases: a step's due time, the half-time and
// day-before reminders (once each, however often the job runs), the overdue mark with its
// emails, and each onOverdue action (notify, escalate, reject), on a manual clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person, type StepInput } from './workflow-fixtures.ts';
import type { ItemId } from '../../../src/platform/ids.ts';

const HOUR = 3_600_000;
type DueStep = StepInput & { onOverdue?: 'notify' | 'escalate' | 'reject'; escalateTo?: unknown[] };

describe.each(DIALECTS)('due dates on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let sam: Person;
  let olga: Person;
  let dave: Person;
  let nora: Person;
  let erin: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    [sam, olga] = [await k.person('sam'), await k.person('olga', { roles: ['owner'] })];
    [dave, nora, erin] = [await k.person('dave'), await k.person('nora'), await k.person('erin')];
    people.push(sam, olga, dave, nora, erin);
  });
  afterAll(() => s?.stop());

  const db = () => s.signoff.services.db;
  const run = () => s.signoff.services.workflows.dueDates.runOnce();
  const people: Person[] = [];
  /** Moves the clock on; sessions end after 30 idle minutes, so everyone signs in again. */
  async function advance(ms: number) {
    s.clock!.advance(ms);
    admin.token = await login(s.client, ADMIN.email, ADMIN.password);
    for (const p of people) p.token = (await k.signIn(p.email)).token;
  }
  const workflow = (steps: DueStep[]) => k.workflow(steps);
  /** Mails of one template about one item (its title is in every subject). */
  const mails = async (template: string, title: string) =>
    (
      await db()
        .selectFrom('mail_outbox')
        .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
        .select(['to_address', 'subject', 'text_body'])
        .where('template', '=', template)
        .execute()
    ).filter((m) => m.subject.includes(title));
  const titleOf = async (itemId: ItemId) => (await db().selectFrom('items').select('title').where('id', '=', itemId).executeTakeFirstOrThrow()).title;
  const actions = async (itemId: string) => (await k.item(sam.token, itemId)).history.map((h: { action: string }) => h.action);
  const auditCount = async (type: string, itemId: string) =>
    (await db().selectFrom('audit_entries').select('id').where('type', '=', type).where('target_id', '=', itemId).execute()).length;

  it("gives the open step its due time when it opens, on the item and on the reviewer's task", async () => {
    const wf = await workflow([{ reviewers: [{ user: dave.id }], dueInHours: 72 }]);
    const opened = s.clock!.now();
    const item = await k.submit(sam.token, wf);
    const view = await k.item(sam.token, item.id);
    const dueAt = new Date(opened + 72 * HOUR).toISOString();
    expect(view.steps[0]).toMatchObject({ status: 'open', dueInHours: 72, onOverdue: 'notify', dueAt, overdue: false });
    const task = (await s.client.get('/api/v1/tasks', dave.token)).body.tasks.find((t: { itemId: string }) => t.itemId === item.id);
    expect(task).toMatchObject({ dueAt: new Date(opened + 72 * HOUR).toISOString(), overdue: false });
    const plain = await k.submit(sam.token, await workflow([{ reviewers: [{ user: dave.id }] }]));
    expect((await k.item(sam.token, plain.id)).steps[0].dueAt).toBeUndefined();
    const plainTask = (await s.client.get('/api/v1/tasks', dave.token)).body.tasks.find((t: { itemId: string }) => t.itemId === plain.id);
    expect(plainTask).toMatchObject({ dueAt: null, overdue: false });
  });

  it('reminds reviewers who have not decided at half the time and a day before, once each however often the job runs', async () => {
    const wf = await workflow([{ reviewers: [{ user: dave.id }, { user: nora.id }, { guest: { email: 'gwen@partner.test', name: 'Gwen' } }], dueInHours: 96 }]);
    const item = await k.submit(sam.token, wf);
    const title = await titleOf(item.id);
    expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).status).toBe(201);
    await advance(47 * HOUR);
    await run();
    expect(await mails('review-reminder', title)).toHaveLength(0);
    await advance(HOUR);
    await run();
    await run();
    const half = await mails('review-reminder', title);
    expect(half.map((m) => m.to_address).sort()).toEqual(['gwen@partner.test', nora.email].sort());
    expect(half.find((m) => m.to_address === 'gwen@partner.test')!.text_body).toMatch(/\/guest\/[A-Za-z0-9_-]+/);
    await advance(23 * HOUR);
    await run();
    expect(await mails('review-reminder', title)).toHaveLength(2);
    await advance(HOUR);
    await run();
    await run();
    const both = ['gwen@partner.test', 'gwen@partner.test', nora.email, nora.email].sort();
    expect((await mails('review-reminder', title)).map((m) => m.to_address).sort()).toEqual(both);
    expect(await auditCount('step.reminder_sent', item.id)).toBe(2);
    expect((await k.item(sam.token, item.id)).steps[0].overdue).toBe(false);
  });

  it('sends a single reminder, at half time, to a step due within 48 hours', async () => {
    const item = await k.submit(sam.token, await workflow([{ reviewers: [{ user: nora.id }], dueInHours: 30 }]));
    const title = await titleOf(item.id);
    await advance(6 * HOUR);
    await run();
    expect(await mails('review-reminder', title)).toHaveLength(0);
    await advance(9 * HOUR);
    await run();
    await run();
    expect(await mails('review-reminder', title)).toHaveLength(1);
    await advance(14 * HOUR);
    await run();
    expect(await mails('review-reminder', title)).toHaveLength(1);
  });

  it('notify: at the due time marks the step overdue once, emails the submitter and the workflow owners, and lists the task first', async () => {
    const older = await k.submit(sam.token, await workflow([{ reviewers: [{ user: erin.id }] }]));
    s.clock!.advance(1000);
    const item = await k.submit(sam.token, await workflow([{ reviewers: [{ user: erin.id }], dueInHours: 2 }]));
    s.clock!.advance(1000);
    const newer = await k.submit(sam.token, await workflow([{ reviewers: [{ user: erin.id }] }]));
    const title = await titleOf(item.id);
    await advance(2 * HOUR);
    await run();
    await run();
    expect(await actions(item.id)).toEqual(['submitted', 'overdue']);
    expect(await auditCount('step.overdue', item.id)).toBe(1);
    const to = (await mails('step-overdue', title)).map((m) => m.to_address);
    // The submitter, the workflow's creator (the admin who saved it) and the organisation's owner, once each.
    expect(to.sort()).toEqual([sam.email, ADMIN.email, olga.email].sort());
    const view = await k.item(sam.token, item.id);
    expect(view.status).toBe('in_review');
    expect(view.steps[0]).toMatchObject({ status: 'open', overdue: true });
    const tasks = (await s.client.get('/api/v1/tasks', erin.token)).body.tasks;
    expect(tasks[0]).toMatchObject({ itemId: item.id, overdue: true });
    expect(tasks.map((t: { itemId: string }) => t.itemId).indexOf(newer.id)).toBeLessThan(tasks.map((t: { itemId: string }) => t.itemId).indexOf(older.id));
    expect((await k.decide(erin.token, item.id, { step: 0, decision: 'approve' })).body.item.status).toBe('approved');
  });

  it('pages the task list overdue first without repeating or losing a task', async () => {
    const reviewer = await k.person('paula');
    people.push(reviewer);
    const plain = await workflow([{ reviewers: [{ user: reviewer.id }] }]);
    const due = await workflow([{ reviewers: [{ user: reviewer.id }], dueInHours: 1 }]);
    const ids = [];
    for (const wf of [plain, due, plain, due, plain]) {
      ids.push((await k.submit(sam.token, wf)).id);
      s.clock!.advance(1000);
    }
    await advance(HOUR);
    await run();
    const seen: { itemId: string; overdue: boolean }[] = [];
    let before: string | undefined;
    do {
      const page = await s.client.get(`/api/v1/tasks?limit=2${before ? `&before=${before}` : ''}`, reviewer.token);
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.tasks);
      before = page.body.nextBefore;
    } while (before);
    expect(seen.map((t) => t.itemId)).toEqual([ids[3], ids[1], ids[4], ids[2], ids[0]]);
    expect(seen.map((t) => t.overdue)).toEqual([true, true, false, false, false]);
  });

  it('escalate: adds the escalation reviewers, who can then decide, and the step closes normally ("all" needs them in place of the undecided)', async () => {
    const wf = await workflow([
      {
        reviewers: [{ user: dave.id }, { user: nora.id }],
        threshold: { type: 'all' },
        dueInHours: 4,
        onOverdue: 'escalate',
        escalateTo: [{ user: erin.id }, { user: dave.id }, { user: sam.id }],
      },
    ]);
    const item = await k.submit(sam.token, wf);
    const title = await titleOf(item.id);
    expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).status).toBe(201);
    expect((await k.decide(erin.token, item.id, { step: 0, decision: 'approve' })).body.code).toBe('not_a_reviewer');
    await advance(4 * HOUR);
    await run();
    await run();
    expect(await actions(item.id)).toEqual(['submitted', 'decided', 'overdue', 'escalated']);
    // The escalation reviewer's task shows the item and the round's due date like any other.
    const erinsTask = (await s.client.get('/api/v1/tasks', erin.token)).body.tasks.find((t: { itemId: string }) => t.itemId === item.id);
    expect(erinsTask).toMatchObject({
      title,
      submitter: { id: sam.id, email: sam.email },
      dueAt: (await k.item(sam.token, item.id)).steps[0].dueAt,
      overdue: true,
    });
    // Erin only: Dave already has a task in the round, and the submitter never reviews their own item.
    expect((await mails('review-request', title)).map((m) => m.to_address).filter((a) => a === erin.email)).toHaveLength(1);
    expect((await mails('review-request', title)).map((m) => m.to_address)).not.toContain(sam.email);
    expect((await mails('step-overdue', title)).map((m) => m.subject)[0]).toContain('Overdue');
    const view = await k.item(erin.token, item.id);
    expect(view.steps[0].votes).toEqual({ approve: 1, reject: 0, reviewers: 2 });
    expect((await k.decide(nora.token, item.id, { step: 0, decision: 'approve' })).body.code).toBe('already_decided');
    const done = await k.decide(erin.token, item.id, { step: 0, decision: 'approve' });
    expect(done.status, done.text).toBe(201);
    expect(done.body.item.status).toBe('approved');
    expect(await auditCount('step.escalated', item.id)).toBe(1);
  });

  it('escalate on "any": the reviewers who have not decided keep their task beside the escalation reviewers', async () => {
    const wf = await workflow([
      {
        reviewers: [{ user: dave.id }, { user: nora.id }],
        threshold: { type: 'any' },
        dueInHours: 1,
        onOverdue: 'escalate',
        escalateTo: [{ user: erin.id }],
      },
    ]);
    const item = await k.submit(sam.token, wf);
    await advance(HOUR);
    await run();
    expect((await k.item(sam.token, item.id)).steps[0].votes).toEqual({ approve: 0, reject: 0, reviewers: 3 });
    const res = await k.decide(nora.token, item.id, { step: 0, decision: 'approve' });
    expect(res.body.item.status).toBe('approved');
  });

  it('reject: closes the step as rejected with the reason "overdue" and follows onReject (previous)', async () => {
    const wf = await workflow([
      { reviewers: [{ user: dave.id }] },
      { reviewers: [{ user: nora.id }], dueInHours: 2, onOverdue: 'reject', onReject: 'previous' },
    ]);
    const item = await k.submit(sam.token, wf);
    expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).body.item.currentStep).toBe(1);
    await advance(2 * HOUR);
    await run();
    await run();
    const view = await k.item(sam.token, item.id);
    expect(view.status).toBe('in_review');
    expect(view.currentStep).toBe(0);
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'decided', 'step_approved', 'overdue', 'step_rejected', 'returned']);
    expect(view.history.find((h: { action: string }) => h.action === 'step_rejected')).toMatchObject({ step: 1, comment: 'overdue' });
    expect((await k.decide(nora.token, item.id, { step: 1, decision: 'approve' })).body.code).toBe('step_closed');
    expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).body.item.currentStep).toBe(1);
  });

  it('reject: with onReject end the item is rejected and the submitter told so', async () => {
    const item = await k.submit(sam.token, await workflow([{ reviewers: [{ user: nora.id }], dueInHours: 1, onOverdue: 'reject' }]));
    const title = await titleOf(item.id);
    await advance(HOUR);
    await run();
    const view = await k.item(sam.token, item.id);
    expect(view.status).toBe('rejected');
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'overdue', 'step_rejected', 'rejected']);
    expect((await mails('item-outcome', title)).map((m) => m.to_address)).toEqual([sam.email]);
  });

  it('a decision that closes the round before the due time means no overdue mark, email or action', async () => {
    const item = await k.submit(sam.token, await workflow([{ reviewers: [{ user: dave.id }], dueInHours: 1, onOverdue: 'reject' }]));
    const title = await titleOf(item.id);
    expect((await k.decide(dave.token, item.id, { step: 0, decision: 'approve' })).body.item.status).toBe('approved');
    await advance(2 * HOUR);
    await run();
    expect(await actions(item.id)).toEqual(['submitted', 'decided', 'step_approved', 'approved']);
    expect(await mails('step-overdue', title)).toHaveLength(0);
    expect(await auditCount('step.overdue', item.id)).toBe(0);
  });

  it('refuses due-date options that do not fit together with 400 invalid_request and saves nothing', async () => {
    const before = (await db().selectFrom('workflows').select('id').execute()).length;
    const bad: [DueStep, string][] = [
      [{ reviewers: [{ user: dave.id }], dueInHours: 4, onOverdue: 'escalate' }, '/steps/0/escalateTo'],
      [{ reviewers: [{ user: dave.id }], dueInHours: 4, onOverdue: 'notify', escalateTo: [{ user: erin.id }] }, '/steps/0/escalateTo'],
      [{ reviewers: [{ user: dave.id }], onOverdue: 'reject' }, '/steps/0/dueInHours'],
      [{ reviewers: [{ user: dave.id }], dueInHours: 4, onOverdue: 'escalate', escalateTo: [{ user: 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa' }] }, '/escalateTo/0'],
      [
        { reviewers: [{ user: dave.id }], dueInHours: 4, onOverdue: 'escalate', escalateTo: [{ guest: { email: 'g@x.test' } }], requireSignature: true },
        '/escalateTo',
      ],
      [{ reviewers: [{ user: dave.id }], dueInHours: 0 }, '/steps/0/dueInHours'],
    ];
    for (const [step, pointer] of bad) {
      const res = await s.client.post('/api/v1/workflows', { name: 'Bad due date', steps: [{ name: 'Review', ...step }] }, admin.token);
      expect(res.status, res.text).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect(JSON.stringify(res.body.errors)).toContain(pointer);
    }
    expect((await db().selectFrom('workflows').select('id').execute()).length).toBe(before);
  });
});
