import { PageHeader } from '../../ui/page-header.tsx';
import { isAdmin, useCurrentUser } from '../session/session-context.tsx';
import { TaskSummary } from '../tasks/task-summary.tsx';
import { AdminShortcuts } from './admin-shortcuts.tsx';
import { FirstRunChecklist } from './first-run-checklist.tsx';
import { greeting } from './greeting.ts';

export function HomePage() {
  const user = useCurrentUser();
  return (
    <div className="page">
      <PageHeader title={greeting(new Date(), user.name)} description={user.organization ? `You are signed in to ${user.organization.name}.` : undefined} />
      {isAdmin(user) ? <FirstRunChecklist userId={user.id} /> : null}
      <TaskSummary />
      {isAdmin(user) ? <AdminShortcuts /> : null}
    </div>
  );
}
