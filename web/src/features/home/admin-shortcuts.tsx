import { Link } from '../../router.tsx';

const SHORTCUTS = [
  { to: '/admin/users', title: 'Users', text: 'Invite people, set their user type, roles and groups, or deactivate them.' },
  { to: '/admin/groups', title: 'Groups', text: 'Group reviewers so workflow steps can name a team instead of people.' },
  { to: '/admin/two-factor', title: 'Two-factor authentication', text: 'See who is pending or active, add users to 2FA, revoke lost factors.' },
  { to: '/admin/settings', title: 'Settings', text: 'Enrollment mode, 2FA at sign-in, trusted devices and recovery.' },
  { to: '/admin/audit', title: 'Audit trail', text: 'Every sign-in and change, hash-chained. Verify the chain at any time.' },
  { to: '/admin/mailbox', title: 'Mailbox', text: 'Messages Signoff has sent, kept locally while no SMTP server is configured.' },
];

export function AdminShortcuts() {
  return (
    <section className="section" aria-labelledby="admin-shortcuts">
      <h2 id="admin-shortcuts" className="section-title">
        Administration
      </h2>
      <ul className="card-grid">
        {SHORTCUTS.map((s) => (
          <li key={s.to}>
            <Link to={s.to} className="link-card">
              <span className="link-card-title">{s.title}</span>
              <span className="link-card-text">{s.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
