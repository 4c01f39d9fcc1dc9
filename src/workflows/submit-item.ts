// Submitting an item: its content (text, or a file uploaded before) and SHA-256 fix its
// version; it starts at the first step of the workflow's current version, which it keeps.
import { createHash } from 'node:crypto';
import type { Actor } from '../accounts/index.ts';
import type { ItemBody } from './types.ts';
import { newId, type ItemId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { Definitions } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { appendItemEvent, insertItem } from './items.store.ts';
import { assertEveryStepReviewable, namedBy, openRound } from './rounds.ts';
import { attachUpload, findUpload } from './uploads.store.ts';
import { insertItemVersion } from './revisions.store.ts';

export function createSubmitItem(deps: WorkflowsDeps, definitions: Definitions) {
  const { db, clock, audit, accounts } = deps;

  return async function submitItem(actor: Actor, body: ItemBody, meta: { ip: string; requestId?: string | undefined }) {
    if ((body.content === undefined) === (body.uploadId === undefined)) {
      throw new Problem('invalid_request', {
        detail: 'Give the content as text (`content`) or as an uploaded file (`uploadId`), not both',
        extensions: { errors: [{ pointer: '#/content', detail: 'exactly one of content and uploadId' }] },
      });
    }
    const wf = await definitions.findCurrent(db, actor.orgId, body.workflowId);
    if (!wf) throw new Problem('not_found', { detail: `No workflow ${body.workflowId}` });
    const def = (await definitions.load(db, actor.orgId, wf.id, wf.current_version))!;
    const upload = body.uploadId ? await findUpload(db, actor.orgId, body.uploadId) : undefined;
    if (body.uploadId && (!upload || upload.user_id !== actor.userId || upload.item_id !== null))
      throw new Problem('not_found', { detail: `No unused upload ${body.uploadId} of yours` });
    const contentHash = upload ? upload.sha256 : createHash('sha256').update(body.content!, 'utf8').digest('hex');
    const submitter = await accounts.findContact(db, actor.orgId, actor.userId);
    const id = newId<ItemId>('itm');
    const now = clock.now();

    await db.transaction().execute(async (tx) => {
      const named = await accounts.listActiveMembersNamed(tx, actor.orgId, namedBy(def.steps.flatMap((s) => s.reviewers)));
      assertEveryStepReviewable(def.steps, named, actor.userId);
      if (upload && !(await attachUpload(tx, actor.orgId, upload.id, actor.userId, id)))
        throw new Problem('not_found', { detail: `No unused upload ${upload.id} of yours` });
      await insertItem(tx, {
        id,
        org_id: actor.orgId,
        workflow_id: wf.id,
        workflow_version: def.version,
        title: body.title,
        description: body.description ?? '',
        content_text: upload ? null : body.content!,
        upload_id: upload?.id ?? null,
        content_hash: contentHash,
        submitter_id: actor.userId,
        status: 'in_review',
        current_step: 0,
        round: 1,
        created_at: now,
        updated_at: now,
        closed_at: null,
        revision: 1,
      });
      await insertItemVersion(tx, {
        item_id: id,
        revision: 1,
        org_id: actor.orgId,
        content_text: upload ? null : body.content!,
        upload_id: upload?.id ?? null,
        content_hash: contentHash,
        note: null,
        created_by: actor.userId,
        created_at: now,
        first_round: 1,
      });
      await appendItemEvent(tx, {
        id: newId('evt'),
        org_id: actor.orgId,
        item_id: id,
        at: now,
        action: 'submitted',
        actor_user_id: actor.userId,
        actor_invite_id: null,
        actor_name: submitter?.name ?? actor.label,
        actor_email: actor.label,
        step_index: null,
        decision: null,
        comment: null,
        method: null,
        signature_id: null,
      });
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'item.submitted',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'item', id },
        data: {
          itemId: id,
          workflowId: wf.id,
          workflowVersion: def.version,
          title: body.title,
          contentHash,
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
          itemId: id,
          title: body.title,
          workflow: { id: wf.id, version: def.version },
          submitter: { id: actor.userId, name: submitter?.name ?? actor.label },
          steps: def.steps,
          stepIndex: 0,
          round: 1,
          invitedBy: { userId: actor.userId, name: submitter?.name ?? actor.label },
        },
        now,
      );
    });
    return { id, status: 'in_review' as const, currentStep: 0, contentHash };
  };
}
