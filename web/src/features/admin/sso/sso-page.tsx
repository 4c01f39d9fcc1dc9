// /admin/sso: single sign-on through the organisation's OpenID Connect provider (issue 12 item
// 4: it was API-only). Issuer, client id, the write-only client secret (never shown back: the
// field only says whether one is stored), the button label, whether SSO stands in for the
// local second factor, and "Test the connection", which runs discovery through the server's
// SSRF guard and says which stage failed. The instructions name what people type at sign-in
// (the organisation's short name) and the redirect address to register at the provider.
import { useCallback, useState } from 'react';
import { describeError } from '../../../api/problem.ts';
import {
  saveSsoSettings,
  testSsoConnection,
  type SsoSettingsInput,
  type SsoSettingsView,
  type SsoTestResult,
  type SsoTwoFactor,
} from '../../../api/sso-admin.ts';
import { useQuery } from '@tanstack/react-query';
import { ssoSettingsQuery } from '../../../api/queries.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Checkbox } from '../../../ui/checkbox.tsx';
import { CopyButton } from '../../../ui/copy-button.tsx';
import { TextField } from '../../../ui/field.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { RadioGroup } from '../../../ui/radio-group.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';
import { useStepUp } from '../../security/step-up-dialog.tsx';
import { useCurrentUser } from '../../session/session-context.tsx';

const TWO_FACTOR_OPTIONS: readonly { value: SsoTwoFactor; label: string; hint: string }[] = [
  {
    value: 'local',
    label: 'Always ask for Signoff’s second factor',
    hint: 'The safest choice: people who use 2FA here are asked for it after single sign-on too.',
  },
  {
    value: 'require_idp_mfa',
    label: 'Skip it when the provider did multi-factor',
    hint: 'Only when the provider’s token says it used more than one factor, within the last 10 minutes.',
  },
  {
    value: 'bypass',
    label: 'Skip it for every single sign-on',
    hint: 'Your provider’s sign-in stands in for the second factor. Protected steps still ask for one.',
  },
];

const STAGE_TITLES: Record<'settings' | 'address' | 'discovery', string> = {
  settings: 'Nothing to test yet',
  address: 'Signoff will not connect to this address',
  discovery: 'The provider did not answer as expected',
};

export function SsoPage() {
  const settings = useQuery(ssoSettingsQuery);
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Single sign-on"
        description="Let people sign in with your organisation’s identity provider (OpenID Connect). Accounts are matched, never created."
      />
      <SsoInstructions />
      {settings.error ? (
        <Alert tone="error" title="Single sign-on settings could not be loaded">
          {describeError(settings.error)}
        </Alert>
      ) : null}
      {settings.data ? <SsoForm initial={settings.data} /> : settings.isFetching ? <Loading label="Loading single sign-on…" /> : null}
    </div>
  );
}

