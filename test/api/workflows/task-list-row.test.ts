// Migration 0018 (issue 14): each task carries what the task list shows of its item (title,
// submitter, workflow) and of its round (due date), so a reviewer's page reads the tasks and the
// submitters' user rows only. Tasks written before the migration get their copies from it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyIntoTasks } from '../../../src/platform/db/migrations/0018-task-list-row.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person, type StepInput } from './workflow-fixtures.ts';

const reviewedBy = (p: Person, dueInHours?: number): StepInput => (dueInHours ? { reviewers: [{ user: p.id }], dueInHours } : { reviewers: [{ user: p.id }] });

describe.each(DIALECTS)("%s: a task carries what the reviewer's list shows", (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let sam: Person;
  let dave: Person;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    [sam, dave] = [await k.person('sam'), await k.person('dave')];
  });
  afterAll(() => s?.stop());

  const db = () => s.signoff.services.db;
  const tasksOf = async (p: Person) => (await s.client.get('/api/v1/tasks', p.token)).body.tasks as { itemId: string }[];

  it('reads the page from the tasks and the submitters only, with the same answer as the item and its round say', async () => {
    const item = await k.submit(sam.token, await k.workflow([reviewedBy(dave, 24)]));
    const seen: string[] = [];
    const stop = s.signoff.database.onStatement((text) => seen.push(text));
    const tasks = await tasksOf(dave);
    stop();
    const page = seen.filter((text) => /from "tasks"/.test(text));
    expect(page, seen.join('\n')).toHaveLength(1);
    expect(page[0]).not.toMatch(/"items"|"item_rounds"/);
    const view = await k.item(sam.token, item.id);
    expect(tasks.find((t) => t.itemId === item.id)).toMatchObject({
      title: view.title,
      submitter: { id: sam.id, email: sam.email },
      workflowName: view.workflow.name,
      dueAt: view.steps[0].dueAt,
    });
  });

  it('gives the tasks written before the migration the title, submitter and workflow of their item and the due date of their round', async () => {
    const timed = await k.submit(sam.token, await k.workflow([reviewedBy(dave, 48)]));
    const untimed = await k.submit(sam.token, await k.workflow([reviewedBy(dave)]));
    const before = await tasksOf(dave);
    const ids = [timed.id, untimed.id];
    const copies = () =>
      db()
        .selectFrom('tasks')
        .select(['item_id', 'title', 'submitter_id', 'workflow_id', 'workflow_version', 'due_at'])
        .where('item_id', 'in', ids)
        .orderBy('item_id')
        .execute();
    const written = await copies();
    expect(written.find((t) => t.item_id === timed.id)!.due_at).toEqual(expect.any(Number));
    expect(written.find((t) => t.item_id === untimed.id)!.due_at).toBeNull();
    // As the rows of a database migrated from 0017 hold them.
    await sql`update tasks set title = null, submitter_id = null, workflow_id = null, workflow_version = null, due_at = null where item_id in (${sql.join(ids)})`.execute(
      db(),
    );

    await copyIntoTasks(db());

    expect(await copies()).toEqual(written);
    expect(await tasksOf(dave)).toEqual(before);
  });
});
