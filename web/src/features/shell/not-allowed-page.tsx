import type { ReactNode } from 'react';
import { Link } from '../../router.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';

export function NotAllowedPage({ children }: { children?: ReactNode }) {
  return (
    <div className="page">
      <EmptyState
        level={1}
        title="You don't have access to this page"
        action={
          <Link to="/" className="btn btn-secondary">
            Go to home
          </Link>
        }
      >
        {children ?? 'This area is for administrators of your organisation. If you need access, ask one of them to give you the admin role.'}
      </EmptyState>
    </div>
  );
}
