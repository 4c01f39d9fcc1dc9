// /tasks: the items waiting for the signed-in reviewer's decision, oldest first.
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../api/problem.ts';
import { tasksQuery } from '../../api/queries.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { TasksTable } from './tasks-table.tsx';

export function TasksPage() {
  const tasks = useQuery(tasksQuery);
  return (
    <div className="page">
      <PageHeader
        title="Tasks"
        description="Items waiting for your decision. Steps marked 2FA ask for your second factor when you approve or reject."
        actions={
          <Button onClick={() => void tasks.refetch()} busy={tasks.isFetching && !!tasks.data}>
            Refresh
          </Button>
        }
      />
      {tasks.error ? (
        <Alert tone="error" title="Tasks could not be loaded">
          {describeError(tasks.error)}
        </Alert>
      ) : null}
      {tasks.isPending ? (
        <Loading label="Loading your tasks…" />
      ) : tasks.data?.tasks.length ? (
        <TasksTable tasks={tasks.data.tasks} />
      ) : tasks.data ? (
        <div className="panel">
          <EmptyState title="Nothing waiting for you">Tasks appear here when an item reaches a step where you are a reviewer.</EmptyState>
        </div>
      ) : null}
    </div>
  );
}
