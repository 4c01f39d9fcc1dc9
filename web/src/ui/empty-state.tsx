import type { ReactNode } from 'react';

/** `level` keeps the outline right: 1 when the empty state is the whole page, else 2 or 3. */
export function EmptyState({ title, children, action, level = 2 }: { title: string; children?: ReactNode; action?: ReactNode; level?: 1 | 2 | 3 }) {
  const Heading = `h${level}` as const;
  return (
    <div className="empty-state">
      <div className="empty-icon" aria-hidden="true" />
      <Heading className="empty-title">{title}</Heading>
      {children ? <p className="empty-text">{children}</p> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}
