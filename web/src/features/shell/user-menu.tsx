import { useEffect, useId, useRef, useState } from 'react';
import type { User } from '../../api/types.ts';
import { Link, navigate } from '../../router.tsx';
import { useSession } from '../session/session-context.tsx';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('') || '?';

/** The account button in the top bar: who you are, in which organisation, your Security page, and sign out. */
export function UserMenu({ user }: { user: User }) {
  const { signOut } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const handleSignOut = async () => {
    setBusy(true);
    try {
      await signOut();
    } finally {
      setBusy(false);
      navigate('/login', { replace: true });
    }
  };

  return (
    <div className="user-menu" ref={ref}>
      <button type="button" className="user-menu-button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-menu-name">{user.name}</span>
        <span className="caret" aria-hidden="true" />
      </button>
      {open ? (
        <div className="user-menu-panel" id={menuId}>
          <div className="user-menu-who">
            <p className="user-menu-fullname">{user.name}</p>
            <p className="user-menu-email">{user.email}</p>
            {user.organization ? <p className="user-menu-org">{user.organization.name}</p> : null}
          </div>
          <Link to="/security" className="user-menu-item" onClick={() => setOpen(false)}>
            Security
          </Link>
          <button type="button" className="user-menu-item" onClick={handleSignOut} disabled={busy}>
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
