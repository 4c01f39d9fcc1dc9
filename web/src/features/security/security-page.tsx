// /security: the signed-in user's second factors, backup codes and trusted devices. Every
// change to factors goes through useStepUp (a fresh proof from an existing factor).
import { useCallback, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { forgetAllTrustedDevices, forgetTrustedDevice, regenerateBackupCodes, removeFactor, startTotp } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import type { Activated, Factor, Proof, TotpStart } from '../../api/types.ts';
import { myFactorsQuery, queryKeys } from '../../api/queries.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { Link, useLocation } from '../../router.tsx';
import { useCurrentUser, useSession } from '../session/session-context.tsx';
import { BackupCodesView } from './backup-codes-view.tsx';
import { describeDevice } from './describe-device.ts';
import { EmailSetup } from './email-setup.tsx';
import { NotEnabledNotice } from './not-enabled-notice.tsx';
import { OutOfOfficeCard } from './out-of-office-card.tsx';
import { PasskeySetup } from './passkey-setup.tsx';
import { returnPathOf } from './return-to.ts';
import { useStepUp } from './step-up-dialog.tsx';
import { TotpSetup } from './totp-setup.tsx';

type Open =
  | { kind: 'closed' }
  | { kind: 'totp'; start: TotpStart }
  | { kind: 'email' }
  | { kind: 'passkey' }
  | { kind: 'codes'; codes: string[]; first: boolean }
  | { kind: 'remove'; factor: Factor };

const TITLES: Record<Open['kind'], string> = {
  closed: '',
  totp: 'Set up your authenticator app',
  email: 'Add an email address',
  passkey: 'Add a passkey',
  codes: 'Your backup codes',
  remove: 'Remove this factor?',
};

export function SecurityPage() {
  const me = useCurrentUser();
  // `reload`: the session's `enforcement.enrolled` changes with a first or last factor (the soft
  // enforcement prompt depends on it).
  const { rotated, reload: reloadSession, status } = useSession();
  // Admin-controlled enrollment, not added: say who manages 2FA (and offer to notify them) at once.
  const canEnroll = status.kind !== 'signed-in' || status.session.enforcement.canEnroll;
  const factors = useQuery(myFactorsQuery);
  const queryClient = useQueryClient();
  // Items and tasks say what this user may do now (a step needing 2FA is open to them only with
  // a factor): forget them, so no page shows a verdict from before the change.
  const factorsChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.myFactors });
    queryClient.removeQueries({ queryKey: queryKeys.items });
    queryClient.removeQueries({ queryKey: queryKeys.tasks });
  }, [queryClient]);
  const stepUp = useStepUp();
  const [open, setOpen] = useState<Open>({ kind: 'closed' });
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notEnabled, setNotEnabled] = useState(false);
  const [busy, setBusy] = useState<string>();
  const returnTo = returnPathOf(useLocation().search);

  /** Step-up, plus the admin-controlled refusal turned into the informational page. */
  const run = useCallback(async <T,>(call: (proof?: Proof) => Promise<T>): Promise<T | undefined> => {
    try {
      return await stepUp.run(call);
    } catch (e) {
      if (isApiProblem(e) && e.code === 'two_factor_not_enabled_for_account') {
        setOpen({ kind: 'closed' });
        setNotEnabled(true);
        return undefined;
      }
      throw e;
    }
  }, [stepUp.run]);

  /** Runs a page-level action: busy flag on its button, errors in the page alert. */
  const act = async (key: string, work: () => Promise<void>) => {
    setBusy(key);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const close = () => setOpen({ kind: 'closed' });

  const onActivated = useCallback((r: Activated, what: string) => {
    rotated(r.csrfToken);
    factorsChanged();
    reloadSession();
    setNotice(`${what} was added. You will use it the next time you sign in.`);
    if (r.backupCodes?.length) setOpen({ kind: 'codes', codes: r.backupCodes, first: true });
    else setOpen({ kind: 'closed' });
  }, [rotated, factorsChanged, reloadSession]);

  const setUpTotp = () => act('totp', async () => {
    const start = await run((proof) => startTotp(proof));
    if (start) setOpen({ kind: 'totp', start });
  });

  const newCodes = () => act('codes', async () => {
    const r = await run((proof) => regenerateBackupCodes(proof));
    if (r) {
      factorsChanged();
      setOpen({ kind: 'codes', codes: r.codes, first: false });
    }
  });

  const remove = (factor: Factor) => act('remove', async () => {
    const done = await run(async (proof) => { await removeFactor(factor.id, proof); return true; });
    close();
    if (done) {
      factorsChanged();
      reloadSession();
      setNotice(`${factor.label} was removed.`);
    }
  });

  if (notEnabled || !canEnroll) {
    return (
      <div className="page">
        <PageHeader title="Security" />
        <NotEnabledNotice />
      </div>
    );
  }

  const data = factors.data;
  const list = data?.factors ?? [];
  const ofType = (t: string) => list.filter((f) => f.type === t);
  const totp = ofType('totp').find((f) => f.status === 'active');
  // GET /me/factors lists the factors that make one enrolled (backup codes only back them up and are counted apart).
  const enrolled = list.some((f) => f.status === 'active');

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Security"
        description="Two-factor authentication asks for something only you have, after your password, so a stolen password is not enough to sign in."
      />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {notice && returnTo && data?.factors.some((f) => f.status === 'active') ? (
        <p><Link className="btn btn-primary" to={returnTo}>Back to your decision</Link></p>
      ) : null}
      {error ? <Alert tone="error" title="That did not work">{describeError(error)}</Alert> : null}
      {factors.error ? <Alert tone="error" title="Your security settings could not be loaded">{describeError(factors.error)}</Alert> : null}

      {!data ? (
        factors.isFetching ? <Loading label="Loading your security settings…" /> : null
      ) : (
        <>
          <div className={`status-banner ${enrolled ? 'status-on' : 'status-off'}`} role="status">
            <span className="status-dot" aria-hidden="true" />
            <div>
              <p className="status-title">Two-factor authentication is {enrolled ? 'on' : 'off'}</p>
              <p className="muted">
                {enrolled
                  ? 'You are asked for a second factor when you sign in, and again when a decision needs it.'
                  : 'Set up an authenticator app (recommended), a passkey or an email address below.'}
              </p>
            </div>
          </div>

          <SecurityCard
            id="authenticator-app"
            title="Authenticator app"
            text="Six-digit codes from an app on your phone. Works without a network connection."
            action={<Button variant={totp ? 'secondary' : 'primary'} busy={busy === 'totp'} onClick={setUpTotp}>{totp ? 'Replace' : 'Set up'}</Button>}
          >
            {totp ? <FactorRows factors={[totp]} onRemove={(f) => setOpen({ kind: 'remove', factor: f })} /> : null}
          </SecurityCard>

          <SecurityCard
            id="passkeys"
            title="Passkeys and security keys"
            text="Confirm with your fingerprint, face, screen lock or a hardware key. Nothing to type."
            action={<Button onClick={() => { setNotice(undefined); setOpen({ kind: 'passkey' }); }}>Add a passkey</Button>}
          >
            {ofType('webauthn').length ? <FactorRows factors={ofType('webauthn')} onRemove={(f) => setOpen({ kind: 'remove', factor: f })} /> : null}
          </SecurityCard>

          <SecurityCard
            id="email-codes"
            title="Email codes"
            text="A one-time code sent to your account email or to a backup address."
            action={<Button onClick={() => { setNotice(undefined); setOpen({ kind: 'email' }); }}>Add an email address</Button>}
          >
            {ofType('email').length ? <FactorRows factors={ofType('email')} onRemove={(f) => setOpen({ kind: 'remove', factor: f })} /> : null}
          </SecurityCard>

          <SecurityCard
            id="backup-codes"
            title="Backup codes"
            text="Ten single-use codes for when your phone or key is not at hand. Generating new ones voids the old set."
            action={enrolled ? <Button busy={busy === 'codes'} onClick={newCodes}>Generate new codes</Button> : undefined}
          >
            <p className="card-detail">
              {!enrolled
                ? 'You receive backup codes with your first second factor.'
                : data.backupCodesRemaining === 0
                  ? <><Badge tone="danger">None left</Badge> Generate new codes now.</>
                  : <><Badge tone={data.backupCodesRemaining <= 3 ? 'warning' : 'success'}>{data.backupCodesRemaining} of 10 left</Badge></>}
            </p>
          </SecurityCard>

          <TrustedDevices
            devices={data.trustedDevices}
            busy={busy}
            onForget={(id) => act(`device:${id}`, async () => { await forgetTrustedDevice(id); factorsChanged(); setNotice('That device will be asked for a second factor again.'); })}
            onForgetAll={() => act('devices', async () => { await forgetAllTrustedDevices(); factorsChanged(); setNotice('Every device will be asked for a second factor again.'); })}
          />

          <OutOfOfficeCard />
        </>
      )}

      <Dialog open={open.kind !== 'closed'} onClose={close} dismissible={open.kind !== 'codes'} title={TITLES[open.kind]} size={open.kind === 'totp' ? 'lg' : 'md'}>
        {open.kind === 'totp' ? (
          <TotpSetup start={open.start} onActivated={(r) => onActivated(r, 'Your authenticator app')} onCancel={close} />
        ) : open.kind === 'email' ? (
          <EmailSetup defaultEmail={me.email} run={run} onActivated={(r) => onActivated(r, 'The email address')} onCancel={close} />
        ) : open.kind === 'passkey' ? (
          <PasskeySetup run={run} onActivated={(r) => onActivated(r, 'Your passkey')} onCancel={close} />
        ) : open.kind === 'codes' ? (
          <BackupCodesView codes={open.codes} who={me.email} onDone={close} />
        ) : open.kind === 'remove' ? (
          <div className="form">
            <p>
              <strong>{open.factor.label}</strong> will no longer work for signing in or confirming decisions.
              {enrolled && list.filter((f) => f.status === 'active').length === 1
                ? ' It is your only second factor: your backup codes go with it, and two-factor authentication is turned off.'
                : ''}
            </p>
            <div className="form-actions">
              <Button onClick={close}>Cancel</Button>
              <Button variant="danger" busy={busy === 'remove'} onClick={() => remove(open.factor)}>Remove</Button>
            </div>
          </div>
        ) : null}
      </Dialog>
      {stepUp.dialog}
    </div>
  );
}

