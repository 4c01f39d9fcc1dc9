// The reviewer's decision on the open step (PRODUCT §5, §7): choose, then — on a protected
// step — confirm with a second factor and, where required, sign. The choice is kept across
// both screens; Back returns to it unchanged.
import { useState } from 'react';
import { decide } from '../../../api/items.ts';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import type { Method } from '../../../api/types.ts';
import type { DecisionResult, ItemView, MyTask } from '../../../api/workflow-types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { orderMethods } from '../../security/method-labels.ts';
import { useCurrentUser } from '../../session/session-context.tsx';
import { StepMarkers } from '../../workflows/step-markers.tsx';
import { DecisionChoice } from './decision-choice.tsx';
import { DecisionConfirm } from './decision-confirm.tsx';
import { decisionRequest, STALE_CODES, type DecisionDraft } from './decision-draft.ts';
import { NoFactorNotice } from './no-factor-notice.tsx';

type Props = {
  item: ItemView;
  task: MyTask;
  onDecided: (result: DecisionResult) => void;
  /** The step moved on without this screen (closed, already decided): say so and load the item again. */
  onStale: (error: unknown) => void;
};

const CANNOT_DECIDE: Record<string, string> = {
  submitter: 'You submitted this item, so you cannot decide on it.',
  own_item: 'You submitted this item, so you cannot decide on it.',
  already_decided: 'You have already decided on this step.',
  second_factor_not_enrolled: 'You need a second factor to decide on this step. Contact your administrator.',
};

export function DecisionPanel({ item, task, onDecided, onStale }: Props) {
  const user = useCurrentUser();
  const [phase, setPhase] = useState<'choose' | 'confirm'>('choose');
  const [draft, setDraft] = useState<DecisionDraft>({ decision: undefined, comment: '' });
  // An e-signature includes the second factor (PRODUCT §7), so a signature step asks for both.
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
      onDecided(await decide(item.id, decisionRequest(task, { ...draft, decision: draft.decision! })));
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
        <h2 id="decision-title" className="section-title">Your decision</h2>
        <p className="muted">
          Step {task.step + 1} of {item.steps.length}: <strong>{stepName}</strong>{' '}
          <StepMarkers requireTwoFactor={task.requireTwoFactor} requireSignature={needsSignature} />
        </p>
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
        <NoFactorNotice />
      ) : (
        <>
          {error ? <Alert tone="error" title="Your decision was not recorded">{describeError(error)}</Alert> : null}
          {phase === 'choose' || !draft.decision ? (
            <DecisionChoice draft={draft} onChange={setDraft} protectedStep={protectedStep} busy={busy} onContinue={() => void onContinue()} />
          ) : (
            <DecisionConfirm
              item={item}
              task={task}
              user={user}
              draft={{ ...draft, decision: draft.decision }}
              needsTwoFactor={needsTwoFactor}
              needsSignature={needsSignature}
              methods={methods}
              onBack={() => setPhase('choose')}
              onDecided={onDecided}
              onRefused={refused}
            />
          )}
        </>
      )}
    </section>
  );
}
