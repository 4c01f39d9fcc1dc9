export type NavItem = { to: string; label: string };

export const MAIN_NAV: readonly NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/items', label: 'Items' },
  { to: '/workflows', label: 'Workflows' },
  { to: '/security', label: 'Security' },
];

export const ADMIN_NAV: readonly NavItem[] = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/groups', label: 'Groups' },
  { to: '/admin/two-factor', label: 'Two-factor' },
  { to: '/admin/settings', label: 'Settings' },
  { to: '/admin/sso', label: 'Single sign-on' },
  { to: '/admin/audit', label: 'Audit trail' },
  { to: '/admin/mailbox', label: 'Mailbox' },
];

export const isCurrent = (to: string, pathname: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