function SecurityCard({ id, title, text, action, children }: { id: string; title: string; text: string; action?: ReactNode; children?: ReactNode }) {
  return (
    <section className="panel security-card" aria-labelledby={`${id}-title`}>
      <div className="security-card-head">
        <div>
          <h2 id={`${id}-title`} className="section-title">{title}</h2>
          <p className="muted">{text}</p>
        </div>
        {action ? <div className="security-card-action">{action}</div> : null}
      </div>
      {children}
    </section>
  );
}

function FactorRows({ factors, onRemove }: { factors: Factor[]; onRemove: (f: Factor) => void }) {
  return (
    <ul className="factor-list">
      {factors.map((f) => (
        <li key={f.id} className="factor-row">
          <div>
            <span className="cell-primary">{f.label} {f.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Not confirmed</Badge>}</span>
            <span className="cell-secondary">Added {formatDateTime(f.createdAt)} · {f.lastUsedAt ? `Last used ${formatDateTime(f.lastUsedAt)}` : 'Not used yet'}</span>
          </div>
          <Button size="sm" variant="ghost" onClick={() => onRemove(f)} aria-label={`Remove ${f.label}`}>Remove</Button>
        </li>
      ))}
    </ul>
  );
}

type Device = { id: string; label: string; createdAt: string; expiresAt: string; lastUsedAt: string | null };

