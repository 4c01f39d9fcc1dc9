// The signed-in pages: path pattern, document title, who may see it, and what it renders.
// Every page is its own chunk, loaded when first shown: a guest opening an invite, or someone
// signing in, does not download the signed-in app. A page opened by its address (a link in an
// email, a reload) has its chunk fetched while the session is read (app.tsx calls `preload`),
// so someone signed out who opens one downloads that page's chunk and no other.
// Not React.lazy: a page that suspends is revealed no sooner than 300 ms after its "Loading…"
// fallback (React's throttle), a third of a second on every page opened by its address.
import { createElement, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Alert } from './ui/alert.tsx';
import { Loading } from './ui/loading.tsx';

/** A page component whose chunk can be fetched ahead. */
type Page<P> = ComponentType<P> & { preload(): void };

/** A named export of a chunk as a page: "Loading…" until the chunk is in, then the page at once. */
function page<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K): Page<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  // One fetch at a time; a failed one is not kept, so showing the page again asks the browser again.
  const fetchChunk = () =>
    (pending ??= load().then(
      (chunk) => (loaded = chunk[name]),
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    ));
  function Shown(props: P) {
    const [component, setComponent] = useState(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (component) return;
      let mounted = true;
      fetchChunk().then(
        (c) => mounted && setComponent(() => c),
        () => mounted && setFailed(true),
      );
      return () => {
        mounted = false;
      };
    }, [component]);
    if (failed) return <Alert tone="error">This page could not be loaded. Check your connection and reload the page.</Alert>;
    return component ? createElement(component, props) : <Loading label="Loading…" />;
  }
  return Object.assign(Shown, { preload: () => void fetchChunk().catch(() => undefined) });
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
  /** The page `render` shows, whose chunk app.tsx fetches ahead. */
  page: { preload(): void };
  render: (params: Record<string, string>) => ReactNode;
};

export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/', title: 'Home', page: HomePage, render: () => <HomePage /> },
  { path: '/tasks', title: 'Tasks', page: TasksPage, render: () => <TasksPage /> },
  { path: '/items', title: 'Items', page: ItemsPage, render: () => <ItemsPage /> },
  { path: '/items/new', title: 'New item', page: NewItemPage, render: () => <NewItemPage /> },
  { path: '/items/:id', title: 'Item', page: ItemPage, render: (p) => <ItemPage key={p['id']} itemId={p['id'] ?? ''} /> },
  { path: '/workflows', title: 'Workflows', page: WorkflowsPage, render: () => <WorkflowsPage /> },
  { path: '/workflows/new', title: 'New workflow', page: WorkflowPage, render: () => <WorkflowPage key="new" /> },
  { path: '/workflows/:id', title: 'Workflow', page: WorkflowPage, render: (p) => <WorkflowPage key={p['id']} workflowId={p['id']} /> },
  { path: '/security', title: 'Security', page: SecurityPage, render: () => <SecurityPage /> },
  { path: '/admin/users', title: 'Users', adminOnly: true, page: UsersPage, render: () => <UsersPage /> },
  { path: '/admin/groups', title: 'Groups', adminOnly: true, page: GroupsPage, render: () => <GroupsPage /> },
  { path: '/admin/two-factor', title: 'Two-factor authentication', adminOnly: true, page: TwoFactorPage, render: () => <TwoFactorPage /> },
  { path: '/admin/settings', title: 'Settings', adminOnly: true, page: SettingsPage, render: () => <SettingsPage /> },
  { path: '/admin/sso', title: 'Single sign-on', adminOnly: true, page: SsoPage, render: () => <SsoPage /> },
  { path: '/admin/audit', title: 'Audit trail', adminOnly: true, page: AuditPage, render: () => <AuditPage /> },
  { path: '/admin/mailbox', title: 'Mailbox', adminOnly: true, page: MailboxPage, render: () => <MailboxPage /> },
  { path: '/admin/mailbox/:id', title: 'Mailbox', adminOnly: true, page: MailboxPage, render: (p) => <MailboxPage messageId={p['id']} /> },
];

/** A guest reviewer's invite link: public, and shown the same whether or not someone is signed in. */
export const GUEST_PATH = '/guest/:token';

/** Verify evidence: public, the same for everyone. */
export const VERIFY_PATH = '/verify';
