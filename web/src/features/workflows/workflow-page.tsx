// /workflows/new and /workflows/:id: the builder for admins and owners, the picture and the
// steps in words for everyone else. `?version=n` shows an older version, read-only.
import { useCallback, useEffect } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../api/problem.ts';
import { directoryQuery, queryKeys, workflowQuery } from '../../api/queries.ts';
import type { WorkflowCreated } from '../../api/workflow-types.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { useCurrentUser } from '../session/session-context.tsx';
import { NotAllowedPage } from '../shell/not-allowed-page.tsx';
import { canDesignWorkflows } from './can-design.ts';
import { WorkflowBuilder } from './workflow-builder.tsx';
import { WorkflowDetails } from './workflow-details.tsx';
import { WorkflowDiagram } from './workflow-diagram.tsx';

export function WorkflowPage({ workflowId }: { workflowId?: string | undefined }) {
  const user = useCurrentUser();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const version = Number(params.get('version')) || undefined;
  const saved = params.get('saved');
  // Save sits under the last step; the confirmation is at the top of the page: bring it into view.
  useEffect(() => {
    if (saved) window.scrollTo({ top: 0 });
  }, [saved]);
  const canDesign = canDesignWorkflows(user);
  // Admins and owners search the directory (people and groups by name, minimal fields).
  const directory = useQuery({ ...directoryQuery, enabled: canDesign });
  const users = { data: directory.data?.people };
  const groups = { data: directory.data?.groups };
  // Another version keeps the one shown until it arrives.
  const workflow = useQuery({ ...workflowQuery(workflowId ?? '', version), enabled: !!workflowId, placeholderData: keepPreviousData });
  const queryClient = useQueryClient();

  const onSaved = useCallback(
    (w: WorkflowCreated) => {
      navigate(`/workflows/${encodeURIComponent(w.id)}?saved=${w.version}`, { replace: !!workflowId });
      // The list, and this workflow's latest version when the builder saved a new one of it.
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflows });
    },
    [workflowId, queryClient],
  );

  if (!workflowId) {
    if (!canDesign)
      return <NotAllowedPage>Workflow owners and administrators design workflows. Ask an administrator for the workflow owner role.</NotAllowedPage>;
    return (
      <div className="page">
        <PageHeader
          title="New workflow"
          description="Name the steps in order, choose who reviews each, and open Advanced options to require 2FA or an e-signature."
        />
        <WorkflowBuilder users={users.data} groups={groups.data} canList={canDesign} onSaved={onSaved} />
      </div>
    );
  }

  const w = workflow.data;
  const editable = canDesign && !version;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/workflows">Workflows</Link>
      </nav>
      {workflow.error ? (
        <Alert tone="error" title="The workflow could not be loaded">
          {describeError(workflow.error)}
        </Alert>
      ) : null}
      {!w ? (
        workflow.isFetching ? (
          <Loading label="Loading the workflow…" />
        ) : null
      ) : (
        <>
          <PageHeader
            title={w.name}
            description={
              <span className="header-meta">
                <Badge tone="accent">Version {w.version}</Badge>{' '}
                {version ? <Link to={`/workflows/${encodeURIComponent(w.id)}`}>Show the latest version</Link> : null}
              </span>
            }
            actions={
              <Link to={`/items/new?workflow=${encodeURIComponent(w.id)}`} className="btn btn-secondary">
                Submit an item
              </Link>
            }
          />
          {saved ? <Alert tone="success">Saved as version {saved}. New items follow this version; items already submitted keep theirs.</Alert> : null}
          {editable ? (
            <WorkflowBuilder key={`${w.id}:${w.version}`} workflow={w} users={users.data} groups={groups.data} canList={canDesign} onSaved={onSaved} />
          ) : (
            <>
              <section className="section" aria-labelledby="workflow-picture">
                <h2 id="workflow-picture" className="section-title">
                  Picture
                </h2>
                <div className="panel flow-panel">
                  <WorkflowDiagram steps={w.steps} />
                </div>
              </section>
              <section className="section" aria-labelledby="workflow-steps">
                <h2 id="workflow-steps" className="section-title">
                  Steps
                </h2>
                <WorkflowDetails steps={w.steps} />
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
