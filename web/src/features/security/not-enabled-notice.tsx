import { EmptyState } from '../../ui/empty-state.tsx';

/** Admin-controlled organisations: only an administrator adds people to 2FA (PRODUCT §3). */
export function NotEnabledNotice({ level = 2 }: { level?: 1 | 2 | 3 }) {
  return (
    <div className="panel">
      <EmptyState level={level} title="Your administrator manages two-factor authentication">
        In your organisation, administrators decide who uses two-factor authentication, and it has not been turned on
        for your account. There is nothing you need to do. When an administrator adds you, you can set it up here.
      </EmptyState>
    </div>
  );
}
