// SQL for items and what happens to them: rounds of review, tasks, votes, the item history.
import { sql, type Insertable, type Selectable } from 'kysely';
import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { ItemId, OrgId, UserId, WorkflowId } from '../platform/ids.ts';

export type ItemRow = Selectable<DB['items']>;
export type RoundRow = Selectable<DB['item_rounds']>;
export type TaskRow = Selectable<DB['tasks']>;
type VoteRow = Selectable<DB['votes']>;
export type ItemEventRow = Selectable<DB['item_events']>;
/** Columns added later (0014 delegation): writers that do not know them leave them out. */
type Later<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type NewVote = Later<VoteRow, 'on_behalf_of'>;
export type NewItemEvent = Later<Omit<ItemEventRow, 'seq'>, 'on_behalf_of_user_id' | 'on_behalf_of_name' | 'on_behalf_of_email'>;

export async function insertItem(db: Executor, row: ItemRow): Promise<void> {
  await db.insertInto('items').values(row).execute();
}

/** Built once per dialect (compiled-query.ts), like findTask: every item request and decision reads them. */
const itemById = compiledQuery((db: Executor, orgId: OrgId, id: ItemId) => db.selectFrom('items').selectAll().where('org_id', '=', orgId).where('id', '=', id));
export const findItem = async (db: Executor, orgId: OrgId, id: ItemId): Promise<ItemRow | undefined> => (await itemById(db, orgId, id))[0];

/**
 * An item claimed in this transaction (claimOpenItem, claimItemForRevision): its row locked, its
 * updated_at and its tasks' copy already moved to `at`. What moves the item afterwards in the
 * same transaction takes the claim, so it leaves updated_at alone: a decision that closes a step
 * writes the item's time-ordered indexes and its tasks once, not twice.
 */
export type ClaimedItem = { readonly id: ItemId; readonly at: number; readonly claimed: true };

/**
 * Claims the item for a change at `round` (a vote, a cancellation): a row lock on PostgreSQL
 * and the write lock on SQLite, so the decisions on one item are serialised and a threshold is
 * counted exactly once (docs/security.md K2). Undefined when the round is over or the item is closed.
 */
