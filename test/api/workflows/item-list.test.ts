// The item list (GET /items) newest first, by whichever way listItems reads it: an admin's walk
// of the organisation's items, someone's own submissions, or those and the items of their own
// tasks, walked by the item's updated_at each task carries. Each way lists exactly what the
// reader may see, in the same order, through an index that ends the read after the page: a
// reviewer with 100,000 tasks once made every item scan all of them, and later every page
// looked up as many items as other people had moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { statementPlan } from '../../support/query-plan.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { claimOpenItem, moveItem } from '../../../src/workflows/items.store.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

describe.each(DIALECTS)('%s: the item list', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let ann: Person;
  let rob: Person;
  let nia: Person;
  /** Who submitted each item, who reviews it, and when it last changed. */
  const made: { id: string; submitter: Person; reviewer: Person; status: string; updatedAt: number }[] = [];

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    [ann, rob, nia] = [await k.person('ann'), await k.person('rob'), await k.person('nia')];
    const robReviews = await k.workflow([{ reviewers: [{ user: rob.id }] }]);
    const annReviews = await k.workflow([{ reviewers: [{ user: ann.id }] }]);
    for (const [submitter, reviewer, wf, approve] of [
      [ann, rob, robReviews, false],
      [rob, ann, annReviews, false],
      [ann, rob, robReviews, true],
      [ann, rob, robReviews, false],
      [rob, ann, annReviews, true],
      [ann, rob, robReviews, false],
    ] as const) {
      s.clock!.advance(1000);
      const item = await k.submit(submitter.token, wf);
      if (approve) {
        s.clock!.advance(1000);
        await k.decide(reviewer.token, item.id, { step: 0, decision: 'approve' });
      }
      made.push({ id: item.id, submitter, reviewer, status: approve ? 'approved' : 'in_review', updatedAt: s.clock!.now() });
    }
  });
  afterAll(() => s?.stop());

  /** Item ids, the last changed first. */
  const newestFirst = (list: typeof made) => [...list].sort((a, b) => b.updatedAt - a.updatedAt).map((m) => m.id);
  const listed = async (token: string, query = '') => {
    const res = await s.client.get(`/api/v1/items${query}`, token);
    expect(res.status, res.text).toBe(200);
    return (res.body.items as { id: string }[]).map((i) => i.id);
  };

  it('lists what each reader may see, newest first, by every way of reading it and with every filter', async () => {
    const people = { ann, rob, nia };
    for (const [name, p] of Object.entries(people)) {
      for (const status of [undefined, 'in_review', 'approved'] as const) {
        const ofStatus = made.filter((m) => !status || m.status === status);
        const query = status ? `?status=${status}` : '';
        const expected = newestFirst(ofStatus.filter((m) => m.submitter === p || m.reviewer === p));
        expect(await listed(p.token, query), `${name} ${status}`).toEqual(expected);
        expect(await listed(p.token, `${query}${query ? '&' : '?'}mine=submitted`), `${name} ${status} mine`).toEqual(
          newestFirst(ofStatus.filter((m) => m.submitter === p)),
        );
        expect(await listed(p.token, `${query}${query ? '&' : '?'}limit=2`)).toEqual(expected.slice(0, 2));
        expect(await listed(p.token, `${query}${query ? '&' : '?'}limit=1`)).toEqual(expected.slice(0, 1));
      }
    }
    expect(await listed(admin.token)).toEqual(newestFirst(made));
    expect(await listed(admin.token, '?status=approved')).toEqual(newestFirst(made.filter((m) => m.status === 'approved')));
  });

  /** The plan of the list statement a request runs. */
  async function planOf(token: string, query: string): Promise<string> {
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    const stop = s.signoff.database.onStatement((sql, parameters) => seen.push({ sql, parameters }));
    await listed(token, query);
    stop();
    return statementPlan(
      s.signoff.database,
      seen.findLast((q) => /from "items"/.test(q.sql) && /order by "items"."updated_at" desc/.test(q.sql))!,
    );
  }

  it("reads each page through an index that ends after the page, never the organisation's items for someone's own", async () => {
    const sqlite = dialect === 'sqlite';
    // An admin walks the organisation's items newest first, by status when asked.
    expect(await planOf(admin.token, '')).toMatch(sqlite ? /SEARCH items USING INDEX items_org_updated_idx \(org_id=\?\)/ : /items_org_updated_idx/);
    expect(await planOf(admin.token, '?status=approved')).toMatch(
      sqlite ? /SEARCH items USING INDEX items_org_status_idx \(org_id=\? AND status=\?\)/ : /items_org_status_idx/,
    );
    // Someone's own submissions and the items of their own tasks drive the read, each walked
    // newest first through its index, then each item by its key. (SQLite keeps the CROSS JOIN's
    // order; PostgreSQL orders joins by its statistics, which for the tests' few rows make any
    // order cheap: there only the indexes are asked for.)
    for (const query of ['', '?mine=submitted', '?status=in_review']) {
      const plan = await planOf(rob.token, query);
      expect(plan, plan).toMatch(sqlite ? /SEARCH items USING (COVERING )?INDEX items_submitter_idx \(submitter_id=\?\)/ : /items_submitter_idx/);
      if (query !== '?mine=submitted')
        expect(plan, plan).toMatch(sqlite ? /SEARCH tasks USING COVERING INDEX tasks_user_item_updated_idx \(user_id=\?\)/ : /tasks_user_item_updated_idx/);
      if (!sqlite) continue;
      expect(plan, plan).toMatch(/SEARCH items USING INDEX sqlite_autoindex_items_1 \(id=\?\)/);
      expect(plan, plan).not.toMatch(/items_org_updated_idx|items_org_status_idx|SCAN tasks/);
    }
  });

  it("keeps each task's copy of its item's updated_at with the item: submitted, decided, revised", async () => {
    const wf = await k.workflow([{ reviewers: [{ user: rob.id }] }]);
    s.clock!.advance(1000);
    const item = await k.submit(ann.token, wf);
    s.clock!.advance(1000);
    expect((await k.decide(rob.token, item.id, { step: 0, decision: 'reject', comment: 'The lot number is wrong' })).status).toBe(201);
    s.clock!.advance(1000);
    const revised = await s.client.post(`/api/v1/items/${item.id}/revisions`, { content: 'Batch record, corrected', note: 'Lot fixed' }, ann.token);
    expect(revised.status, revised.text).toBe(201);
    const copies = await s.signoff.database.db
      .selectFrom('tasks')
      .innerJoin('items', 'items.id', 'tasks.item_id')
      .select(['tasks.item_id', 'tasks.round', 'tasks.item_updated_at as copy', 'items.updated_at as itemUpdatedAt'])
      .execute();
    expect(copies.filter((t) => t.item_id === item.id).map((t) => t.round)).toEqual(expect.arrayContaining([1, 2]));
    expect(copies.filter((t) => t.copy === null || Number(t.copy) !== Number(t.itemUpdatedAt))).toEqual([]);
    // The revised item is the newest the reviewer touches, so it leads their list.
    expect((await listed(rob.token))[0]).toBe(item.id);
    // Whatever moves the item claims it first, and the claim moves the copies.
    const later = s.clock!.now() + 5000;
    await s.signoff.database.db.transaction().execute(async (tx) => {
      const { org_id } = await tx.selectFrom('items').select('org_id').where('id', '=', item.id).executeTakeFirstOrThrow();
      const claim = await claimOpenItem(tx, org_id, item.id, 2, later);
      await moveItem(tx, claim!, { status: 'cancelled', current_step: 0, round: 2, closed_at: later });
    });
    const moved = await s.signoff.database.db.selectFrom('tasks').select('item_updated_at').where('item_id', '=', item.id).execute();
    expect(moved.map((t) => Number(t.item_updated_at))).toEqual(moved.map(() => later));
  });

  it("names each item's workflow and open step as the item's own version defines them, after the workflow was edited", async () => {
    const steps = [
      { name: 'Draft check', reviewers: [{ user: rob.id }] },
      { name: 'QA sign-off', reviewers: [{ user: ann.id }] },
    ];
    const wf = await k.workflow(steps, 'Batch release v1');
    s.clock!.advance(1000);
    const onFirst = await k.submit(nia.token, wf);
    const edited = await s.client.request('PUT', `/api/v1/workflows/${wf}`, {
      token: admin.token,
      body: { name: 'Batch release v2', steps: steps.map((st, i) => ({ ...st, name: `Renamed step ${i + 1}` })) },
    });
    expect(edited.status, edited.text).toBe(200);
    s.clock!.advance(1000);
    const onSecond = await k.submit(nia.token, wf);
    s.clock!.advance(1000);
    expect((await k.decide(rob.token, onFirst.id, { step: 0, decision: 'approve' })).status).toBe(201);
    const res = await s.client.get('/api/v1/items?mine=submitted', nia.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: onFirst.id, status: 'in_review', currentStep: 1, stepName: 'QA sign-off', workflowName: 'Batch release v1' }),
      expect.objectContaining({ id: onSecond.id, status: 'in_review', currentStep: 0, stepName: 'Renamed step 1', workflowName: 'Batch release v2' }),
    ]);
    expect((await k.decide(ann.token, onFirst.id, { step: 1, decision: 'approve' })).status).toBe(201);
    const closed = (await s.client.get('/api/v1/items?mine=submitted&status=approved', nia.token)).body.items;
    expect(closed).toEqual([expect.objectContaining({ id: onFirst.id, currentStep: null, stepName: null, workflowName: 'Batch release v1' })]);
  });
});
