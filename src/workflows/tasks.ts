// A reviewer's open tasks, overdue first, then newest first. Keyset pagination on (overdue,
// assigned_at, id) through the (user_id, open, overdue, assigned_at, id) index: the cost does
// not grow with the number of items. A task that becomes overdue while someone pages moves to
// the first page: a later page neither repeats nor loses the others.
import type { Actor } from '../accounts/index.ts';
import type { Task } from './types.ts';
import { iso } from '../platform/clock.ts';
import { Problem } from '../platform/problems.ts';
import type { Definitions } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { listOpenTasks } from './items.store.ts';
import { listDelegators } from './delegations.store.ts';
import type { UserId } from '../platform/ids.ts';

const encodeCursor = (overdue: number, at: number, id: string) => Buffer.from(`${overdue}:${at}:${id}`).toString('base64url');
/**
 * A cursor this server made: `<0|1 overdue>:<epoch ms>:<task id>`, or `<epoch ms>:<task id>` from
 * before due dates (not overdue). Anything else (an out-of-range number would reach the database as one) is 400.
 */
function decodeCursor(s: string | undefined): { overdue: number; at: number; id: string } | undefined {
  if (!s) return undefined;
  const m = /^(?:([01]):)?(\d{1,15}):([a-z]{3}_[a-z2-7]{26})$/.exec(Buffer.from(s, 'base64url').toString());
  const at = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(at))
    throw new Problem('invalid_request', {
      detail: 'Unknown cursor: use nextBefore from the previous page',
      extensions: { errors: [{ pointer: '#/before', detail: 'must be a nextBefore value' }] },
    });
  return { overdue: Number(m[1] ?? 0), at, id: m[3]! };
}

export function createTaskList(deps: WorkflowsDeps, definitions: Definitions) {
  return async function listTasks(actor: Actor, q: { limit: number; before?: string | undefined }): Promise<{ tasks: Task[]; nextBefore?: string }> {
    const delegators = await listDelegators(deps.db, actor.orgId, actor.userId, deps.clock.now());
    const rows = await listOpenTasks(deps.db, actor.orgId, actor.userId, { limit: q.limit, before: decodeCursor(q.before) }, delegators);
    // A task held for someone (a delegate's list) names them: the people they stand in for, read at once; the list's own tasks need none.
    const contacts = await deps.accounts.findContacts(deps.db, actor.orgId, delegators);
    const forWhom = (id: UserId) => ({ onBehalfOf: { id, ...(contacts.get(id) ?? { name: '', email: '' }) } });
    // Kept by the instance after its first read: the page's few versions cost no statement.
    const definitionOf = await definitions.loadPage(
      deps.db,
      actor.orgId,
      rows.map((r) => ({ id: r.workflow_id, version: r.version })),
    );
    const tasks: Task[] = [];
    for (const r of rows) {
      const def = definitionOf(r.workflow_id, r.version);
      const step = def.steps[r.step_index]!;
      tasks.push({
        itemId: r.item_id,
        step: r.step_index,
        stepName: step.name,
        title: r.title,
        workflowName: def.name,
        submitter: { id: r.submitter_id, name: r.submitter_name, email: r.submitter_email },
        requireTwoFactor: step.requireTwoFactor,
        requireSignature: step.requireSignature,
        assignedAt: iso(Number(r.assigned_at)),
        dueAt: r.due_at === null ? null : iso(Number(r.due_at)),
        overdue: Number(r.overdue) === 1,
        ...(r.user_id && r.user_id !== actor.userId ? forWhom(r.user_id) : {}),
      });
    }
    const last = rows.at(-1);
    return { tasks, ...(rows.length === q.limit && last ? { nextBefore: encodeCursor(Number(last.overdue), Number(last.assigned_at), last.task_id) } : {}) };
  };
}
