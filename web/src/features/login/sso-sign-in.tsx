import { useCallback, useId, useRef, useState } from 'react';
import { describeError } from '../../api/problem.ts';
import { discoverSso, ssoStartUrl, type SsoDiscovery } from '../../api/sso.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useSubmit } from '../../ui/use-submit.ts';

/**
 * The alternative to the password: "Sign in with single sign-on" reveals the organisation
 * field; discovery says whether that organisation offers SSO, and the button then hands the
 * whole page to the server, which redirects to the identity provider.
 */
export function SsoSignIn() {
  const [open, setOpen] = useState(false);
  const [organization, setOrganization] = useState('');
  const [found, setFound] = useState<{ organization: string; discovery: SsoDiscovery }>();
  const asked = useRef(0);
  const panelId = useId();

  const onOrganization = useCallback((value: string) => {
    setOrganization(value);
    setFound(undefined);
  }, []);

  const action = useCallback(async () => {
    const slug = organization.trim();
    const ask = ++asked.current;
    const discovery = await discoverSso(slug);
    if (ask === asked.current) setFound({ organization: slug, discovery });
  }, [organization]);

  const validate = useCallback(() => {
    const errors: Record<string, string> = {};
    if (!organization.trim()) errors['organization'] = 'Enter your organisation.';
    return errors;
  }, [organization]);

  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { organization });
  const current = found && found.organization === organization.trim() ? found : undefined;

  return (
    <div className="sso">
      <div className="sso-divider" aria-hidden="true">
        <span>or</span>
      </div>
      {!open ? (
        // A link, not a button: it is the other way in, and the password form keeps the one "Sign in" button.
        <a
          href={`#${panelId}`}
          className="sso-toggle text-link"
          aria-expanded={false}
          onClick={(e) => {
            e.preventDefault();
            setOpen(true);
          }}
        >
          Sign in with single sign-on
        </a>
      ) : (
        <form id={panelId} className="form sso-form" onSubmit={onSubmit} noValidate aria-label="Single sign-on">
          {error ? (
            <Alert tone="error" title="Could not check single sign-on">
              {describeError(error)}
            </Alert>
          ) : null}
          <TextField
            label="Organisation"
            name="sso-organization"
            value={organization}
            onChange={onOrganization}
            error={fieldErrors['organization']}
            hint="Your organisation's short name, as your administrator gave it."
            required
            autoComplete="organization"
            autoFocus
            autoCapitalize="none"
            spellCheck={false}
          />
          {current?.discovery.enabled ? (
            <a className="btn btn-primary btn-block" href={ssoStartUrl(current.organization)}>
              {current.discovery.buttonLabel ?? 'Continue with SSO'}
            </a>
          ) : (
            <>
              {current ? <Alert tone="info">Single sign-on is not set up for this organisation. Sign in with your email and password instead.</Alert> : null}
              <Button type="submit" variant="secondary" busy={busy} className="btn-block">
                Continue
              </Button>
            </>
          )}
        </form>
      )}
    </div>
  );
}
