import { Link, useLocation } from '../../router.tsx';
import { ADMIN_NAV, MAIN_NAV, isCurrent, type NavItem } from './nav-items.ts';

function NavList({ items, pathname }: { items: readonly NavItem[]; pathname: string }) {
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.to}>
          <Link to={item.to} className="nav-link" aria-current={isCurrent(item.to, pathname) ? 'page' : undefined}>
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function SideNav({ showAdmin }: { showAdmin: boolean }) {
  const { pathname } = useLocation();
  return (
    <nav className="side-nav" aria-label="Main">
      <NavList items={MAIN_NAV} pathname={pathname} />
      {showAdmin ? (
        <>
          <p className="nav-heading" id="nav-admin">Administration</p>
          <NavList items={ADMIN_NAV} pathname={pathname} />
        </>
      ) : null}
    </nav>
  );
}
