// The signed-in pages: path pattern, document title, who may see it, and what it renders.
import type { ReactNode } from 'react';
import { AuditPage } from './features/audit/audit-page.tsx';
import { GroupsPage } from './features/admin/groups/groups-page.tsx';
import { UsersPage } from './features/admin/users/users-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { ItemPage } from './features/items/item-page.tsx';
import { ItemsPage } from './features/items/items-page.tsx';
import { NewItemPage } from './features/items/new-item-page.tsx';
import { TasksPage } from './features/tasks/tasks-page.tsx';
import { WorkflowPage } from './features/workflows/workflow-page.tsx';
import { WorkflowsPage } from './features/workflows/workflows-page.tsx';
import { MailboxPage } from './features/mailbox/mailbox-page.tsx';
import { SettingsPage } from './features/admin/settings/settings-page.tsx';
import { SsoPage } from './features/admin/sso/sso-page.tsx';
import { TwoFactorPage } from './features/admin/two-factor/two-factor-page.tsx';
import { SecurityPage } from './features/security/security-page.tsx';

export type AppRoute = {
  path: string;
  title: string;
  adminOnly?: boolean;
  render: (params: Record<string, string>) => ReactNode;
};

export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/', title: 'Home', render: () => <HomePage /> },
  { path: '/tasks', title: 'Tasks', render: () => <TasksPage /> },
  { path: '/items', title: 'Items', render: () => <ItemsPage /> },
  { path: '/items/new', title: 'New item', render: () => <NewItemPage /> },
  { path: '/items/:id', title: 'Item', render: (p) => <ItemPage key={p['id']} itemId={p['id'] ?? ''} /> },
  { path: '/workflows', title: 'Workflows', render: () => <WorkflowsPage /> },
  { path: '/workflows/new', title: 'New workflow', render: () => <WorkflowPage key="new" /> },
  { path: '/workflows/:id', title: 'Workflow', render: (p) => <WorkflowPage key={p['id']} workflowId={p['id']} /> },
  { path: '/security', title: 'Security', render: () => <SecurityPage /> },
  { path: '/admin/users', title: 'Users', adminOnly: true, render: () => <UsersPage /> },
  { path: '/admin/groups', title: 'Groups', adminOnly: true, render: () => <GroupsPage /> },
  { path: '/admin/two-factor', title: 'Two-factor authentication', adminOnly: true, render: () => <TwoFactorPage /> },
  { path: '/admin/settings', title: 'Settings', adminOnly: true, render: () => <SettingsPage /> },
  { path: '/admin/sso', title: 'Single sign-on', adminOnly: true, render: () => <SsoPage /> },
  { path: '/admin/audit', title: 'Audit trail', adminOnly: true, render: () => <AuditPage /> },
  { path: '/admin/mailbox', title: 'Mailbox', adminOnly: true, render: () => <MailboxPage /> },
  { path: '/admin/mailbox/:id', title: 'Mailbox', adminOnly: true, render: (p) => <MailboxPage messageId={p['id']} /> },
];

/** Pages for people who are not signed in. */
export const PUBLIC_PATHS = ['/login', '/forgot-password', '/reset-password', '/recover-2fa'] as const;

/** A guest reviewer's invite link: public, and shown the same whether or not someone is signed in. */
export const GUEST_PATH = '/guest/:token';

/** Verify evidence: public, the same for everyone. */
export const VERIFY_PATH = '/verify';
