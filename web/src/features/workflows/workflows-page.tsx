// /workflows: the organisation's workflows, their versions and which steps are protected.
import { describeError } from '../../api/problem.ts';
import { useQuery } from '@tanstack/react-query';
import { workflowsQuery } from '../../api/queries.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { useCurrentUser } from '../session/session-context.tsx';
import { canDesignWorkflows } from './can-design.ts';
import { WorkflowsTable } from './workflows-table.tsx';

export function WorkflowsPage() {
  const user = useCurrentUser();
  const workflows = useQuery(workflowsQuery);
  const canDesign = canDesignWorkflows(user);
  const newButton = canDesign ? (
    <Link to="/workflows/new" className="btn btn-primary">
      New workflow
    </Link>
  ) : null;
  return (
    <div className="page">
      <PageHeader
        title="Workflows"
        description="The approval routes items follow: ordered steps, their reviewers, and which decisions need 2FA or an electronic signature."
        actions={newButton}
      />
      {workflows.error ? (
        <Alert tone="error" title="Workflows could not be loaded">
          {describeError(workflows.error)}
        </Alert>
      ) : null}
      {workflows.isPending ? (
        <Loading label="Loading workflows…" />
      ) : workflows.data?.length ? (
        <WorkflowsTable workflows={workflows.data} />
      ) : workflows.data ? (
        <div className="panel">
          <EmptyState title="No workflows yet" action={newButton}>
            {canDesign
              ? 'Build the first one: name the steps, choose reviewers, and mark the steps that need 2FA.'
              : 'A workflow owner or an administrator designs workflows.'}
          </EmptyState>
        </div>
      ) : null}
    </div>
  );
}
