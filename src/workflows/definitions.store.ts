// SQL for workflow definitions and their immutable versions.
import type { Selectable } from 'kysely';
import { compiledQuery } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { OrgId, WorkflowId } from '../platform/ids.ts';

export type WorkflowRow = Selectable<DB['workflows']>;
export type WorkflowVersionRow = Selectable<DB['workflow_versions']>;

export async function insertWorkflow(db: Executor, row: WorkflowRow): Promise<void> {
  await db.insertInto('workflows').values(row).execute();
}

export async function insertWorkflowVersion(db: Executor, row: WorkflowVersionRow): Promise<void> {
  await db.insertInto('workflow_versions').values(row).execute();
}

/** Moves the workflow to `version` only if it is still at `version - 1` (two editors: one wins). */
export async function advanceWorkflowVersion(db: Executor, orgId: OrgId, id: WorkflowId, version: number, name: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('workflows')
    .set({ current_version: version, name, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('current_version', '=', version - 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const findWorkflow = (db: Executor, orgId: OrgId, id: WorkflowId): Promise<WorkflowRow | undefined> =>
  db.selectFrom('workflows').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();

export const findWorkflowVersion = async (db: Executor, orgId: OrgId, id: WorkflowId, version: number): Promise<WorkflowVersionRow | undefined> =>
  (await workflowVersionOf(db, orgId, id, version))[0];
const workflowVersionOf = compiledQuery((db: Executor, orgId: OrgId, id: WorkflowId, version: number) =>
  db.selectFrom('workflow_versions').selectAll().where('org_id', '=', orgId).where('workflow_id', '=', id).where('version', '=', version),
);

export const listWorkflowsWithDefinitions = (db: Executor, orgId: OrgId) =>
  db
    .selectFrom('workflows')
    .innerJoin('workflow_versions', (j) =>
      j.onRef('workflow_versions.workflow_id', '=', 'workflows.id').onRef('workflow_versions.version', '=', 'workflows.current_version'),
    )
    .select(['workflows.id', 'workflows.name', 'workflows.current_version', 'workflows.updated_at', 'workflow_versions.definition'])
    .where('workflows.org_id', '=', orgId)
    .orderBy('workflows.name')
    .execute();

/** Definitions in force: every workflow's current version, and every version an item in review still follows. */
export const listDefinitionsInForce = (db: Executor, orgId: OrgId): Promise<{ definition: string }[]> =>
  db
    .selectFrom('workflow_versions')
    .select('workflow_versions.definition')
    .where('workflow_versions.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('workflows')
            .select('workflows.id')
            .whereRef('workflows.id', '=', 'workflow_versions.workflow_id')
            .whereRef('workflows.current_version', '=', 'workflow_versions.version'),
        ),
        eb.exists(
          eb
            .selectFrom('items')
            .select('items.id')
            .whereRef('items.workflow_id', '=', 'workflow_versions.workflow_id')
            .whereRef('items.workflow_version', '=', 'workflow_versions.version')
            .where('items.status', '=', 'in_review'),
        ),
      ]),
    )
    .execute();
