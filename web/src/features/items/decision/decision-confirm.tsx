// Screen two of a protected decision: the chosen decision and comment stay in view while the
// reviewer proves it is them (second factor) and, on e-signature steps, signs (password, or a
// new sign-in at the organisation's identity provider, and meaning). A refusal keeps this
// screen: a wrong code clears the field and says so; too many attempts shows the wait. Nothing
// is recorded until the server accepts the whole decision.
import { useReducer, type FormEvent } from 'react';
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
import { confirmReducer, initialConfirmState, missingProof } from './confirm-machine.ts';
import { refusalFor } from './decision-refusal.ts';
import { DecisionSummary } from './decision-summary.tsx';
import { FactorProof } from './factor-proof.tsx';
import { SignatureFields } from './signature-fields.tsx';
import { describeReauthError, savePendingDecision } from './sso-reauth.ts';
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

export function DecisionConfirm({ item, task, user, draft, needsTwoFactor, needsSignature, methods, onBack, onDecided, onRefused, resume }: Props) {
  const stepName = item.steps[task.step]?.name ?? `Step ${task.step + 1}`;
  const [s, dispatch] = useReducer(confirmReducer, undefined, () =>
    initialConfirmState({
      method: resume && methods.includes(resume.method) ? resume.method : (methods[0] ?? 'totp'),
      meaning: resume && task.signatureMeanings.includes(resume.meaning) ? resume.meaning : defaultMeaning(task.signatureMeanings, draft.decision),
      reauthToken: resume?.reauthToken,
      reauthProblem: resume?.reauthError ? describeReauthError(resume.reauthError, user.email) : undefined,
    }),
  );
  const { method, code, meaning, error } = s;
  const busy = s.phase === 'sending' || s.phase === 'submitting' || s.phase === 'decided';
  const leaving = s.phase === 'leaving';
  const slug = user.organization?.slug;
  const discovery = useQuery({ ...ssoDiscoveryQuery(slug ?? ''), enabled: needsSignature && !!slug });
  const ssoOffered = needsSignature && !!discovery.data?.enabled;
  const wait = useCountdown(s.blockedUntil);

  /** A refusal: the field at fault is cleared and explained; others go to the panel. */
  const refused = (err: unknown, sentReauth = false) => {
    const refusal = refusalFor(err, method, sentReauth ? 'reauth' : 'password');
    const reauthProblem = sentReauth && refusal.reauthError ? describeReauthError(refusal.reauthError, user.email) : undefined;
    dispatch({ type: 'refused', refusal, reauthProblem, now: Date.now() });
    if (refusal.escalate) onRefused(err);
  };

  const sendEmail = async () => {
    if (s.phase !== 'editing') return;
    dispatch({ type: 'send-code' });
    try {
      const challenge = await openDecisionChallenge(item.id, { ...decisionRequest(task, draft, item.revision), method: 'email_code' });
      dispatch({ type: 'code-sent', challengeId: challenge.challengeId, sentTo: challenge.sentTo });
    } catch (e) {
      refused(e);
    }
  };

  const proof = async (): Promise<Proof> => {
    if (method === 'webauthn') {
      const challenge = await openDecisionChallenge(item.id, { ...decisionRequest(task, draft, item.revision), method: 'webauthn' });
      const credential = await getPasskeyAssertion(challenge.webauthnOptions);
      return { method: 'webauthn', challengeId: challenge.challengeId, credential };
    }
    return { method, code: codeDigits(code), ...(method === 'email_code' && s.challengeId ? { challengeId: s.challengeId } : {}) };
  };

  /** Leaves for the identity provider; the decision so far waits in this tab's storage. */
  const reauthenticate = () => {
    dispatch({ type: 'leave' });
    savePendingDecision({ itemId: item.id, step: task.step, decision: draft.decision, comment: draft.comment, meaning, method });
    window.location.assign(ssoReauthenticateUrl(`/items/${item.id}`));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Enter in a field while a request is out sends nothing more.
    if (s.phase !== 'editing') return;
    const missing = missingProof(s, { twoFactor: needsTwoFactor, signature: needsSignature, ssoOffered }, codeDigits(code));
    if (missing) {
      dispatch({ type: 'incomplete', ...missing });
      return;
    }
    dispatch({ type: 'submit' });
    const token = needsSignature ? s.reauthToken : undefined;
    try {
      const result = await decide(item.id, {
        ...decisionRequest(task, draft, item.revision),
        ...(needsTwoFactor ? { secondFactor: await proof() } : {}),
        ...(needsSignature ? { signature: token ? { reauthToken: token, meaning } : { password: s.password, meaning } } : {}),
      });
      dispatch({ type: 'decided' });
      onDecided(result);
    } catch (err) {
      refused(err, token !== undefined);
    }
  };

  const tooMany = isApiProblem(error) && error.code === 'too_many_attempts';
  return (
    <form className="form decision-confirm" onSubmit={submit} noValidate aria-labelledby="confirm-title">
      <h3 id="confirm-title" className="subsection-title">
        {needsSignature ? 'Sign your decision' : 'Confirm your decision'}
      </h3>
      <DecisionSummary decision={draft.decision} comment={sentComment(draft)} stepName={stepName} title={item.title} />
      {tooMany ? (
        <Alert tone="error" title="Too many attempts">
          {wait > 0 ? `For your security, wait ${formatWait(wait)} before trying again. Your decision and comment are kept.` : 'You can try again now.'}
        </Alert>
      ) : error ? (
        <Alert
          tone="error"
          title={
            method === 'webauthn' && isApiProblem(error) && error.code === 'second_factor_invalid'
              ? 'The passkey was not accepted'
              : 'Your decision was not recorded'
          }
        >
          {describeError(error)}
        </Alert>
      ) : null}
      {needsSignature ? (
        <SignatureFields
          user={user}
          meanings={task.signatureMeanings}
          meaning={meaning}
          onMeaning={(m) => dispatch({ type: 'meaning', meaning: m })}
          password={s.password}
          onPassword={(p) => dispatch({ type: 'password', password: p })}
          passwordError={s.passwordError}
          contentHash={item.contentHash}
          sso={{
            offered: ssoOffered,
            reauthenticated: !!s.reauthToken,
            problem: s.reauthProblem,
            leaving,
            onReauthenticate: reauthenticate,
            onUsePassword: () => dispatch({ type: 'use-password' }),
          }}
          busy={busy || leaving}
        />
      ) : null}
      {needsTwoFactor ? (
        <FactorProof
          sentTo={s.sentTo}
          methods={methods}
          method={method}
          onMethod={(m) => dispatch({ type: 'method', method: m })}
          code={code}
          onCode={(c) => dispatch({ type: 'code', code: c })}
          codeError={s.codeError}
          emailSent={!!s.challengeId}
          onSendEmail={() => void sendEmail()}
          busy={busy}
        />
      ) : null}
      <div className="form-actions form-actions-split">
        <Button onClick={onBack} disabled={busy || leaving}>
          Back
        </Button>
        <Button type="submit" variant={draft.decision === 'reject' ? 'danger' : 'primary'} busy={busy} disabled={wait > 0 || leaving}>
          Confirm decision
        </Button>
      </div>
    </form>
  );
}
