// The decision pipeline (docs/guide.md §5, docs/architecture.md "pipelines of named steps"):
//   load the item at its version → assert the step is the open one → assert the decider is a
//   reviewer of it with an open task (the submitter never is) → compute the decision binding →
//   on a protected step: the usable methods (∩ the organisation's stepUpMethods), the
//   e-signature's password and meaning, then factors.verifySecondFactor, which consumes the
//   proof and runs the rest in its transaction → record the vote → evaluate the threshold →
//   advance or close → audit → mail.
// The right to vote is checked before a code is consumed, and again inside the transaction
// (claim the item's round, close the task): a refusal anywhere records nothing (F8), and two
// concurrent votes of one reviewer record one (K1) while the last votes of a step count once (K2).
import { lockUser, type Actor } from '../accounts/index.ts';
import type { DecisionBody } from './types.ts';
import type { ChallengeMethod, Method, Verified } from '../factors/index.ts';
import type { Tx } from '../platform/db/connect.ts';
import { iso } from '../platform/clock.ts';
import { newId, type InviteId, type ItemId, type OrgId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { RequestMeta as Meta } from '../platform/request-meta.ts';
import type { Definition, Definitions, StepDefinition } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { decisionBinding } from './decision-binding.ts';
import { findInviteById, markInviteDecided } from './guests/guests.store.ts';
import type { ItemViews } from './item-view.ts';
import { appendItemEvent, claimOpenItem, closeTask, countVotes, findItem, findRound, findTask, insertVote, type ItemRow } from './items.store.ts';
import type { Rounds } from './rounds.ts';
import { inviteKey, userKey } from './reviewer-keys.ts';
import { evaluateThreshold } from './thresholds.ts';
import { assertDecisionReason } from './reasons.ts';
import { assertReadRevision } from './revise-item.ts';
import { sealedVote } from './vote-seal.ts';
import { sealWith } from '../signatures/index.ts';
import { assertFirstVoteInRound, assertMayActFor, recheckInTransaction, secondVote, tellDelegator } from './on-behalf.ts';
import type { UserId } from '../platform/ids.ts';

export type Decider =
  | {
      kind: 'user';
      actor: Actor;
      /** The decider's name as the request's session read it (else read in the transaction). */
      name?: string | undefined;
      /** The organisation's stepUpMethods as the request's session read its settings (else read here). */
      stepUpAllowed?: readonly Method[] | undefined;
      session?: { tokenHash: string; aal: number; rotate: boolean } | undefined;
    }
  | { kind: 'guest'; orgId: OrgId; inviteId: InviteId; email: string; name: string };
export type DecisionInput = Pick<DecisionBody, 'step' | 'decision' | 'comment' | 'secondFactor' | 'signature' | 'revision' | 'onBehalfOf'>;

const orgOf = (d: Decider) => (d.kind === 'user' ? d.actor.orgId : d.orgId);
const keyOf = (d: Decider) => (d.kind === 'user' ? userKey(d.actor.userId) : inviteKey(d.inviteId));

/**
 * Why the decider's task closed while they decided (read in the transaction that found it
 * closed): a guest whose invitation the owner revoked meanwhile (the revocation withdraws them
 * from the step), else a vote of theirs that came first.
 */
async function whyTaskClosed(tx: Tx, decider: Decider, orgId: OrgId): Promise<Problem> {
  if (decider.kind === 'guest' && (await findInviteById(tx, orgId, decider.inviteId))?.revoked_at != null) {
    return new Problem('invite_revoked', { detail: 'This invitation was withdrawn while you decided: nothing was recorded' });
  }
  return new Problem('already_decided');
}

export function createDecide(deps: WorkflowsDeps, definitions: Definitions, views: ItemViews, closeStep: Rounds['closeStep']) {
  const { db, clock, audit, accounts, factors, signatures, sealKeys } = deps;

  /** The item, its definition and the open step the decision names; refusals before any proof is looked at. */
  async function assertCanDecide(decider: Decider, itemId: ItemId, stepRef: number | string, onBehalfOf?: UserId | undefined) {
    const orgId = orgOf(decider);
    const item = await findItem(db, orgId, itemId);
    if (!item) throw new Problem('not_found', { detail: `No item ${itemId}` });
    const def = (await definitions.load(db, orgId, item.workflow_id, item.workflow_version))!;
    const stepIndex = typeof stepRef === 'number' ? stepRef : def.steps.findIndex((s) => s.name === stepRef);
    if (item.status !== 'in_review' || stepIndex !== item.current_step) {
      throw new Problem('step_closed', {
        detail:
          item.status !== 'in_review'
            ? `The item is ${item.status.replace('_', ' ')}`
            : `The open step is ${item.current_step} ("${def.steps[item.current_step!]?.name}")`,
      });
    }
    if (onBehalfOf && decider.kind !== 'user') throw new Problem('not_a_delegate', { detail: 'Guests decide only for themselves' });
    const task =
      onBehalfOf && decider.kind === 'user'
        ? await assertMayActFor(db, decider.actor, item, onBehalfOf, clock.now(), def.steps[stepIndex]!.name)
        : await findTask(db, item.id, item.round, keyOf(decider));
    if (!task) {
      const own = decider.kind === 'user' && item.submitter_id === decider.actor.userId;
      throw new Problem('not_a_reviewer', {
        detail: own ? 'You submitted this item: you cannot decide on it' : `You are not a reviewer of the step "${def.steps[stepIndex]!.name}"`,
      });
    }
    if (task.open !== 1) throw new Problem('already_decided');
    if (decider.kind === 'user') await assertFirstVoteInRound(db, item, decider.actor.userId);
    return { item, def, stepIndex, step: def.steps[stepIndex]! };
  }

  /**
   * The methods that count for this actor at a protected step; none refuses (they must ask an
   * admin, nothing is recorded). `wanted`: the method of the proof or challenge at hand; when it
   * counts, it alone (the others would only be named in a refusal, and asking about them costs
   * statements: counting the unused backup codes, for one).
   */
  async function stepUpMethodsOrRefuse(actor: Actor, allowed: readonly Method[] | undefined, wanted: string | undefined): Promise<Method[]> {
    if (wanted !== undefined) {
      const counts = await views.stepUpMethods(db, actor, allowed, wanted);
      if (counts.length > 0) return counts;
    }
    const methods = await views.stepUpMethods(db, actor, allowed);
    if (methods.length === 0)
      throw new Problem('second_factor_not_enrolled', {
        detail: 'This step needs your second factor and you have none that counts here: contact an administrator. Nothing was recorded.',
      });
    return methods;
  }

  async function decide(decider: Decider, itemId: ItemId, input: DecisionInput, meta: Meta) {
    const onBehalfOf = input.onBehalfOf;
    const { item, def, stepIndex, step } = await assertCanDecide(decider, itemId, input.step, onBehalfOf);
    const comment = assertDecisionReason(step, input.decision, input.comment);
    assertReadRevision(item, input.revision);
    const binding = decisionBinding({
      itemId: item.id,
      step: stepIndex,
      round: item.round,
      contentHash: item.content_hash,
      decision: input.decision,
      comment,
      onBehalfOf,
    });
    const facts = { item, def, stepIndex, step, comment, decision: input.decision, binding, onBehalfOf };

    if (decider.kind === 'guest' || (!step.requireTwoFactor && !step.requireSignature)) {
      return db.transaction().execute((tx) => recordDecision(tx, decider, facts, undefined, undefined, meta));
    }
    const actor = decider.actor;
    const proof = input.secondFactor;
    const methods = await stepUpMethodsOrRefuse(actor, decider.stepUpAllowed, proof?.method);
    const target = {
      orgId: actor.orgId,
      userId: actor.userId,
      label: actor.label,
      purpose: step.requireSignature ? ('signature' as const) : ('decision' as const),
      binding,
    };
    if (!proof) {
      const challengeId = await factors.openBindingChallenge(target, methods[0]!);
      throw new Problem('second_factor_required', { detail: `Confirm this ${input.decision} with your second factor`, extensions: { methods, challengeId } });
    }
    // A challenge named with a code is the one opened for this exact decision, or nothing.
    if (proof.challengeId && !(await factors.isOpenChallengeFor(proof.challengeId, target))) {
      throw new Problem('second_factor_invalid', {
        detail: 'This challenge was opened for another decision: the verification is bound to the item, step, content, decision and comment',
      });
    }
    const signer = { orgId: actor.orgId, userId: actor.userId, label: actor.label };
    const signing = step.requireSignature
      ? await signatures.begin(signer, step.signatureMeanings, input.signature, { itemId: item.id, stepIndex }, meta)
      : undefined;
    try {
      const result = await factors.verifySecondFactor(
        { ...target, proof, ip: meta.ip, requestId: meta.requestId, allowedMethods: methods },
        async (tx, verified) => {
          const signature = signing
            ? await signatures.apply(
                tx,
                signer,
                { itemId: item.id, stepIndex, round: item.round, contentHash: item.content_hash, decision: input.decision, meaning: input.signature!.meaning },
                meta,
                input.signature!.reauthToken,
              )
            : undefined;
          return recordDecision(tx, decider, facts, verified, signature, meta);
        },
      );
      await signing?.succeeded();
      return result;
    } catch (err) {
      if (signing && err instanceof Problem && err.code === 'second_factor_invalid') await signing.failed('wrong_second_factor');
      else if (signing && !(err instanceof Problem && err.code === 'too_many_attempts')) await signing.succeeded();
      throw err;
    }
  }

  /** Inside the transaction: the vote, its history entry and audit entry, then the threshold. */
  async function recordDecision(
    tx: Tx,
    decider: Decider,
    f: {
      item: ItemRow;
      def: Definition;
      stepIndex: number;
      step: StepDefinition;
      comment: string;
      decision: 'approve' | 'reject';
      binding: string;
      onBehalfOf?: UserId | undefined;
    },
    verified: Verified | undefined,
    signature: Awaited<ReturnType<typeof signatures.apply>> | undefined,
    meta: Meta,
  ) {
    const { item, stepIndex } = f;
    const itemId = item.id;
    const orgId = orgOf(decider);
    const now = clock.now();
    // The user's row first, as every change to the user's sessions takes it (a second factor's
    // transaction took it already): a sign-out or a reset comes wholly before or after this.
    if (decider.kind === 'user' && !verified) await lockUser(tx, orgId, decider.actor.userId);
    const claim = await claimOpenItem(tx, orgId, itemId, item.round, now);
    if (!claim) throw new Problem('step_closed', { detail: 'The step closed while you were deciding' });
    if (decider.kind === 'user') await recheckInTransaction(tx, decider.actor, f.onBehalfOf, now);
    const key = f.onBehalfOf ? userKey(f.onBehalfOf) : keyOf(decider);
    const voteId = newId('vot');
    if (!(await closeTask(tx, itemId, item.round, key))) throw await whyTaskClosed(tx, decider, orgId);
    const vote = {
      id: voteId,
      org_id: orgId,
      item_id: itemId,
      round: item.round,
      step_index: stepIndex,
      reviewer_key: key,
      user_id: decider.kind === 'user' ? decider.actor.userId : null,
      invite_id: decider.kind === 'guest' ? decider.inviteId : null,
      decision: f.decision,
      comment: f.comment || null,
      method: verified?.method ?? null,
      factor_id: verified?.factorId ?? null,
      signature_id: signature?.id ?? null,
      decided_at: now,
      content_hash: item.content_hash,
      binding: f.binding,
      passkey_evidence: verified?.passkey ? JSON.stringify(verified.passkey) : null,
      ...(f.onBehalfOf ? { on_behalf_of: f.onBehalfOf } : {}),
    };
    const { seal, kid } = sealWith(await sealKeys.current(tx), sealedVote(vote));
    // The task was closed above, so a conflict here is this person's vote in the round (K1).
    if (!(await insertVote(tx, { ...vote, seal, seal_kid: kid }))) throw secondVote();
    if (decider.kind === 'guest') await markInviteDecided(tx, decider.inviteId, now);

    const who =
      decider.kind === 'user'
        ? {
            userId: decider.actor.userId,
            email: decider.actor.label,
            name: decider.name ?? (await accounts.findContact(tx, orgId, decider.actor.userId))?.name ?? decider.actor.label,
            inviteId: null,
          }
        : { userId: null, email: decider.email, name: decider.name, inviteId: decider.inviteId };
    const forWhom = f.onBehalfOf
      ? await tellDelegator(tx, deps, orgId, { delegatorId: f.onBehalfOf, delegateName: who.name, item, stepName: f.step.name, decision: f.decision })
      : undefined;
    await appendItemEvent(tx, {
      id: newId('evt'),
      org_id: orgId,
      item_id: itemId,
      at: now,
      action: 'decided',
      actor_user_id: who.userId,
      actor_invite_id: who.inviteId,
      actor_name: who.name,
      actor_email: who.email,
      step_index: stepIndex,
      decision: f.decision,
      comment: f.comment || null,
      method: verified?.method ?? null,
      signature_id: signature?.id ?? null,
      ...(f.onBehalfOf ? { on_behalf_of_user_id: f.onBehalfOf, on_behalf_of_name: forWhom?.name ?? null, on_behalf_of_email: forWhom?.email ?? null } : {}),
    });
    await audit.append(tx, {
      orgId,
      type: 'decision.recorded',
      actor: who.userId ? { userId: who.userId, label: who.email } : { label: `guest ${who.email}` },
      target: { type: 'item', id: itemId },
      data: {
        itemId,
        voteId,
        step: stepIndex,
        round: item.round,
        decision: f.decision,
        comment: f.comment || null,
        contentHash: item.content_hash,
        binding: f.binding,
        method: verified?.method ?? null,
        factorId: verified?.factorId ?? null,
        signatureId: signature?.id ?? null,
        ...(who.inviteId ? { inviteId: who.inviteId, guest: true } : {}),
        ...(f.onBehalfOf ? { onBehalfOf: f.onBehalfOf } : {}),
      },
      ip: meta.ip,
      requestId: meta.requestId,
    });

    const round = (await findRound(tx, itemId, item.round))!;
    const tally = await countVotes(tx, itemId, item.round);
    const outcome = evaluateThreshold(f.step.threshold, { ...tally, reviewers: round.reviewers });
    if (outcome !== 'open') await closeStep(tx, item, f.def, stepIndex, outcome, tally, round.reviewers, meta, claim);

    const credentialsReset = signature
      ? await signatures.credentialsResetBefore(tx, orgId, { userId: signature.user_id, printedName: signature.printed_name }, Number(signature.signed_at))
      : null;
    let session: { token: string; csrfToken: string } | undefined;
    if (decider.kind === 'user' && decider.session) {
      // Step-up and e-signature renew a cookie's session id (docs/security.md F3): the old token
      // is dead. Either way the decision is recorded only under a session still live here: one
      // ended while the request ran (a sign-out, a password reset) refuses it, with nothing kept
      // and a proof unspent. The user's row is held, so such an end comes wholly before or after.
      if (verified && decider.session.rotate) {
        session = await accounts.sessions.start(tx, {
          orgId,
          userId: decider.actor.userId,
          state: 'active',
          aal: Math.max(2, decider.session.aal),
          meta,
          replacesTokenHash: decider.session.tokenHash,
          replacedMustBeLive: true,
        });
      } else await accounts.sessions.assertStillLive(tx, decider.session.tokenHash);
    }
    return {
      decision: {
        id: voteId,
        step: stepIndex,
        decision: f.decision,
        ...(f.comment ? { comment: f.comment } : {}),
        at: iso(now),
        ...(f.onBehalfOf ? { onBehalfOf: f.onBehalfOf } : {}),
        ...(verified ? { method: verified.method as Method } : {}),
        ...(signature
          ? {
              signature: {
                id: signature.id,
                printedName: signature.printed_name,
                email: signature.email,
                meaning: signature.meaning,
                signedAt: iso(signature.signed_at),
                contentHash: signature.content_hash,
                decision: f.decision,
                valid: true,
                credentialsReset,
              },
            }
          : {}),
      },
      session,
    };
  }

  /**
   * Opens the challenge of an email code or passkey for one exact decision (its binding), after
   * the same right-to-vote checks as the decision itself.
   */
  async function openDecisionChallenge(
    actor: Actor,
    itemId: ItemId,
    input: {
      step: number | string;
      decision: 'approve' | 'reject';
      comment?: string | undefined;
      revision?: number | undefined;
      method: ChallengeMethod;
      onBehalfOf?: UserId | undefined;
    },
    meta: Meta,
  ) {
    const { item, stepIndex, step } = await assertCanDecide({ kind: 'user', actor }, itemId, input.step, input.onBehalfOf);
    const comment = assertDecisionReason(step, input.decision, input.comment);
    assertReadRevision(item, input.revision);
    if (!step.requireTwoFactor && !step.requireSignature) throw new Problem('invalid_request', { detail: 'This step does not ask for a second factor' });
    const methods = await stepUpMethodsOrRefuse(actor, undefined, input.method);
    if (!methods.includes(input.method))
      throw new Problem('second_factor_invalid', { detail: `The method ${input.method} is not one you can use here (${methods.join(', ')})` });
    const binding = decisionBinding({
      itemId: item.id,
      step: stepIndex,
      round: item.round,
      contentHash: item.content_hash,
      decision: input.decision,
      comment,
      onBehalfOf: input.onBehalfOf,
    });
    return factors.openMethodChallenge(
      { orgId: actor.orgId, userId: actor.userId, label: actor.label, purpose: step.requireSignature ? 'signature' : 'decision', binding },
      input.method,
      meta,
    );
  }

  return { decide, openDecisionChallenge };
}
