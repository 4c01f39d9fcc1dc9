// What the item page shows: content, steps with their state, the history with badges
// (2FA verified with its method, e-signed with the signature manifestation), and what the
// reader may do now (myTask: decide, and how; cancel). Who may read: admins, the submitter and
// anyone ever asked to review it; anyone else gets 404 (docs/architecture.md error model 6).
import type { Actor } from '../accounts/index.ts';
import type { HistoryEntry, ItemView } from './types.ts';
import { iso } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { ItemId, UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { Method } from '../factors/index.ts';
import { reviewerUserIds, type Definition, type Definitions } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { countVotes, findItem, findTask, listItemEvents, listRounds, listVotes, wasReviewer, type ItemEventRow, type ItemRow } from './items.store.ts';
import { checkSeal } from '../signatures/index.ts';
import { sealedVote } from './vote-seal.ts';
import { userKey } from './reviewer-keys.ts';
import { findUpload } from './uploads.store.ts';
import { listVersions, revisionOfRound, versionViews } from './versions.ts';
import type { ItemVersionRow } from './revisions.store.ts';
import { actedOnBehalf, delegatedOpenTasks, hasVotedInRound } from './delegations.store.ts';

export function createItemView(deps: WorkflowsDeps, definitions: Definitions) {
  const { db, accounts, signatures, factors, policies, sealKeys, clock } = deps;

  /**
   * The methods that count for this user at a protected step: what they have ∩ the organisation's
   * stepUpMethods (`allowed`: that setting as the request's session read it; else read here);
   * `only`: whether that one method counts, without asking about the others.
   */
  async function stepUpMethods(ex: Executor, actor: { orgId: Actor['orgId']; userId: UserId }, allowed?: readonly Method[], only?: string): Promise<Method[]> {
    allowed ??= (await policies.settings(actor.orgId)).stepUpMethods;
    return factors.listStepUpMethods(ex, actor.userId, allowed, only);
  }

  async function loadVisible(actor: Actor, id: ItemId): Promise<{ item: ItemRow; def: Definition }> {
    const item = await findItem(db, actor.orgId, id);
    const visible =
      item &&
      (actor.roles.includes('admin') ||
        item.submitter_id === actor.userId ||
        (await wasReviewer(db, item.id, actor.userId)) ||
        (await mayReadAsDelegate(db, item, actor)));
    if (!item || !visible) throw new Problem('not_found', { detail: `No item ${id}` });
    return { item, def: (await definitions.load(db, actor.orgId, item.workflow_id, item.workflow_version))! };
  }

  /**
   * The item view for someone who has just decided on it: deciding needed an open task on it
   * (their own, or one they hold for someone), which makes it theirs to read (see loadVisible),
   * so only the item and its definition are read again.
   */
  async function viewAfterDecision(actor: Actor, id: ItemId): Promise<ItemView> {
    const item = (await findItem(db, actor.orgId, id))!;
    return view(actor, item, (await definitions.load(db, actor.orgId, item.workflow_id, item.workflow_version))!);
  }

  /** The item's signatures, each judged against the version it was given for and marked with it. */
  async function signaturesOf(ex: Executor, item: ItemRow, versions: ItemVersionRow[]) {
    const current = Number(item.revision ?? 1);
    // The current version is judged against the content the item carries now (as before
    // revisions), an earlier one against its append-only version row.
    const hashOfRound = (round: number) => {
      const revision = revisionOfRound(versions, round);
      return revision === current ? item.content_hash : versions.find((v) => Number(v.revision) === revision)?.content_hash;
    };
    const list = await signatures.listForItem(ex, item.org_id as Actor['orgId'], {
      id: item.id,
      contentHash: item.content_hash,
      contentHashOfRound: versions.length ? hashOfRound : undefined,
    });
    return list.map((s) => {
      const revision = revisionOfRound(versions, Number(s.row.round));
      return { ...s, view: { ...s.view, revision, ...(revision < current ? { superseded: true } : {}) } };
    });
  }

  /** A delegate reads an item whose open task they may decide for someone, and one they decided for someone. */
  async function mayReadAsDelegate(ex: Executor, item: ItemRow, actor: Actor): Promise<boolean> {
    return (
      (item.status === 'in_review' && (await delegatedOpenTasks(ex, actor.orgId, item.id, item.round, actor.userId, clock.now())).length > 0) ||
      (await actedOnBehalf(ex, item.id, actor.userId))
    );
  }

  /** `versions`: the item's version rows when the caller read them already. */
  async function history(ex: Executor, item: ItemRow, def: Definition, versions?: ItemVersionRow[]): Promise<HistoryEntry[]> {
    const sigs = new Map((await signaturesOf(ex, item, versions ?? (await listVersions(ex, item.id)))).map((s) => [s.row.id, s.view]));
    const votes = await sealedVotes(ex, item.id);
    return (await listItemEvents(ex, item.id)).map((e) => {
      const signature = e.signature_id ? sigs.get(e.signature_id) : undefined;
      const valid = e.action === 'decided' ? decisionMatchesSeal(e, votes, sigs) : undefined;
      const badges: HistoryEntry['badges'] = [];
      if (e.method && e.action === 'decided') badges.push('2fa_verified');
      if (signature) badges.push('e_signed');
      return {
        at: iso(Number(e.at)),
        action: e.action as HistoryEntry['action'],
        actor: e.actor_email
          ? {
              ...(e.actor_user_id ? { id: e.actor_user_id } : {}),
              name: e.actor_name ?? e.actor_email,
              email: e.actor_email,
              ...(e.actor_invite_id ? { guest: true } : {}),
            }
          : null,
        ...(e.step_index !== null ? { step: Number(e.step_index), stepName: def.steps[Number(e.step_index)]?.name ?? '' } : {}),
        ...(e.decision ? { decision: e.decision as 'approve' | 'reject' } : {}),
        ...(e.comment ? { comment: e.comment } : {}),
        badges,
        ...(e.method ? { method: e.method as Method } : {}),
        ...(signature ? { signature } : {}),
        ...(valid !== undefined ? { valid } : {}),
        revision: Number(e.revision ?? 1),
        ...(e.on_behalf_of_user_id ? { onBehalfOf: { id: e.on_behalf_of_user_id, name: e.on_behalf_of_name ?? '', email: e.on_behalf_of_email ?? '' } } : {}),
      };
    });
  }

  /** The item's votes with whether each one's Ed25519 seal verifies under a published key. */
  async function sealedVotes(ex: Executor, itemId: ItemId) {
    const rows = await listVotes(ex, itemId);
    const jwks = await sealKeys.keysFor(
      ex,
      rows.map((r) => r.seal_kid),
    );
    return rows.map((row) => {
      const sealed = sealedVote(row);
      return { row, sealed, sealOk: checkSeal(jwks, sealed, row.seal_kid, row.seal) };
    });
  }

  async function view(actor: Actor, item: ItemRow, def: Definition): Promise<ItemView> {
    const itemId = item.id;
    const versionRows = await listVersions(db, itemId);
    // Everyone the view names (submitter, reviewers, authors of versions) in one statement.
    const contacts = await accounts.findContacts(db, actor.orgId, [item.submitter_id, ...reviewerUserIds(def.steps), ...versionRows.map((v) => v.created_by)]);
    const submitter = contacts.get(item.submitter_id);
    const rounds = await listRounds(db, itemId);
    const upload = item.upload_id ? await findUpload(db, actor.orgId, item.upload_id) : undefined;
    const stepViews = await definitions.viewSteps(db, actor.orgId, def.steps, contacts);
    // Steps show the rounds of the current version: a revision starts them afresh.
    const since = Number(versionRows.at(-1)?.first_round ?? 1);
    // With onRevision "current_step" the steps before the one it restarted at keep their outcome.
    const startStep = Number(rounds.find((r) => Number(r.round) === since)?.step_index ?? 0);
    const open = item.status === 'in_review' ? rounds.find((r) => r.round === item.round) : undefined;
    const openVotes = open ? await countVotes(db, itemId, open.round) : undefined;

    const steps = stepViews.map((s) => {
      const latest = rounds.filter((r) => r.step_index === s.index && (Number(r.round) >= since || s.index < startStep)).at(-1);
      const status = !latest
        ? ('pending' as const)
        : latest.closed_at === null
          ? item.status === 'in_review'
            ? ('open' as const)
            : ('pending' as const)
          : latest.outcome === 'approved'
            ? ('approved' as const)
            : ('rejected' as const);
      return {
        ...s,
        status,
        ...(open && open.step_index === s.index && openVotes
          ? { votes: { approve: openVotes.approvals, reject: openVotes.rejections, reviewers: open.reviewers } }
          : {}),
        ...(open && open.step_index === s.index && open.due_at !== null ? { dueAt: iso(Number(open.due_at)), overdue: open.overdue_at !== null } : {}),
      };
    });

    let myTask: ItemView['myTask'];
    if (open) {
      const own = await findTask(db, itemId, open.round, userKey(actor.userId));
      // A delegate decides the task of someone they stand in for when they have no open task of their own here.
      const forWhom = own?.open === 1 ? undefined : (await delegatedOpenTasks(db, actor.orgId, itemId, open.round, actor.userId, clock.now()))[0];
      const task = forWhom ? await findTask(db, itemId, open.round, userKey(forWhom)) : own;
      if (task) {
        const step = def.steps[open.step_index]!;
        const needsFactor = step.requireTwoFactor || step.requireSignature;
        const methods = needsFactor ? await stepUpMethods(db, actor) : [];
        const votedHere = forWhom ? await hasVotedInRound(db, itemId, open.round, actor.userId) : false;
        const reason = task.open !== 1 || votedHere ? 'already_decided' : needsFactor && methods.length === 0 ? 'second_factor_not_enrolled' : undefined;
        const onBehalfOf = forWhom
          ? { onBehalfOf: { id: forWhom, ...((await accounts.findContact(db, actor.orgId, forWhom)) ?? { name: '', email: '' }) } }
          : {};
        // Without a factor that counts here: may they set one up themself, or only an admin?
        const canSetUp = reason === 'second_factor_not_enrolled' ? { canSetUp: await factors.enrollment.mayEnroll(actor) } : {};
        myTask = {
          step: open.step_index,
          canDecide: reason === undefined,
          ...(reason ? { reason } : {}),
          ...canSetUp,
          requireTwoFactor: step.requireTwoFactor,
          requireSignature: step.requireSignature,
          signatureMeanings: step.signatureMeanings,
          methods,
          ...onBehalfOf,
        };
      }
    }

    return {
      id: item.id,
      title: item.title,
      description: item.description,
      status: item.status as ItemView['status'],
      currentStep: item.status === 'in_review' ? item.current_step : null,
      contentHash: item.content_hash,
      content: upload
        ? { type: 'file', name: upload.name, size: Number(upload.size), downloadUrl: `/api/v1/items/${item.id}/content` }
        : { type: 'text', text: item.content_text ?? '' },
      workflow: { id: item.workflow_id, name: def.name, version: def.version },
      submitter: { id: item.submitter_id, name: submitter?.name ?? '', email: submitter?.email ?? '' },
      createdAt: iso(Number(item.created_at)),
      updatedAt: iso(Number(item.updated_at)),
      steps,
      history: await history(db, item, def, versionRows),
      ...(myTask ? { myTask } : {}),
      canCancel: item.status === 'in_review' && (item.submitter_id === actor.userId || actor.roles.includes('admin')),
      revision: Number(item.revision ?? 1),
      versions: await versionViews(deps, db, item, versionRows, contacts),
      canRevise: (item.status === 'in_review' || item.status === 'rejected') && (item.submitter_id === actor.userId || actor.roles.includes('admin')),
    };
  }

  return { loadVisible, view, viewAfterDecision, history, stepUpMethods, sealedVotes, signaturesOf, mayReadAsDelegate };
}

export type ItemViews = ReturnType<typeof createItemView>;

type SealedVotes = Awaited<ReturnType<ItemViews['sealedVotes']>>;

/**
 * A history decision is valid when it is the vote of the same reviewer, step and moment whose
 * Ed25519 seal verifies, says the same (choice, comment, method, signature), and its
 * e-signature, if any, is on this item and valid. An edit of any of those rows shows.
 */
function decisionMatchesSeal(e: ItemEventRow, votes: SealedVotes, sigs: Map<string, { valid: boolean }>): boolean {
  const v = votes.find(
    ({ row }) =>
      Number(row.step_index) === Number(e.step_index) &&
      Number(row.decided_at) === Number(e.at) &&
      (e.actor_invite_id ? row.invite_id === e.actor_invite_id : row.user_id === e.actor_user_id),
  );
  if (!v || !v.sealOk) return false;
  const r = v.row;
  if (
    r.decision !== e.decision ||
    (r.comment ?? null) !== (e.comment ?? null) ||
    (r.method ?? null) !== (e.method ?? null) ||
    (r.signature_id ?? null) !== (e.signature_id ?? null)
  )
    return false;
  if ((r.on_behalf_of ?? null) !== (e.on_behalf_of_user_id ?? null)) return false;
  return r.signature_id === null || sigs.get(r.signature_id)?.valid === true;
}
