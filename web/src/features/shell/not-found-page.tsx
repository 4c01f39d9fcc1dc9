import { Link } from '../../router.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState
        level={1}
        title="Page not found"
        action={
          <Link to="/" className="btn btn-secondary">
            Go to home
          </Link>
        }
      >
        The address may be mistyped, or the page may have moved.
      </EmptyState>
    </div>
  );
}
