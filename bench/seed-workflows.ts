// Seeds what the workflow scenarios need.
// - Protected decisions: DECISION_REVIEWERS reviewers per decision run (and WARM_UP_REQUESTS
//   more, who decide before the run, unmeasured), each with an
//   authenticator app, the only reviewer of a one-step workflow that requires 2FA, with an
//   item in review. A TOTP code counts once per user and 30-second step, so each reviewer
//   decides once, with the code of the current step. One reviewer is seeded through the API; the others are copies
//   of its rows (bench/clone-reviewers.ts). Its enrollment is confirmed with the previous
//   step's code so the current one stays unused.
//   That code is only valid until the server's step moves on: on a loaded machine a request
//   sent late in a step could arrive in the next one and be refused, so confirmation waits for
//   a step with room left, and a refused code is retried once, in a fresh step (never in a
//   loop: every refusal spends the attempt budget, and a loop ends in 429s).
// - Task list: one reviewer with TASK_LIST_ITEMS open tasks. One item is submitted through the
//   API; the rest are copies of its rows written straight into the database, SQLite or
//   PostgreSQL (the API would take minutes for 100,000 submissions; the read path is measured).
import Database from 'better-sqlite3';
import pg from 'pg';
import { generateSync } from 'otplib';
import { createUser, login, PASSWORD } from '../test/support/fixtures.ts';
import { createClient, type Client } from '../test/support/http-client.ts';
import { newId } from '../src/platform/ids.ts';
import { cloneReviewers, type Reviewer } from './clone-reviewers.ts';
import type { DatabaseTarget } from './servers.ts';

/** Reviewers per decision run, one decision each: a run is 2,000 decisions (issue 14: stable figures). */
export const DECISION_REVIEWERS = 2000;
/**
 * The requests that warm Signoff up before a run whose requests each spend a one-time code
 * (bench/run.ts): that many more people per set, whose codes are spent unmeasured.
 */
export const WARM_UP_REQUESTS = 1000;
const TASK_LIST_ITEMS = 100_000;
const STEP_MS = 30_000;
/** A confirmation is sent only while at least this much of the server's current step is left. */
const STEP_ROOM_MS = 8_000;

/**
 * `reviewers`: DECISION_REVIEWERS + WARM_UP_REQUESTS per decision run, the warm-up's first;
 * `pendingSignIns`: as many reviewers whose sessions have passed only the password.
 */
export type WorkflowContext = { reviewers: Reviewer[]; pendingSignIns: Reviewer[]; taskReaderToken: string };

/** The RFC 6238 code of `secret` for the step containing `at` (otplib: the same arithmetic as the server). */
export const totpAt = (secret: string, at: number) =>
  generateSync({ strategy: 'hotp', secret, counter: Math.floor(at / STEP_MS), digits: 6, algorithm: 'sha1' });

