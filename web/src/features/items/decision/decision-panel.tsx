// The reviewer's decision on the open step (docs/guide.md §5, §7): choose, then — on a protected
// step — confirm with a second factor and, where required, sign. The choice is kept across
// both screens; Back returns to it unchanged. Back from a sign-in at the identity provider
// (an e-signature without the password), the panel opens where the reviewer left it.
import { useEffect, useState } from 'react';
import { decide } from '../../../api/items.ts';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import type { Method } from '../../../api/types.ts';
import type { DecisionResult, ItemView, MyTask } from '../../../api/workflow-types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { orderMethods } from '../../security/method-labels.ts';
import { useCurrentUser } from '../../session/session-context.tsx';
import { StepMarkers } from '../../workflows/step-markers.tsx';
import { DecisionChoice } from './decision-choice.tsx';
import { DecisionConfirm, type ConfirmResume } from './decision-confirm.tsx';
import { decisionRequest, STALE_CODES, type DecisionDraft } from './decision-draft.ts';
import { NoFactorNotice } from './no-factor-notice.tsx';
import type { PendingDecision, ReauthReturn } from './sso-reauth.ts';

type Props = {
  item: ItemView;
  task: MyTask;
  onDecided: (result: DecisionResult) => void;
  /** The step moved on without this screen (closed, already decided): say so and load the item again. */
  onStale: (error: unknown) => void;
  /** The page was opened by the return from the identity provider (`#reauth=` or `#reauth_error=`). */
  reauth?: ReauthReturn | undefined;
  /** The panel has taken the return over; it is not to be applied again. */
  onReauthTaken?: () => void;
};

/** The decision left for the provider, if it is this very step's and can still be taken. */
function pendingFor(reauth: ReauthReturn | undefined, item: ItemView, task: MyTask): PendingDecision | undefined {
  const p = reauth?.pending;
  return p && p.itemId === item.id && p.step === task.step && task.canDecide && task.requireSignature ? p : undefined;
}

const CANNOT_DECIDE: Record<string, string> = {
  submitter: 'You submitted this item, so you cannot decide on it.',
  own_item: 'You submitted this item, so you cannot decide on it.',
  already_decided: 'You have already decided on this step.',
  second_factor_not_enrolled: 'You need a second factor to decide on this step. Contact your administrator.',
};

