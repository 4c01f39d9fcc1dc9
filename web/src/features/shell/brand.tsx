import { Link } from '../../router.tsx';

export function Brand({ to = '/' }: { to?: string }) {
  return (
    <Link to={to} className="brand">
      <span className="brand-mark" aria-hidden="true" />
      <span className="brand-name">Signoff</span>
    </Link>
  );
}
