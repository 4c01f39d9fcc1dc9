// What a confirmed guest sees (docs/guide.md §6): the item's content (text, or the file's name and
// size with a download link under the guest's own link), the step they were invited to, whether
// they decided or still can, and the item's history. Only for a confirmed session: the caller
// (guests/index.ts) checks that first; before it, the guest sees only `code_required`. Reviewers'
// comments are left out unless the guest's step shows them (`showCommentsToGuests`); the same
// rule holds for the item's conversation (comments/): the guest's own comments always, others' then.
import type { HistoryEntry, ItemView } from '../types.ts';
import type { Definitions } from '../definitions.ts';
import type { WorkflowsDeps } from '../deps.ts';
import type { ItemViews } from '../item-view.ts';
import type { CommentView, Comments } from '../comments/comments.ts';
import { findItem, findTask } from '../items.store.ts';
import { inviteKey } from '../reviewer-keys.ts';
import { findUpload } from '../uploads.store.ts';
import { Problem } from '../../platform/problems.ts';
import type { InviteRow } from './guests.store.ts';
import { isRoundOver } from './invites.ts';

export type GuestItem = {
  id: string;
  title: string;
  description: string;
  status: ItemView['status'];
  contentHash: string;
  content: ItemView['content'];
  step: { index: number; name: string };
  guest: { email: string; name: string };
  decided: boolean;
  canDecide: boolean;
  history: HistoryEntry[];
  comments: CommentView[];
};

export function createGuestView(deps: WorkflowsDeps, definitions: Definitions, views: Pick<ItemViews, 'history'>, comments: Pick<Comments, 'listForGuest'>) {
  const { db } = deps;

  async function load(invite: InviteRow) {
    const item = await findItem(db, invite.org_id, invite.item_id);
    if (!item) throw new Problem('not_found', { detail: 'The item of this invitation no longer exists' });
    return { item, def: (await definitions.load(db, item.org_id, item.workflow_id, item.workflow_version))! };
  }

  /** `token` is the guest's link token: the file is downloaded under it. */
  async function guestItem(invite: InviteRow, token: string): Promise<GuestItem> {
    const { item, def } = await load(invite);
    const upload = item.upload_id ? await findUpload(db, item.org_id, item.upload_id) : undefined;
    const task = isRoundOver(invite, item) ? undefined : await findTask(db, item.id, Number(invite.round), inviteKey(invite.id));
    const decided = invite.decided_at !== null;
    const showComments = def.steps[invite.step_index]?.showCommentsToGuests === true;
    return {
      id: item.id,
      title: item.title,
      description: item.description,
      status: item.status as ItemView['status'],
      contentHash: item.content_hash,
      content: upload
        ? { type: 'file', name: upload.name, size: Number(upload.size), downloadUrl: `/api/v1/guest/${encodeURIComponent(token)}/content` }
        : { type: 'text', text: item.content_text ?? '' },
      step: { index: Number(invite.step_index), name: def.steps[invite.step_index]?.name ?? '' },
      guest: { email: invite.email, name: invite.name },
      decided,
      canDecide: !decided && task?.open === 1,
      history: forGuest(await views.history(db, item, def), invite, showComments),
      comments: await comments.listForGuest({ orgId: item.org_id, itemId: item.id, email: invite.email }, showComments),
    };
  }

  /** The item's file, when it has one. */
  async function findFile(invite: InviteRow) {
    const { item } = await load(invite);
    return item.upload_id ? findUpload(db, item.org_id, item.upload_id) : undefined;
  }

  return { guestItem, findFile };
}

/**
 * The history as a guest sees it: internal reviewers' comments only when the step the guest was
 * invited to says so (`showCommentsToGuests`, off by default); the guest's own comments always.
 */
function forGuest(history: HistoryEntry[], invite: InviteRow, showComments: boolean): HistoryEntry[] {
  if (showComments) return history;
  const own = (e: HistoryEntry) => e.actor?.guest === true && e.actor.email.toLowerCase() === invite.email.toLowerCase();
  return history.map((e) => {
    if (e.comment === undefined || own(e)) return e;
    const { comment: _hidden, ...rest } = e;
    return rest;
  });
}