export async function claimOpenItem(tx: Tx, orgId: OrgId, id: ItemId, round: number, now: number): Promise<ClaimedItem | undefined> {
  return claimed(tx, id, now, await claimItem(tx, orgId, id, round, now));
}
const claimItem = compiledStatement((db: Executor, orgId: OrgId, id: ItemId, round: number, now: number) =>
  db
    .updateTable('items')
    .set({ updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('round', '=', round)
    .where('status', '=', 'in_review'),
);

/** The claim, once the guarded update of the item's updated_at matched it: its tasks' copy follows. */
export async function claimed(tx: Tx, id: ItemId, at: number, update: { numAffectedRows?: bigint | undefined }): Promise<ClaimedItem | undefined> {
  if (Number(update.numAffectedRows) !== 1) return undefined;
  await moveItemTasks(tx, id, at);
  return { id, at, claimed: true };
}

/** The claimed item's status, step and round (its updated_at is the claim's). */
export async function moveItem(
  tx: Tx,
  item: ClaimedItem,
  patch: { status: string; current_step: number | null; round: number; closed_at: number | null },
): Promise<void> {
  await itemMoved(tx, item.id, patch);
}
const itemMoved = compiledStatement(
  (db: Executor, id: ItemId, patch: { status: string; current_step: number | null; round: number; closed_at: number | null }) =>
    db.updateTable('items').set(patch).where('id', '=', id),
);

/**
 * Every write that moves an item's updated_at moves its tasks' copy with it, in the same
 * transaction (the item list walks a reader's tasks by it: listItems).
 */
const moveItemTasks = compiledStatement((db: Executor, itemId: ItemId, now: number) =>
  db.updateTable('tasks').set({ item_updated_at: now }).where('item_id', '=', itemId),
);

export async function insertRound(tx: Tx, row: Insertable<DB['item_rounds']>): Promise<void> {
  await tx.insertInto('item_rounds').values(row).execute();
}

export async function closeRound(tx: Tx, itemId: ItemId, round: number, outcome: string, now: number): Promise<void> {
  await roundClosed(tx, itemId, round, outcome, now);
  await roundTasksClosed(tx, itemId, round);
}
const roundClosed = compiledStatement((db: Executor, itemId: ItemId, round: number, outcome: string, now: number) =>
  db.updateTable('item_rounds').set({ closed_at: now, outcome }).where('item_id', '=', itemId).where('round', '=', round).where('closed_at', 'is', null),
);
const roundTasksClosed = compiledStatement((db: Executor, itemId: ItemId, round: number) =>
  db.updateTable('tasks').set({ open: 0 }).where('item_id', '=', itemId).where('round', '=', round).where('open', '=', 1),
);

/** One reviewer fewer in the round (a guest's invite was revoked before they decided); the new count. */
export async function withdrawFromRound(tx: Tx, itemId: ItemId, round: number): Promise<number> {
  await tx
    .updateTable('item_rounds')
    .set((eb) => ({ reviewers: eb('reviewers', '-', 1) }))
    .where('item_id', '=', itemId)
    .where('round', '=', round)
    .execute();
  return Number((await findRound(tx, itemId, round))?.reviewers ?? 0);
}

export const listRounds = compiledQuery((db: Executor, itemId: ItemId) =>
  db.selectFrom('item_rounds').selectAll().where('item_id', '=', itemId).orderBy('round'),
);

const roundOf = compiledQuery((db: Executor, itemId: ItemId, round: number) =>
  db.selectFrom('item_rounds').selectAll().where('item_id', '=', itemId).where('round', '=', round),
);
export const findRound = async (db: Executor, itemId: ItemId, round: number): Promise<RoundRow | undefined> => (await roundOf(db, itemId, round))[0];

export async function insertTasks(tx: Tx, rows: Insertable<DB['tasks']>[]): Promise<void> {
  // Each task starts with its item's updated_at as this transaction sees it (see moveItemTasks).
  if (rows.length === 0) return;
  const withItemTime = rows.map((r) => ({ ...r, item_updated_at: sql<number>`(select items.updated_at from items where items.id = ${r.item_id})` }));
  await tx.insertInto('tasks').values(withItemTime).execute();
}

const taskOf = compiledQuery((db: Executor, itemId: ItemId, round: number, reviewerKey: string) =>
  db.selectFrom('tasks').selectAll().where('item_id', '=', itemId).where('round', '=', round).where('reviewer_key', '=', reviewerKey),
);
export const findTask = async (db: Executor, itemId: ItemId, round: number, reviewerKey: string): Promise<TaskRow | undefined> =>
  (await taskOf(db, itemId, round, reviewerKey))[0];

/** Closes the reviewer's task: the one-vote guard (K1). False when it was already closed. */
export async function closeTask(tx: Tx, itemId: ItemId, round: number, reviewerKey: string): Promise<boolean> {
  return Number((await taskClosed(tx, itemId, round, reviewerKey)).numAffectedRows) === 1;
}
const taskClosed = compiledStatement((db: Executor, itemId: ItemId, round: number, reviewerKey: string) =>
  db
    .updateTable('tasks')
    .set({ open: 0 })
    .where('item_id', '=', itemId)
    .where('round', '=', round)
    .where('reviewer_key', '=', reviewerKey)
    .where('open', '=', 1),
);

/** Whether the user was ever asked to review this item (they may then read it). */
export async function wasReviewer(db: Executor, itemId: ItemId, userId: UserId): Promise<boolean> {
  return (await taskOfUser(db, itemId, userId)).length > 0;
}
const taskOfUser = compiledQuery((db: Executor, itemId: ItemId, userId: UserId) =>
  db.selectFrom('tasks').select('id').where('item_id', '=', itemId).where('user_id', '=', userId).limit(1),
);

/**
 * Open tasks of a user, overdue first, then newest first, keyset-paged on (overdue, assigned_at,
 * id): one range scan of tasks_user_open_overdue_idx per user. `overdue` is the round's mark,
 * copied to its tasks, as are the item's title, submitter and workflow and the round's due date
 * (migration 0018): the submitter's user row is the one look-up per task. A delegate's list also
 * holds the tasks of the people they stand in for. The workflow's name comes with its parsed
 * definition (definitions.ts keeps those), not from a join per row. The first page of someone
 * standing in for nobody, what nearly every request asks for, is built once (compiledQuery).
 */
export async function listOpenTasks(db: Executor, orgId: OrgId, userId: UserId, page: TaskPage, delegators: UserId[] = []): Promise<OpenTaskRow[]> {
  if (!page.before && delegators.length === 0) return firstPageOfOpenTasks(db, orgId, userId, page.limit);
  const own = await pageOfOpenTasks(db, orgId, userId, page);
  if (delegators.length === 0) return own;
  // A delegate also sees the open tasks of the people they stand in for, except on items they
  // submitted: a page of each person, each read through their own index and ending after the
  // page, then merged. (One statement asking for anyone of them made both databases read and sort
  // every open task of all of them: 0.4–0.6 s a page for the delegate of someone with 100,000.)
  const pages = [own];
  for (const delegator of delegators) pages.push(await pageOfOpenTasks(db, orgId, delegator, page, userId));
  return pages.flat().sort(newestFirstOrder).slice(0, page.limit);
}

type TaskPage = { limit: number; before?: { overdue: number; at: number; id: string } | undefined };
type OpenTaskRow = Awaited<ReturnType<typeof firstPageOfOpenTasks>>[number];

/** The order of newestFirst below, in memory: overdue first, then the latest assigned, then the larger id. */
const newestFirstOrder = (a: OpenTaskRow, b: OpenTaskRow) =>
  Number(b.overdue) - Number(a.overdue) || Number(b.assigned_at) - Number(a.assigned_at) || (a.task_id < b.task_id ? 1 : a.task_id > b.task_id ? -1 : 0);

/** A page of `who`'s open tasks after `page.before`; `notSubmittedBy`: leaving out the items that person submitted. */
function pageOfOpenTasks(db: Executor, orgId: OrgId, who: UserId, page: TaskPage, notSubmittedBy?: UserId) {
  let q = openTasks(db, orgId).where('tasks.user_id', '=', who);
  if (notSubmittedBy) q = q.where('tasks.submitter_id', '!=', notSubmittedBy);
  if (page.before) {
    const b = page.before;
    q = q.where((eb) =>
      eb.or([
        eb('tasks.overdue', '<', b.overdue),
        eb.and([
          eb('tasks.overdue', '=', b.overdue),
          eb.or([eb('tasks.assigned_at', '<', b.at), eb.and([eb('tasks.assigned_at', '=', b.at), eb('tasks.id', '<', b.id)])]),
        ]),
      ]),
    );
  }
  return newestFirst(q, page.limit).execute();
}

const openTasks = (db: Executor, orgId: OrgId) =>
  db
    .selectFrom('tasks')
    .innerJoin('users', 'users.id', 'tasks.submitter_id')
    .select([
      'tasks.id as task_id',
      'tasks.item_id',
      'tasks.user_id',
      'tasks.step_index',
      'tasks.assigned_at',
      'tasks.title',
      'tasks.submitter_id',
      'users.name as submitter_name',
      'users.email as submitter_email',
      'tasks.workflow_id',
      'tasks.workflow_version as version',
      'tasks.overdue',
      'tasks.due_at',
    ])
    .where('tasks.open', '=', 1)
    .where('tasks.org_id', '=', orgId);

const newestFirst = <Q extends ReturnType<typeof openTasks>>(q: Q, limit: number) =>
  q.orderBy('tasks.overdue', 'desc').orderBy('tasks.assigned_at', 'desc').orderBy('tasks.id', 'desc').limit(limit);

const firstPageOfOpenTasks = compiledQuery((db: Executor, orgId: OrgId, userId: UserId, limit: number) =>
  newestFirst(openTasks(db, orgId).where('tasks.user_id', '=', userId), limit),
);

/** Records the vote; false when the task, or the person deciding, already has a vote in the round (the unique keys). */
export async function insertVote(tx: Tx, row: NewVote): Promise<boolean> {
  return (await voteInserted(tx, row)).length > 0;
}
const voteInserted = compiledQuery((db: Executor, row: NewVote) =>
  db
    .insertInto('votes')
    .values(row)
    // Either key: the reviewer's task (item, round, reviewer_key) or the person (item, round, user_id),
    // who decides once per step whether for themself or on someone's behalf.
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);

export async function countVotes(tx: Executor, itemId: ItemId, round: number): Promise<{ approvals: number; rejections: number }> {
  const rows = await votesByDecision(tx, itemId, round);
  const n = (d: string) => Number(rows.find((r) => r.decision === d)?.n ?? 0);
  return { approvals: n('approve'), rejections: n('reject') };
}

const votesByDecision = compiledQuery((db: Executor, itemId: ItemId, round: number) =>
  db
    .selectFrom('votes')
    .select(['decision', sql<number>`count(*)`.as('n')])
    .where('item_id', '=', itemId)
    .where('round', '=', round)
    .groupBy('decision'),
);

export const listVotes = compiledQuery((db: Executor, itemId: ItemId) =>
  db.selectFrom('votes').selectAll().where('item_id', '=', itemId).orderBy('decided_at'),
);

/**
 * Appends to the item's history; `seq` follows the last one (the item is claimed, so no race),
 * and the entry carries the item's revision as it is in this transaction.
 */
export async function appendItemEvent(tx: Tx, row: Omit<NewItemEvent, 'revision'>): Promise<void> {
  // One statement: a decision appends several entries, so both values are read inside the insert.
  await itemEventAppended(tx, row);
}
const itemEventAppended = compiledStatement((db: Executor, row: Omit<NewItemEvent, 'revision'>) =>
  db.insertInto('item_events').values({
    ...row,
    seq: sql<number>`(select coalesce(max(seq), 0) + 1 from item_events where item_id = ${row.item_id})`,
    revision: sql<number>`coalesce((select revision from items where id = ${row.item_id}), 1)`,
  }),
);

export const listItemEvents = compiledQuery((db: Executor, itemId: ItemId) =>
  db.selectFrom('item_events').selectAll().where('item_id', '=', itemId).orderBy('seq'),
);

/** What the list shows of an item. */
const LISTED_ITEM_COLUMNS = [
  'items.id',
  'items.title',
  'items.status',
  'items.current_step',
  'items.created_at',
  'items.updated_at',
  'items.submitter_id',
] as const;

type ItemListQuery = { userId: UserId; all: boolean; status?: string | undefined; submittedOnly: boolean; limit: number };

/**
 * Items a user may see in the list, newest first: all of the organisation's for an admin, else
 * those they submitted or hold or held a task on. What a page costs follows the page, never the
 * size of the organisation nor how many items others moved:
 * - an admin's page walks the organisation's items newest first (items_org_updated_idx, or
 *   items_org_status_idx for one status) and stops after `limit`;
 * - anyone else's: their newest `limit` submissions (items_submitter_idx) and the items of their
 *   newest `limit` tasks by the item's updated_at (tasks_user_item_updated_idx, migration 0021),
 *   each walked newest first; the page is the newest `limit` of those at most 2 × `limit` items.
 * (Before the tasks carried their item's updated_at, someone with many tasks walked the
 * organisation's items newest first and looked each up for a task of theirs: a page cost as many
 * look-ups as items other people had moved since.)
 */
export async function listItems(db: Executor, orgId: OrgId, q: ItemListQuery) {
  // null: the organisation's items (an admin's list, unless they ask for their own submissions).
  const reader = q.all && !q.submittedOnly ? null : q.userId;
  return (reader === null || q.submittedOnly ? itemPage : itemPageWithTasks)(db, orgId, reader, q.status ?? null, q.limit);
}

/**
 * A page of the list, built once per dialect (compiled-query.ts: most sessions open the list,
 * and building this query cost about as much as running it). `userId` null reads the
 * organisation's items (an admin's list); else `withTasks` adds the items of their tasks to their
 * submissions. `status` null for every status.
 */
const builtItemPage = (withTasks: boolean) =>
  compiledQuery((db: Executor, orgId: OrgId, userId: UserId | null, status: string | null, limit: number) => {
    let page;
    if (userId === null) page = db.selectFrom('items');
    else {
      // Their newest submissions, found through their own index (no organisation term for the planner to prefer).
      let submitted = db.selectFrom('items').select('items.id').where('items.submitter_id', '=', userId);
      if (status !== null) submitted = submitted.where('items.status', '=', status);
      submitted = submitted.orderBy('items.updated_at', 'desc').orderBy('items.id', 'desc').limit(limit);
      let gathered = db.selectFrom(submitted.as('submitted')).select('submitted.id');
      if (withTasks) {
        // The items of their newest tasks: one item's tasks share its time, so DISTINCT on the pair
        // leaves one row per item, still in the index's order.
        let tasks = db.selectFrom('tasks').select(['tasks.item_id as id', 'tasks.item_updated_at']).distinct().where('tasks.user_id', '=', userId);
        if (status !== null) tasks = tasks.innerJoin('items', 'items.id', 'tasks.item_id').where('items.status', '=', status);
        tasks = tasks.orderBy('tasks.item_updated_at', 'desc').orderBy('tasks.item_id', 'desc').limit(limit);
        gathered = gathered.union(db.selectFrom(tasks.as('theirs')).select('theirs.id'));
      }
      // Gathered ids drive the read, each item by its key: CROSS JOIN keeps SQLite from walking the
      // organisation's items newest first instead (to spare the sort) and testing each against them.
      page = db.selectFrom(gathered.as('mine')).crossJoin('items').whereRef('items.id', '=', 'mine.id');
    }
    let selected = page.select([...LISTED_ITEM_COLUMNS, 'items.workflow_id', 'items.workflow_version']).where('items.org_id', '=', orgId);
    if (status !== null) selected = selected.where('items.status', '=', status);
    // The page first, then the submitters' names for its rows only (the workflows' come from the
    // instance's kept definitions: list-items.ts).
    const newest = selected.orderBy('items.updated_at', 'desc').orderBy('items.id', 'desc').limit(limit);
    return db
      .selectFrom(newest.as('items'))
      .innerJoin('users', 'users.id', 'items.submitter_id')
      .select([...LISTED_ITEM_COLUMNS, 'items.workflow_id', 'items.workflow_version', 'users.name as submitter_name', 'users.email as submitter_email'])
      .orderBy('items.updated_at', 'desc')
      .orderBy('items.id', 'desc');
  });
const itemPage = builtItemPage(false);
const itemPageWithTasks = builtItemPage(true);

/** Whether the user submitted, or holds or held a task on, any item of this workflow (any version). */
export async function takesPartInWorkflow(db: Executor, orgId: OrgId, workflowId: WorkflowId, userId: UserId): Promise<boolean> {
  const row = await db
    .selectFrom('items')
    .select('items.id')
    .where('items.org_id', '=', orgId)
    .where('items.workflow_id', '=', workflowId)
    .where((eb) =>
      eb.or([
        eb('items.submitter_id', '=', userId),
        eb.exists(eb.selectFrom('tasks').select('tasks.id').whereRef('tasks.item_id', '=', 'items.id').where('tasks.user_id', '=', userId)),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
