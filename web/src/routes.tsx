// The signed-in pages: path pattern, document title, who may see it, and what it renders.
// Every page is its own chunk, loaded when first shown (app.tsx wraps them in Suspense): a guest
// opening an invite, or someone signing in, does not download the signed-in app.
import { lazy, type ComponentType, type ReactNode } from 'react';

/** React.lazy for a named export. */
function page<K extends string, P>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const AuditPage = page(() => import('./features/audit/audit-page.tsx'), 'AuditPage');
const GroupsPage = page(() => import('./features/admin/groups/groups-page.tsx'), 'GroupsPage');
const UsersPage = page(() => import('./features/admin/users/users-page.tsx'), 'UsersPage');
const HomePage = page(() => import('./features/home/home-page.tsx'), 'HomePage');
const ItemPage = page(() => import('./features/items/item-page.tsx'), 'ItemPage');
const ItemsPage = page(() => import('./features/items/items-page.tsx'), 'ItemsPage');
const NewItemPage = page(() => import('./features/items/new-item-page.tsx'), 'NewItemPage');
const TasksPage = page(() => import('./features/tasks/tasks-page.tsx'), 'TasksPage');
const WorkflowPage = page(() => import('./features/workflows/workflow-page.tsx'), 'WorkflowPage');
const WorkflowsPage = page(() => import('./features/workflows/workflows-page.tsx'), 'WorkflowsPage');
const MailboxPage = page(() => import('./features/mailbox/mailbox-page.tsx'), 'MailboxPage');
const SettingsPage = page(() => import('./features/admin/settings/settings-page.tsx'), 'SettingsPage');
const SsoPage = page(() => import('./features/admin/sso/sso-page.tsx'), 'SsoPage');
const TwoFactorPage = page(() => import('./features/admin/two-factor/two-factor-page.tsx'), 'TwoFactorPage');
const SecurityPage = page(() => import('./features/security/security-page.tsx'), 'SecurityPage');

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

/** A guest reviewer's invite link: public, and shown the same whether or not someone is signed in. */
export const GUEST_PATH = '/guest/:token';

/** Verify evidence: public, the same for everyone. */
export const VERIFY_PATH = '/verify';
