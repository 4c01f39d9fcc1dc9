// Migration 0021 (issue 14): each task carries its item's updated_at, which the item list walks a
// reader's tasks by. Tasks written before it get the value their item has at the migration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';
import type { ItemId, UserId, WorkflowId } from '../../../src/platform/ids.ts';
import { insertOrg, insertUser } from '../../support/rows.ts';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../mail/scratch-database.ts';

describe.each(DIALECTS)('%s: migration 0021, the item time on each task', (dialect) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await openScratchDatabase(dialect, '0020-mail-bodies');
  }, 30_000);
  afterAll(() => scratch?.drop());

  it('gives every task written before it the updated_at of its item', async () => {
    const db = scratch.db;
    const orgId = await insertOrg(db);
    const user = 'usr_rob' as UserId;
    const workflow = 'wf_1' as WorkflowId;
    await insertUser(db, orgId, { id: user, name: 'Rob' });
    await db
      .insertInto('workflows')
      .values({ id: workflow, org_id: orgId, name: 'W', current_version: 1, created_by: user, created_at: 0, updated_at: 0 })
      .execute();
    await db
      .insertInto('workflow_versions')
      .values({ workflow_id: workflow, version: 1, org_id: orgId, name: 'W', definition: '{}', created_by: user, created_at: 0 })
      .execute();
    const items = [
      ['itm_a', 1_000],
      ['itm_b', 7_000_000_000_000],
    ] as const;
    for (const [id, updatedAt] of items) {
      await db
        .insertInto('items')
        .values({
          id: id as ItemId,
          org_id: orgId,
          workflow_id: workflow,
          workflow_version: 1,
          title: id,
          description: '',
          content_text: 'x',
          upload_id: null,
          content_hash: 'h',
          submitter_id: user,
          status: 'in_review',
          current_step: 0,
          round: 1,
          created_at: 0,
          updated_at: updatedAt,
          closed_at: null,
        })
        .execute();
      for (const round of [1, 2])
        await db
          .insertInto('tasks')
          .values({
            id: `tsk_${id}_${round}`,
            org_id: orgId,
            item_id: id as ItemId,
            round,
            step_index: 0,
            reviewer_key: `user:${user}`,
            user_id: user,
            invite_id: null,
            open: 1,
            assigned_at: 0,
            title: id,
            submitter_id: user,
            workflow_id: workflow,
            workflow_version: 1,
            due_at: null,
          })
          .execute();
    }

    await migrateToLatest(db);

    const tasks = await db.selectFrom('tasks').select(['id', 'item_updated_at']).orderBy('id').execute();
    expect(tasks.map((t) => [t.id, Number(t.item_updated_at)])).toEqual([
      ['tsk_itm_a_1', 1_000],
      ['tsk_itm_a_2', 1_000],
      ['tsk_itm_b_1', 7_000_000_000_000],
      ['tsk_itm_b_2', 7_000_000_000_000],
    ]);
  });
});