async function ok(res: Promise<{ status: number; text: string; body: any }>, status: number) {
  const r = await res;
  if (r.status !== status) throw new Error(`bench seed: expected ${status}, got ${r.status} ${r.text}`);
  return r.body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Until the next step begins (plus a little, so both clocks agree it has). */
const untilNextStep = () => sleep(STEP_MS - (Date.now() % STEP_MS) + 100);

/** Confirms a TOTP enrollment with the previous step's code, sent early enough in a step to count. */
async function confirmTotp(client: Client, token: string, start: { id: string; secret: string }): Promise<{ token: string }> {
  for (let attempt = 1; ; attempt++) {
    if (STEP_MS - (Date.now() % STEP_MS) < STEP_ROOM_MS) await untilNextStep();
    const r = await client.post(`/api/v1/me/factors/totp/${start.id}/confirm`, { code: totpAt(start.secret, Date.now() - STEP_MS) }, token);
    if (r.status === 200) return r.body as { token: string };
    if (attempt === 2 || r.status === 429) throw new Error(`bench seed: TOTP confirmation refused (attempt ${attempt}): ${r.status} ${r.text}`);
    await untilNextStep();
  }
}

async function seedReviewer(client: Client, adminToken: string, submitterToken: string, n: number): Promise<Reviewer & { userId: string; workflowId: string }> {
  const email = `bench-reviewer-${n}@acme.test`;
  const user = await createUser(client, adminToken, { email });
  const token = await login(client, email, PASSWORD);
  const start = await ok(client.post('/api/v1/me/factors/totp', {}, token), 201);
  const confirmed = await confirmTotp(client, token, start);
  const wf = await ok(
    client.post(
      '/api/v1/workflows',
      { name: `Bench protected ${n}`, steps: [{ name: 'QA', reviewers: [{ user: user.id }], requireTwoFactor: true }] },
      adminToken,
    ),
    201,
  );
  const item = await ok(client.post('/api/v1/items', { workflowId: wf.id, title: `Bench ${n}`, content: `batch ${n}` }, submitterToken), 201);
  return { token: confirmed.token, secret: start.secret, item: item.id as string, userId: user.id, workflowId: wf.id };
}

/**
 * `decisionRuns`: how many decision runs get reviewers of their own (a set: WARM_UP_REQUESTS,
 * then DECISION_REVIEWERS); `signInRuns`: how many such sets of users wait for their second factor at sign-in.
 */
export async function seedWorkflows(url: string, database: DatabaseTarget, adminToken: string, decisionRuns: number, signInRuns = 0): Promise<WorkflowContext> {
  const client = createClient(url);
  const submitter = await createUser(client, adminToken, { email: 'bench-submitter@acme.test' });
  const submitterToken = await login(client, submitter.email, PASSWORD);

  const first = await seedReviewer(client, adminToken, submitterToken, 0);
  const set = WARM_UP_REQUESTS + DECISION_REVIEWERS;
  const reviewers: Reviewer[] = [first, ...(await cloneReviewers(database, first, Math.max(0, set * decisionRuns - 1)))];
  const reader = await createUser(client, adminToken, { email: 'bench-task-reader@acme.test' });
  const taskReaderToken = await login(client, reader.email, PASSWORD);
  const wf = await ok(
    client.post('/api/v1/workflows', { name: 'Bench task list', steps: [{ name: 'Review', reviewers: [{ user: reader.id }] }] }, adminToken),
    201,
  );
  const template = await ok(client.post('/api/v1/items', { workflowId: wf.id, title: 'Bench task 0', content: 'task 0' }, submitterToken), 201);
  if (database.dialect === 'sqlite') copyItems(database.file, template.id, TASK_LIST_ITEMS - 1);
  else await copyItemsPostgres(database.url, template.id, TASK_LIST_ITEMS - 1);
  // Last, so they wait as little as possible of the 15 minutes a half-finished sign-in lives.
  const pendingSignIns = signInRuns > 0 ? await cloneReviewers(database, first, set * signInRuns, { pending: true }) : [];
  return { reviewers, pendingSignIns, taskReaderToken };
}

type Row = Record<string, unknown>;
/** The i-th copy of the template's item, round, task and history rows (ids new, times earlier). */
function copiesOf(t: { item: Row; round: Row; task: Row; event: Row }, i: number) {
  const itemId = newId('itm');
  const at = Number(t.item.created_at) - i * 1000;
  return {
    items: { ...t.item, id: itemId, title: `Bench task ${i}`, created_at: at, updated_at: at },
    item_rounds: { ...t.round, item_id: itemId, opened_at: at },
    tasks: { ...t.task, id: newId('tsk'), item_id: itemId, assigned_at: at, title: `Bench task ${i}` },
    item_events: { ...t.event, id: newId('evt'), item_id: itemId, at },
  };
}

/** Copies an item with its round, task and history rows `count` times, in one transaction. */
function copyItems(file: string, templateId: string, count: number): void {
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  try {
    const item = db.prepare('SELECT * FROM items WHERE id = ?').get(templateId) as Record<string, unknown>;
    const round = db.prepare('SELECT * FROM item_rounds WHERE item_id = ?').get(templateId) as Record<string, unknown>;
    const task = db.prepare('SELECT * FROM tasks WHERE item_id = ?').get(templateId) as Record<string, unknown>;
    const event = db.prepare('SELECT * FROM item_events WHERE item_id = ?').get(templateId) as Record<string, unknown>;
    const insert = (table: string, row: Record<string, unknown>) =>
      db.prepare(
        `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(', ')})`,
      );
    const [items, rounds, tasks, events] = [insert('items', item), insert('item_rounds', round), insert('tasks', task), insert('item_events', event)];
    db.transaction(() => {
      for (let i = 1; i <= count; i++) {
        const copy = copiesOf({ item, round, task, event }, i);
        items.run(...Object.values(copy.items));
        rounds.run(...Object.values(copy.item_rounds));
        tasks.run(...Object.values(copy.tasks));
        events.run(...Object.values(copy.item_events));
      }
    })();
  } finally {
    db.close();
  }
}

/** The same copies on PostgreSQL, 1,000 rows a multi-row INSERT, in one transaction. */
async function copyItemsPostgres(url: string, templateId: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (table: string) =>
      (await client.query(`SELECT * FROM ${table} WHERE ${table === 'items' ? 'id' : 'item_id'} = $1`, [templateId])).rows[0] as Row;
    const template = { item: await one('items'), round: await one('item_rounds'), task: await one('tasks'), event: await one('item_events') };
    await client.query('BEGIN');
    const BATCH = 1000;
    for (let start = 1; start <= count; start += BATCH) {
      const copies = Array.from({ length: Math.min(BATCH, count - start + 1) }, (_, k) => copiesOf(template, start + k));
      for (const table of ['items', 'item_rounds', 'tasks', 'item_events'] as const) {
        const rows: Row[] = copies.map((c) => c[table]);
        const columns = Object.keys(rows[0]!);
        const values = rows.flatMap((r) => columns.map((c) => r[c]));
        const tuples = rows.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
        await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
      }
    }
    await client.query('COMMIT');
    // Statistics for the copied rows, as autovacuum gathers them in a running deployment (once a
    // tenth of a table changed, within a minute): without them PostgreSQL guessed 2 rows where the
    // reviewer has 100,000, and planned the item list by status with a nested loop over all of them
    // (737 ms a page against 0.4 ms). The bench measures a database with its statistics.
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
