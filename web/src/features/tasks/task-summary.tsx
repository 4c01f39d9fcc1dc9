// The home page's "Your tasks": the first few open tasks, and a link to all of them.
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../api/problem.ts';
import { tasksQuery } from '../../api/queries.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { TasksTable } from './tasks-table.tsx';

const SHOWN = 5;

export function TaskSummary() {
  const tasks = useQuery(tasksQuery);
  const list = tasks.data?.tasks ?? [];
  return (
    <section className="section" aria-labelledby="your-tasks">
      <div className="section-head-row">
        <h2 id="your-tasks" className="section-title">
          Your tasks
        </h2>
        {list.length ? (
          <Link to="/tasks" className="text-link">
            All tasks ({list.length}
            {tasks.data?.nextBefore ? '+' : ''})
          </Link>
        ) : null}
      </div>
      {tasks.error ? <Alert tone="error">{describeError(tasks.error)}</Alert> : null}
      {tasks.isPending ? (
        <Loading label="Loading your tasks…" />
      ) : list.length ? (
        <TasksTable tasks={list.slice(0, SHOWN)} />
      ) : tasks.data ? (
        <div className="panel">
          <EmptyState level={3} title="Nothing waiting for you">
            Approval tasks will appear here when an item reaches a step where you are a reviewer.
          </EmptyState>
        </div>
      ) : null}
    </section>
  );
}