export function DecisionPanel({ item, task, onDecided, onStale, reauth, onReauthTaken }: Props) {
  const user = useCurrentUser();
  const [pending] = useState(() => pendingFor(reauth, item, task));
  /** Back from the provider without the decision (older than 5 minutes, another tab, the step moved on). */
  const [lostPending] = useState(() => !!reauth && !pending && task.canDecide && task.requireSignature);
  const [phase, setPhase] = useState<'choose' | 'confirm'>(pending ? 'confirm' : 'choose');
  const [draft, setDraft] = useState<DecisionDraft>(() =>
    pending ? { decision: pending.decision, comment: pending.comment } : { decision: undefined, comment: '' },
  );
  // Applied once, to the confirm screen it reopens; Back (like a typed password) forgets it.
  const [resume, setResume] = useState<ConfirmResume | undefined>(() =>
    pending && reauth ? { meaning: pending.meaning, method: pending.method, reauthToken: reauth.token, reauthError: reauth.error } : undefined,
  );
  useEffect(() => {
    if (reauth) onReauthTaken?.();
    // Once, on mount: the return belongs to the panel that opened with it.
  }, []);
  // An e-signature includes the second factor (docs/guide.md §7), so a signature step asks for both.
  const [needsTwoFactor, setNeedsTwoFactor] = useState(task.requireTwoFactor || task.requireSignature);
  const [needsSignature, setNeedsSignature] = useState(task.requireSignature);
  const [methods, setMethods] = useState<Method[]>(() => orderMethods(task.methods));
  const [notEnrolled, setNotEnrolled] = useState(task.reason === 'second_factor_not_enrolled');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const stepName = item.steps[task.step]?.name ?? `Step ${task.step + 1}`;
  const protectedStep = needsTwoFactor || needsSignature;

  /** Refusals that end this attempt; the decision and comment stay on the choice screen. */
  const refused = (e: unknown) => {
    setPhase('choose');
    setResume(undefined);
    if (isApiProblem(e) && e.code === 'second_factor_not_enrolled') return setNotEnrolled(true);
    if (isApiProblem(e) && STALE_CODES.has(e.code)) return onStale(e);
    setError(e);
  };

  const onContinue = async () => {
    setError(undefined);
    if (protectedStep) return setPhase('confirm');
    // An unprotected step: send now. The server may still ask for more (the step changed).
    setBusy(true);
    try {
      onDecided(await decide(item.id, decisionRequest(task, { ...draft, decision: draft.decision! }, item.revision)));
    } catch (e) {
      if (isApiProblem(e) && e.code === 'second_factor_required') {
        setNeedsTwoFactor(true);
        if (e.methods.length) setMethods(orderMethods(e.methods));
        if (!e.methods.length && !methods.length) setNotEnrolled(true);
        else setPhase('confirm');
      } else if (isApiProblem(e) && e.code === 'signature_required') {
        setNeedsSignature(true);
        setPhase('confirm');
      } else refused(e);
    } finally {
      setBusy(false);
    }
  };

  const noFactor = notEnrolled || (needsTwoFactor && methods.length === 0);
  return (
    <section className="panel decision-panel" aria-labelledby="decision-title">
      <header className="decision-head">
        <h2 id="decision-title" className="section-title">
          Your decision
        </h2>
        <p className="muted">
          Step {task.step + 1} of {item.steps.length}: <strong>{stepName}</strong>{' '}
          <StepMarkers requireTwoFactor={task.requireTwoFactor} requireSignature={needsSignature} />
        </p>
        {task.onBehalfOf ? (
          <p className="on-behalf-note" role="note">
            You decide <strong>on behalf of {task.onBehalfOf.name}</strong>, as their out-of-office delegate, with your own password and second factor. The
            history will say so.
          </p>
        ) : null}
        {protectedStep && !noFactor && task.canDecide && phase === 'choose' ? (
          <p className="field-hint">
            {needsSignature
              ? 'This step needs your electronic signature: after you choose, you confirm with your password and your second factor.'
              : 'This step requires 2FA: after you choose, you confirm with your second factor. Nothing is recorded before that.'}
          </p>
        ) : null}
      </header>
      {!task.canDecide && !notEnrolled ? (
        <Alert tone="info">{(task.reason && CANNOT_DECIDE[task.reason]) ?? task.reason ?? 'You cannot decide on this step.'}</Alert>
      ) : noFactor ? (
        <NoFactorNotice canSetUp={task.canSetUp === true} itemId={item.id} />
      ) : (
        <>
          {error ? (
            <Alert tone="error" title="Your decision was not recorded">
              {describeError(error)}
            </Alert>
          ) : null}
          {lostPending && phase === 'choose' ? (
            <Alert tone="warning" title="Your decision could not be restored">
              After the sign-in at your identity provider, the decision you were making was not found: it is kept for 5 minutes, in this browser tab. Choose
              again; nothing was recorded.
            </Alert>
          ) : null}
          {phase === 'choose' || !draft.decision ? (
            <DecisionChoice
              draft={draft}
              onChange={setDraft}
              protectedStep={protectedStep}
              reasonOnApprove={item.steps[task.step]?.requireReasonOnApprove === true}
              busy={busy}
              onContinue={() => void onContinue()}
            />
          ) : (
            <DecisionConfirm
              item={item}
              task={task}
              user={user}
              draft={{ ...draft, decision: draft.decision }}
              needsTwoFactor={needsTwoFactor}
              needsSignature={needsSignature}
              methods={methods}
              onBack={() => {
                setResume(undefined);
                setPhase('choose');
              }}
              onDecided={onDecided}
              onRefused={refused}
              resume={resume}
            />
          )}
        </>
      )}
    </section>
  );
}
