// The item list (GET /items): the caller's items (submitted, or asked to review), every item
// for an admin, newest first, with the open step's name.
import type { Actor } from '../accounts/index.ts';
import { iso } from '../platform/clock.ts';
import { parseSteps } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { listItems } from './items.store.ts';
import type { ItemView } from './types.ts';

export function createListItems(deps: Pick<WorkflowsDeps, 'db'>) {
  return async function list(actor: Actor, q: { status?: ItemView['status'] | undefined; mine?: 'submitted' | undefined; limit: number }) {
    const rows = await listItems(deps.db, actor.orgId, {
      userId: actor.userId,
      all: actor.roles.includes('admin'),
      status: q.status,
      submittedOnly: q.mine === 'submitted',
      limit: q.limit,
    });
    // A page's items share a handful of workflow versions: each definition parsed once.
    const parsed = new Map<string, ReturnType<typeof parseSteps>>();
    return rows.map((r) => {
      let steps = parsed.get(r.definition);
      if (!steps) parsed.set(r.definition, (steps = parseSteps(r.definition)));
      return {
        id: r.id,
        title: r.title,
        status: r.status as ItemView['status'],
        currentStep: r.status === 'in_review' ? r.current_step : null,
        stepName: r.status === 'in_review' && r.current_step !== null ? (steps[r.current_step]?.name ?? null) : null,
        workflowName: r.workflow_name,
        submitter: { id: r.submitter_id, name: r.submitter_name, email: r.submitter_email },
        createdAt: iso(Number(r.created_at)),
        updatedAt: iso(Number(r.updated_at)),
      };
    });
  };
}
