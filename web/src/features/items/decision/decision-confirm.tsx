// Screen two of a protected decision: the chosen decision and comment stay in view while the
// reviewer proves it is them (second factor) and, on e-signature steps, signs (password, or a
// new sign-in at the organisation's identity provider, and meaning). A refusal keeps this
// screen: a wrong code clears the field and says so; too many attempts shows the wait. Nothing
// is recorded until the server accepts the whole decision.
import { useState, type FormEvent } from 'react';
import { decide, openDecisionChallenge } from '../../../api/items.ts';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import { useQuery } from '@tanstack/react-query';
import { ssoDiscoveryQuery } from '../../../api/queries.ts';
import { ssoReauthenticateUrl } from '../../../api/sso.ts';
import type { Method, Proof, User } from '../../../api/types.ts';
import { getPasskeyAssertion } from '../../../api/webauthn.ts';
import type { Decision, DecisionResult, ItemView, MyTask } from '../../../api/workflow-types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { codeDigits } from '../../../ui/code-field.tsx';
import { useCountdown } from '../../../ui/use-countdown.ts';
import { decisionRequest, defaultMeaning, sentComment, type DecisionDraft } from './decision-draft.ts';
import { refusalFor } from './decision-refusal.ts';
import { DecisionSummary } from './decision-summary.tsx';
import { FactorProof } from './factor-proof.tsx';
import { SignatureFields } from './signature-fields.tsx';
import { describeReauthError, savePendingDecision, type ReauthProblem } from './sso-reauth.ts';
import { formatWait } from '../../../ui/format.ts';

/** The screen as it was before the trip to the identity provider, and what came back. */
export type ConfirmResume = { meaning: string; method: Method; reauthToken: string | undefined; reauthError: string | undefined };

type Props = {
  item: ItemView;
  task: MyTask;
  user: User;
  draft: DecisionDraft & { decision: Decision };
  needsTwoFactor: boolean;
  needsSignature: boolean;
  methods: readonly Method[];
  onBack: () => void;
  onDecided: (result: DecisionResult) => void;
  /** Refusals this screen cannot answer (not enrolled, the step closed meanwhile…). */
  onRefused: (error: unknown) => void;
  /** Back from the identity provider: the meaning and method chosen before, and its answer. */
  resume?: ConfirmResume | undefined;
};

const CODE_LENGTH: Partial<Record<Method, number>> = { totp: 6, email_code: 6, backup_code: 8 };

