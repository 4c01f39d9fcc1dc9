// Revise and resubmit (issue 13 item 1): the submitter (or an admin) answers a review with a
// new content version of the same item: text or an upload (the upload rules of uploads.ts
// apply: their own, not attached yet), with a note saying what changed. In one transaction,
// after claiming the item as it was read (a decision, cancellation or revision racing this
// one is serialised with it): the open round closes as "superseded" (its tasks close, its
// guest links stop working), the item takes the new content, hash and revision, and a new
// round opens at the first step or, with the workflow's `onRevision: "current_step"`, at the
// step it was in (for a rejected item: the step that rejected it); its reviewers are asked
// again. Votes are per round, so earlier approvals and signatures stay in the history against
// the version they were given for and no longer count; a decision bound to the old version
// (its binding covers round and content hash, or it names the revision it read) is refused.
import { createHash } from 'node:crypto';
import type { Actor } from '../accounts/index.ts';
import { newId, type ItemId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { RequestMeta as Meta } from '../platform/request-meta.ts';
import type { Definitions } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { appendItemEvent, closeRound, findItem, type ItemRow } from './items.store.ts';
import { claimItemForRevision, insertItemVersion, moveItemToRevision } from './revisions.store.ts';
import { openRound } from './rounds.ts';
import { attachUpload, findUpload } from './uploads.store.ts';

export type RevisionInput = { content?: string | undefined; uploadId?: string | undefined; note: string };

/** Only items in review (including one sent back a step) or rejected take a new version. */
const REVISABLE = ['in_review', 'rejected'];

/** A decision naming the revision its reviewer read is refused when the item has moved on. */
export function assertReadRevision(item: Pick<ItemRow, 'revision'>, read: number | undefined): void {
  const current = Number(item.revision ?? 1);
  if (read !== undefined && read !== current) {
    throw new Problem('item_revised', {
      detail: `You read revision ${read}; the item is at revision ${current} now: read the new version before deciding. Nothing was recorded.`,
      extensions: { revision: current },
    });
  }
}

/** The note saying what changed: required, at most 2000 characters. */
function assertNote(note: string): string {
  const text = note.trim();
  if (!text)
    throw new Problem('invalid_request', {
      detail: 'Say in the note what changed in this version',
      extensions: { errors: [{ pointer: '#/note', detail: 'a note is required' }] },
    });
  return text;
}

export function createReviseItem(deps: WorkflowsDeps, definitions: Definitions) {
  const { db, clock, audit, accounts } = deps;

  /** The item, if the actor may revise it now; refusals before anything is written. */
  async function assertCanRevise(actor: Actor, id: ItemId): Promise<ItemRow> {
    const item = await findItem(db, actor.orgId, id);
    if (!item) throw new Problem('not_found', { detail: `No item ${id}` });
    if (item.submitter_id !== actor.userId && !actor.roles.includes('admin'))
      throw new Problem('forbidden', { detail: 'Only the submitter or an admin can upload a new version' });
    if (!REVISABLE.includes(item.status))
      throw new Problem('item_closed', { detail: `The item is ${item.status}: only an item in review or rejected takes a new version` });
    return item;
  }

  return async function reviseItem(actor: Actor, id: ItemId, body: RevisionInput, meta: Meta): Promise<void> {
    if ((body.content === undefined) === (body.uploadId === undefined)) {
      throw new Problem('invalid_request', {
        detail: 'Give the new version as text (`content`) or as an uploaded file (`uploadId`), not both',
        extensions: { errors: [{ pointer: '#/content', detail: 'exactly one of content and uploadId' }] },
      });
    }
    const note = assertNote(body.note);
    const item = await assertCanRevise(actor, id);
    const itemId = item.id;
    const upload = body.uploadId ? await findUpload(db, actor.orgId, body.uploadId) : undefined;
    if (body.uploadId && (!upload || upload.user_id !== actor.userId || upload.item_id !== null))
      throw new Problem('not_found', { detail: `No unused upload ${body.uploadId} of yours` });
    const contentHash = upload ? upload.sha256 : createHash('sha256').update(body.content!, 'utf8').digest('hex');
    if (contentHash === item.content_hash)
      throw new Problem('invalid_request', {
        detail: 'This version has the same content as the current one',
        extensions: { errors: [{ pointer: upload ? '#/uploadId' : '#/content', detail: 'unchanged content' }] },
      });
    const def = (await definitions.load(db, actor.orgId, item.workflow_id, item.workflow_version))!;
    const stepIndex = def.onRevision === 'current_step' ? Number(item.current_step ?? 0) : 0;
    const revision = Number(item.revision ?? 1) + 1;
    const round = Number(item.round) + 1;
    const name = (await accounts.findContact(db, actor.orgId, actor.userId))?.name ?? actor.label;
    const submitter = await accounts.findContact(db, actor.orgId, item.submitter_id);

    await db.transaction().execute(async (tx) => {
      const now = clock.now();
      const claim = await claimItemForRevision(tx, actor.orgId, itemId, { round: Number(item.round), status: item.status, revision: revision - 1 }, now);
      if (!claim) {
        throw new Problem('edit_conflict', {
          detail: 'The item changed while you were preparing this version (a decision, a cancellation or another version): reload and try again',
        });
      }
      if (upload && !(await attachUpload(tx, actor.orgId, upload.id, actor.userId, itemId)))
        throw new Problem('not_found', { detail: `No unused upload ${upload.id} of yours` });
      if (item.status === 'in_review') await closeRound(tx, itemId, Number(item.round), 'superseded', now);
      const content = { content_text: upload ? null : body.content!, upload_id: upload?.id ?? null, content_hash: contentHash };
      await insertItemVersion(tx, {
        item_id: itemId,
        revision,
        org_id: actor.orgId,
        ...content,
        note,
        created_by: actor.userId,
        created_at: now,
        first_round: round,
      });
      await moveItemToRevision(tx, claim, { ...content, revision, current_step: stepIndex, round });
      await appendItemEvent(tx, {
        id: newId('evt'),
        org_id: actor.orgId,
        item_id: itemId,
        at: now,
        action: 'revised',
        actor_user_id: actor.userId,
        actor_invite_id: null,
        actor_name: name,
        actor_email: actor.label,
        step_index: stepIndex,
        decision: null,
        comment: note,
        method: null,
        signature_id: null,
      });
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'item.revised',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'item', id: itemId },
        data: {
          itemId,
          revision,
          contentHash,
          previousContentHash: item.content_hash,
          note,
          step: stepIndex,
          round,
          supersededRound: item.status === 'in_review' ? Number(item.round) : null,
          onRevision: def.onRevision ?? 'restart',
          file: upload ? { name: upload.name, size: Number(upload.size) } : null,
        },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      await openRound(
        tx,
        deps,
        {
          orgId: actor.orgId,
          itemId,
          title: item.title,
          workflow: { id: item.workflow_id, version: item.workflow_version },
          submitter: { id: item.submitter_id, name: submitter?.name ?? '' },
          steps: def.steps,
          stepIndex,
          round,
          invitedBy: { userId: actor.userId, name },
        },
        now,
      );
    });
  };
}
