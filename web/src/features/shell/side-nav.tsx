// The main navigation. On a desktop, a column of every page. On a phone (≤ 720 px, CSS), a
// strip under the top bar that scrolls sideways with the current page scrolled into view,
// and a "Menu" button that opens the full list (issue 12 item 8: where you are, and what else
// there is), closing again on a choice, on Escape and on every page change.
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
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

/** Scrolls a sideways strip so that its current link is in view (a no-op when nothing overflows). */
function useCurrentInView(strip: RefObject<HTMLDivElement | null>, pathname: string) {
  useEffect(() => {
    const el = strip.current;
    const current = el?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!el || !current || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = current.offsetLeft - (el.clientWidth - current.offsetWidth) / 2;
  }, [strip, pathname]);
}

export function SideNav({ showAdmin }: { showAdmin: boolean }) {
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const listsId = useId();
  const strip = useRef<HTMLDivElement>(null);
  useCurrentInView(strip, pathname);

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <nav className="side-nav" aria-label="Main" data-open={open ? 'true' : undefined}>
      <div className="nav-lists" id={listsId} ref={strip}>
        <NavList items={MAIN_NAV} pathname={pathname} />
        {showAdmin ? (
          <>
            <p className="nav-heading" id="nav-admin">
              Administration
            </p>
            <NavList items={ADMIN_NAV} pathname={pathname} />
          </>
        ) : null}
      </div>
      <button type="button" className="nav-menu-button" aria-expanded={open} aria-controls={listsId} onClick={() => setOpen((o) => !o)}>
        <span className="nav-menu-icon" aria-hidden="true" />
        {open ? 'Close' : 'Menu'}
      </button>
    </nav>
  );
}
