import { EmptyState } from '../../ui/empty-state.tsx';
import { NotifyAdminsButton } from './notify-admins.tsx';

/** Admin-controlled organisations: only an administrator adds people to 2FA (docs/guide.md §3). */
export function NotEnabledNotice({ level = 2 }: { level?: 1 | 2 | 3 }) {
  return (
    <div className="panel">
      <EmptyState level={level} title="Your administrator manages two-factor authentication" action={<NotifyAdminsButton />}>
        In your organisation, administrators decide who uses two-factor authentication, and it has not been turned on for your account yet. To use it, ask them:
        once an administrator adds you, you can set it up here.
      </EmptyState>
    </div>
  );
}