function TrustedDevices({ devices, busy, onForget, onForgetAll }: { devices: Device[]; busy: string | undefined; onForget: (id: string) => void; onForgetAll: () => void }) {
  return (
    <SecurityCard
      id="trusted-devices"
      title="Trusted devices"
      text="Browsers where you chose to skip the sign-in code for a while. Decisions still ask for your second factor."
      action={devices.length > 1 ? <Button busy={busy === 'devices'} onClick={onForgetAll}>Stop trusting all</Button> : undefined}
    >
      {devices.length === 0 ? (
        <EmptyState level={3} title="No trusted devices">When you sign in, tick “Trust this device” to skip the code on that browser.</EmptyState>
      ) : (
        <ul className="factor-list">
          {devices.map((d) => (
            <li key={d.id} className="factor-row">
              <div>
                <span className="cell-primary" title={d.label}>{describeDevice(d.label)}</span>
                <span className="cell-secondary">
                  Trusted {formatDateTime(d.createdAt)} · until {formatDateTime(d.expiresAt)}{d.lastUsedAt ? ` · last used ${formatDateTime(d.lastUsedAt)}` : ''}
                </span>
              </div>
              <Button size="sm" variant="ghost" busy={busy === `device:${d.id}`} onClick={() => onForget(d.id)} aria-label={`Stop trusting ${describeDevice(d.label)}`}>Stop trusting</Button>
            </li>
          ))}
        </ul>
      )}
    </SecurityCard>
  );
}