function SsoInstructions() {
  const org = useCurrentUser().organization;
  const redirectUri = `${window.location.origin}/api/v1/auth/sso/callback`;
  return (
    <section className="panel settings-section" aria-labelledby="sso-how">
      <div className="settings-section-head">
        <h2 id="sso-how" className="section-title">
          How people sign in
        </h2>
        <p className="muted">
          On the sign-in page they choose <strong>Sign in with single sign-on</strong> and type your organisation’s short name:
        </p>
      </div>
      <dl className="sso-facts">
        <div className="sso-fact">
          <dt>Organisation short name</dt>
          <dd>
            <code className="sso-value">{org?.slug ?? ''}</code> <CopyButton text={org?.slug ?? ''} />
          </dd>
        </div>
        <div className="sso-fact">
          <dt>Redirect address to register at your provider</dt>
          <dd>
            <code className="sso-value">{redirectUri}</code> <CopyButton text={redirectUri} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

function SsoForm({ initial }: { initial: SsoSettingsView }) {
  const [saved, setSaved] = useState(initial);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [issuer, setIssuer] = useState(initial.issuer ?? '');
  const [clientId, setClientId] = useState(initial.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [buttonLabel, setButtonLabel] = useState(initial.buttonLabel ?? '');
  const [twoFactor, setTwoFactor] = useState<SsoTwoFactor>(initial.twoFactor);
  const [notice, setNotice] = useState<string>();
  const [test, setTest] = useState<{ busy: boolean; result?: SsoTestResult; error?: unknown }>({ busy: false });
  const stepUp = useStepUp({ description: 'Changing how your organisation signs in needs a fresh confirmation with one of your second factors.' });

  const validate = useCallback((): Record<string, string> => {
    const errors: Record<string, string> = {};
    if (enabled && !issuer.trim()) errors['issuer'] = 'Enter the issuer URL to turn single sign-on on.';
    if (enabled && !clientId.trim()) errors['clientId'] = 'Enter the client id to turn single sign-on on.';
    if (enabled && !saved.clientSecretSet && !clientSecret) errors['clientSecret'] = 'Enter the client secret to turn single sign-on on.';
    return errors;
  }, [enabled, issuer, clientId, clientSecret, saved.clientSecretSet]);

  const action = useCallback(async () => {
    const input: SsoSettingsInput = {
      enabled,
      twoFactor,
      ...(issuer.trim() ? { issuer: issuer.trim() } : {}),
      ...(clientId.trim() ? { clientId: clientId.trim() } : {}),
      ...(buttonLabel.trim() ? { buttonLabel: buttonLabel.trim() } : {}),
      ...(clientSecret ? { clientSecret } : {}),
    };
    const next = await stepUp.run((proof) => saveSsoSettings(input, proof));
    if (!next) return;
    setSaved(next);
    setClientSecret('');
    setNotice(next.enabled ? 'Single sign-on is on.' : 'Single sign-on settings were saved.');
  }, [enabled, twoFactor, issuer, clientId, buttonLabel, clientSecret, stepUp.run]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { issuer, clientId, clientSecret, buttonLabel, twoFactor, enabled });

  const runTest = async () => {
    setTest({ busy: true });
    try {
      const result = await testSsoConnection({
        ...(issuer.trim() ? { issuer: issuer.trim() } : {}),
        ...(clientId.trim() ? { clientId: clientId.trim() } : {}),
      });
      setTest({ busy: false, result });
    } catch (e) {
      setTest({ busy: false, error: e });
    }
  };
  const edited = () => setNotice(undefined);

  return (
    <section className="panel settings-section" aria-labelledby="sso-provider">
      <div className="settings-section-head">
        <h2 id="sso-provider" className="section-title">
          Identity provider
        </h2>
        <p className="muted">Register Signoff at your provider as a confidential client (authorization code flow), then enter what it gives you.</p>
      </div>
      <form className="form settings-form sso-form" onSubmit={onSubmit} noValidate>
        {error ? (
          <Alert tone="error" title="Single sign-on was not saved">
            {describeError(error)}
          </Alert>
        ) : null}
        <Checkbox
          label="Offer single sign-on on the sign-in page"
          checked={enabled}
          onChange={(v) => {
            setEnabled(v);
            edited();
          }}
        />
        <TextField
          label="Issuer URL"
          value={issuer}
          onChange={(v) => {
            setIssuer(v);
            edited();
          }}
          placeholder="https://login.example.com/realms/acme"
          hint="The provider’s address; Signoff reads its /.well-known/openid-configuration."
          error={fieldErrors['issuer']}
          autoComplete="off"
          inputMode="url"
        />
        <TextField
          label="Client id"
          value={clientId}
          onChange={(v) => {
            setClientId(v);
            edited();
          }}
          error={fieldErrors['clientId']}
          autoComplete="off"
        />
        <TextField
          label="Client secret"
          type="password"
          value={clientSecret}
          onChange={(v) => {
            setClientSecret(v);
            edited();
          }}
          autoComplete="new-password"
          placeholder={saved.clientSecretSet ? 'Stored: leave empty to keep it' : ''}
          error={fieldErrors['clientSecret']}
          hint={
            saved.clientSecretSet
              ? 'A secret is stored, sealed with the server’s key. It is never shown again; type a new one to replace it.'
              : 'Stored sealed with the server’s key and never shown again.'
          }
        />
        <TextField
          label="Button label"
          optional
          value={buttonLabel}
          onChange={(v) => {
            setButtonLabel(v);
            edited();
          }}
          placeholder="Sign in with single sign-on"
          maxLength={60}
        />
        <RadioGroup
          legend="Second factor after single sign-on"
          name="sso-two-factor"
          options={TWO_FACTOR_OPTIONS}
          value={twoFactor}
          onChange={(v) => {
            setTwoFactor(v);
            edited();
          }}
        />
        <div className="sso-test">
          <Button onClick={runTest} busy={test.busy}>
            Test the connection
          </Button>
          <div aria-live="polite">
            {test.error ? (
              <Alert tone="error" title="The test could not run">
                {describeError(test.error)}
              </Alert>
            ) : null}
            {test.result?.ok ? (
              <Alert tone="success" title="Connected">
                {test.result.detail} Sign-ins go to <span className="break-anywhere">{test.result.authorizationEndpoint ?? 'the provider'}</span>.
              </Alert>
            ) : test.result ? (
              <Alert tone="error" title={STAGE_TITLES[test.result.stage]}>
                {test.result.detail}
              </Alert>
            ) : null}
          </div>
        </div>
        <div className="form-actions settings-actions">
          <p className={notice ? 'form-status' : 'form-status form-status-muted'} role="status">
            {notice ?? ''}
          </p>
          <Button type="submit" variant="primary" busy={busy}>
            Save single sign-on
          </Button>
        </div>
      </form>
      {stepUp.dialog}
    </section>
  );
}
