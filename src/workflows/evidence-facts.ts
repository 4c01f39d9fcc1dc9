// The records of one item that its evidence bundle carries (evidence/ signs them): the item,
// the definition version it ran under, its history, its votes with their seals, its
// e-signature records, and any record a vote names that is no longer on this item (a
// signature moved elsewhere must show in the bundle, not vanish from it), and its comments.
import type { Actor } from '../accounts/index.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { ItemId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { Definitions } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import type { ItemViews } from './item-view.ts';
import { findItem, listItemEvents, wasReviewer } from './items.store.ts';
import { findUpload } from './uploads.store.ts';
import { listVersions, revisionOfRound } from './versions.ts';
import { listComments } from './comments/comments.store.ts';

export function createEvidenceFacts(deps: WorkflowsDeps, definitions: Definitions, views: ItemViews) {
  const { accounts, signatures } = deps;

  /** The submitter, anyone who has or had a task on it, admins and owners; anyone else gets 404 like the item itself. */
  return async function evidenceFacts(ex: Executor, actor: Actor, id: ItemId) {
    const item = await findItem(ex, actor.orgId, id);
    const visible =
      item &&
      (actor.roles.includes('admin') ||
        actor.roles.includes('owner') ||
        item.submitter_id === actor.userId ||
        (await wasReviewer(ex, item.id, actor.userId)) ||
        (await views.mayReadAsDelegate(ex, item, actor)));
    if (!item || !visible) throw new Problem('not_found', { detail: `No item ${id}` });
    const def = (await definitions.load(ex, actor.orgId, item.workflow_id, item.workflow_version))!;
    const versions = await listVersions(ex, item.id);
    const itemSignatures = await views.signaturesOf(ex, item, versions);
    const votes = await views.sealedVotes(ex, item.id);
    const named = [...new Set(votes.map((v) => v.row.signature_id).filter((s): s is string => s !== null && !itemSignatures.some((r) => r.row.id === s)))];
    const elsewhere = (await Promise.all(named.map((s) => signatures.findById(ex, actor.orgId, s)))).filter((r) => r !== undefined);
    return {
      item,
      def,
      events: await listItemEvents(ex, item.id),
      votes,
      signatures: itemSignatures,
      elsewhere,
      upload: item.upload_id ? await findUpload(ex, actor.orgId, item.upload_id) : undefined,
      submitter: await accounts.findContact(ex, actor.orgId, item.submitter_id),
      stepNames: def.steps.map((s) => s.name),
      /** Every content version (revision, SHA-256, note, when) and the revision a round of review was on. */
      versions,
      revisionOfRound: (round: number) => revisionOfRound(versions, round),
      comments: await listComments(ex, actor.orgId, item.id),
    };
  };
}