export function DecisionConfirm({ item, task, user, draft, needsTwoFactor, needsSignature, methods, onBack, onDecided, onRefused, resume }: Props) {
  const stepName = item.steps[task.step]?.name ?? `Step ${task.step + 1}`;
  const [method, setMethod] = useState<Method>(() => (resume && methods.includes(resume.method) ? resume.method : methods[0] ?? 'totp'));
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [challengeId, setChallengeId] = useState<string>();
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string>();
  const [meaning, setMeaning] = useState(() => (resume && task.signatureMeanings.includes(resume.meaning) ? resume.meaning : defaultMeaning(task.signatureMeanings, draft.decision)));
  // A proof of a new sign-in at the identity provider, in place of the password (single use, 5 minutes).
  const [reauthToken, setReauthToken] = useState(resume?.reauthToken);
  const [reauthProblem, setReauthProblem] = useState<ReauthProblem | undefined>(() => (resume?.reauthError ? describeReauthError(resume.reauthError, user.email) : undefined));
  const [leaving, setLeaving] = useState(false);
  const slug = user.organization?.slug;
  const discovery = useQuery({ ...ssoDiscoveryQuery(slug ?? ''), enabled: needsSignature && !!slug });
  const ssoOffered = needsSignature && !!discovery.data?.enabled;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const wait = useCountdown(blockedUntil);

  const chooseMethod = (m: Method) => {
    setMethod(m);
    setCode('');
    setCodeError(undefined);
    setError(undefined);
  };

  const sendEmail = async () => {
    setBusy(true);
    setError(undefined);
    setCodeError(undefined);
    try {
      const challenge = await openDecisionChallenge(item.id, { ...decisionRequest(task, draft, item.revision), method: 'email_code' });
      setChallengeId(challenge.challengeId);
      setSentTo(challenge.sentTo);
      setCode('');
    } catch (e) {
      refused(e);
    } finally {
      setBusy(false);
    }
  };

  /** Checks what can be checked here; returns false (with the field errors set) when incomplete. */
  const complete = (): boolean => {
    let ok = true;
    if (needsSignature && !reauthToken && !password) {
      setPasswordError(ssoOffered ? 'Enter your password, or sign in again at your identity provider.' : 'Enter your password to sign.');
      ok = false;
    }
    if (needsTwoFactor && method !== 'webauthn') {
      const want = CODE_LENGTH[method] ?? 6;
      if (method === 'email_code' && !challengeId) {
        setCodeError('Send a code to your email first.');
        ok = false;
      } else if (!new RegExp(`^\\d{${want}}$`).test(codeDigits(code))) {
        setCodeError(`Enter the ${want}-digit code.`);
        ok = false;
      }
    }
    return ok;
  };

  const proof = async (): Promise<Proof> => {
    if (method === 'webauthn') {
      const challenge = await openDecisionChallenge(item.id, { ...decisionRequest(task, draft, item.revision), method: 'webauthn' });
      const credential = await getPasskeyAssertion(challenge.webauthnOptions);
      return { method: 'webauthn', challengeId: challenge.challengeId, credential };
    }
    return { method, code: codeDigits(code), ...(method === 'email_code' && challengeId ? { challengeId } : {}) };
  };

  /** Leaves for the identity provider; the decision so far waits in this tab's storage. */
  const reauthenticate = () => {
    setLeaving(true);
    savePendingDecision({ itemId: item.id, step: task.step, decision: draft.decision, comment: draft.comment, meaning, method });
    window.location.assign(ssoReauthenticateUrl(`/items/${item.id}`));
  };

  const usePassword = () => {
    setReauthToken(undefined);
    setReauthProblem(undefined);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCodeError(undefined);
    setPasswordError(undefined);
    setError(undefined);
    if (!complete()) return;
    setBusy(true);
    const token = needsSignature ? reauthToken : undefined;
    try {
      const result = await decide(item.id, {
        ...decisionRequest(task, draft, item.revision),
        ...(needsTwoFactor ? { secondFactor: await proof() } : {}),
        ...(needsSignature ? { signature: token ? { reauthToken: token, meaning } : { password, meaning } } : {}),
      });
      onDecided(result);
    } catch (err) {
      refused(err, token !== undefined);
      setBusy(false);
    }
  };

  const refused = (err: unknown, sentReauth = false) => {
    const r = refusalFor(err, method, sentReauth ? 'reauth' : 'password');
    if (r.escalate) return onRefused(err);
    // The server spends the provider's proof only with a recorded decision: a wrong code keeps
    // it (it lasts 5 minutes); a refused proof (used, expired) brings the choice back.
    if (sentReauth && r.reauthError) {
      setReauthToken(undefined);
      setReauthProblem(describeReauthError(r.reauthError, user.email));
    }
    if (r.codeError !== undefined) {
      setCode('');
      setCodeError(r.codeError || undefined);
    }
    if (r.passwordError) {
      setPassword('');
      setPasswordError(r.passwordError);
    }
    if (r.dropChallenge) setChallengeId(undefined);
    if (r.waitSeconds) setBlockedUntil(Date.now() + r.waitSeconds * 1000);
    if (r.alert) setError(r.alert);
  };

  const tooMany = isApiProblem(error) && error.code === 'too_many_attempts';
  return (
    <form className="form decision-confirm" onSubmit={submit} noValidate aria-labelledby="confirm-title">
      <h3 id="confirm-title" className="subsection-title">{needsSignature ? 'Sign your decision' : 'Confirm your decision'}</h3>
      <DecisionSummary decision={draft.decision} comment={sentComment(draft)} stepName={stepName} title={item.title} />
      {tooMany ? (
        <Alert tone="error" title="Too many attempts">
          {wait > 0 ? `For your security, wait ${formatWait(wait)} before trying again. Your decision and comment are kept.` : 'You can try again now.'}
        </Alert>
      ) : error ? (
        <Alert tone="error" title={method === 'webauthn' && isApiProblem(error) && error.code === 'second_factor_invalid' ? 'The passkey was not accepted' : 'Your decision was not recorded'}>{describeError(error)}</Alert>
      ) : null}
      {needsSignature ? (
        <SignatureFields
          user={user}
          meanings={task.signatureMeanings}
          meaning={meaning}
          onMeaning={setMeaning}
          password={password}
          onPassword={(p) => { setPassword(p); setPasswordError(undefined); }}
          passwordError={passwordError}
          contentHash={item.contentHash}
          sso={{
            offered: ssoOffered,
            reauthenticated: !!reauthToken,
            problem: reauthProblem,
            leaving,
            onReauthenticate: reauthenticate,
            onUsePassword: usePassword,
          }}
          busy={busy || leaving}
        />
      ) : null}
      {needsTwoFactor ? (
        <FactorProof
          sentTo={sentTo}
          methods={methods}
          method={method}
          onMethod={chooseMethod}
          code={code}
          onCode={(c) => { setCode(c); setCodeError(undefined); }}
          codeError={codeError}
          emailSent={!!challengeId}
          onSendEmail={() => void sendEmail()}
          busy={busy}
        />
      ) : null}
      <div className="form-actions form-actions-split">
        <Button onClick={onBack} disabled={busy || leaving}>Back</Button>
        <Button type="submit" variant={draft.decision === 'reject' ? 'danger' : 'primary'} busy={busy} disabled={wait > 0 || leaving}>Confirm decision</Button>
      </div>
    </form>
  );
}
