// The organisation's name and the short name people type to sign in with single sign-on (it
// was shown nowhere: issue 12 item 4), with where SSO is set up.
import { Link } from '../../../router.tsx';
import { CopyButton } from '../../../ui/copy-button.tsx';
import { useCurrentUser } from '../../session/session-context.tsx';

export function OrganizationSection() {
  const org = useCurrentUser().organization;
  if (!org) return null;
  return (
    <section className="panel settings-section" aria-labelledby="organization-facts">
      <div className="settings-section-head">
        <h2 id="organization-facts" className="section-title">
          Organisation
        </h2>
        <p className="muted">
          People type the short name when they sign in with <Link to="/admin/sso">single sign-on</Link>, or when their email has accounts in several
          organisations.
        </p>
      </div>
      <dl className="sso-facts">
        <div className="sso-fact">
          <dt>Name</dt>
          <dd>{org.name}</dd>
        </div>
        <div className="sso-fact">
          <dt>Short name</dt>
          <dd>
            <code className="sso-value">{org.slug}</code> <CopyButton text={org.slug} />
          </dd>
        </div>
      </dl>
    </section>
  );
}
