import type { ReactNode } from 'react';
import type { User } from '../../api/types.ts';
import { isAdmin } from '../session/session-context.tsx';
import { Brand } from './brand.tsx';
import { SideNav } from './side-nav.tsx';
import { UserMenu } from './user-menu.tsx';

/** The frame of every signed-in page: top bar, navigation, an optional notice, and the page itself. */
export function AppShell({ user, notice, children }: { user: User; notice?: ReactNode; children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Brand />
        {user.organization ? <span className="topbar-org">{user.organization.name}</span> : null}
        <div className="topbar-spacer" />
        <UserMenu user={user} />
      </header>
      <div className="shell-body">
        <SideNav showAdmin={isAdmin(user)} />
        <main id="main" className="main" tabIndex={-1}>
          {notice}
          {children}
        </main>
      </div>
    </div>
  );
}
