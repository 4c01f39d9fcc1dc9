import { EmptyState } from '../../ui/empty-state.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { isAdmin, useCurrentUser } from '../session/session-context.tsx';
import { AdminShortcuts } from './admin-shortcuts.tsx';
import { greeting } from './greeting.ts';

export function HomePage() {
  const user = useCurrentUser();
  return (
    <div className="page">
      <PageHeader
        title={greeting(new Date(), user.name)}
        description={user.organization ? `You are signed in to ${user.organization.name}.` : undefined}
      />
      <section className="section" aria-labelledby="your-tasks">
        <h2 id="your-tasks" className="section-title">Your tasks</h2>
        <div className="panel">
          <EmptyState level={3} title="Nothing waiting for you">
            Approval tasks will appear here when an item reaches a step where you are a reviewer.
          </EmptyState>
        </div>
      </section>
      {isAdmin(user) ? <AdminShortcuts /> : null}
    </div>
  );
}
