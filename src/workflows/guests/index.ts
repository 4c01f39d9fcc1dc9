// Guest reviewers (docs/guide.md §6, docs/security.md I1–I5), in the order a guest meets them:
//   the link (GET: reads only, shows nothing until confirmed) → ask for a code (this session's,
//   emailed to the invited address) → confirm it in the same session → read the item → decide,
//   recorded by the decision pipeline against the invited, confirmed email.
// And the owner's side: list, resend, revoke (invites.ts).
import type { createDecide } from '../decide.ts';
import type { Rounds } from '../rounds.ts';
import type { RequestMeta as Meta } from '../../platform/request-meta.ts';
import type { Definitions } from '../definitions.ts';
import type { WorkflowsDeps } from '../deps.ts';
import type { ItemViews } from '../item-view.ts';
import type { Uploads } from '../uploads.ts';
import type { Comments } from '../comments/comments.ts';
import { Problem } from '../../platform/problems.ts';
import { findItem } from '../items.store.ts';
import { createGuestSessions } from './guest-sessions.ts';
import { createGuestView, type GuestItem } from './guest-view.ts';
import { findInviteById } from './guests.store.ts';
import { createInviteManagement, isRoundOver } from './invites.ts';

type Decide = ReturnType<typeof createDecide>['decide'];
type WithdrawReviewer = Rounds['withdrawReviewer'];
export type GuestPageView = { state: 'code_required'; siteName: string } | { state: 'verified'; item: GuestItem };

export function createGuests(
  deps: WorkflowsDeps,
  parts: { definitions: Definitions; views: ItemViews; uploads: Uploads; decide: Decide; withdrawReviewer: WithdrawReviewer; comments: Comments },
) {
  const { db, config } = deps;
  const sessions = createGuestSessions(deps);
  const view = createGuestView(deps, parts.definitions, parts.views, parts.comments);
  const invites = createInviteManagement(deps, parts.views, parts.withdrawReviewer);

  return {
    /** The guest page: nothing of the item until this session is confirmed. No side effects (I1). */
    async view(token: string, presented: string | undefined): Promise<GuestPageView> {
      const { invite, verified } = await sessions.findVerified(token, presented);
      return verified ? { state: 'verified', item: await view.guestItem(invite, token) } : { state: 'code_required', siteName: config.siteName };
    },

    requestCode: (token: string, presented: string | undefined, meta: Meta) => sessions.requestCode(token, presented, meta),
    verify: (token: string, presented: string | undefined, code: string, meta: Meta) => sessions.verify(token, presented, code, meta),

    /** The item's file, streamed to a confirmed session only. */
    async openContent(token: string, presented: string | undefined) {
      const invite = await sessions.getVerified(token, presented);
      const file = await view.findFile(invite);
      if (!file) throw new Problem('not_found', { detail: 'This item has text content, not a file' });
      return { name: file.name, size: Number(file.size), sha256: file.sha256, stream: parts.uploads.open(file.id) };
    },

    /** Approve or reject as the invited, confirmed email (I5); one vote per invite (decide, K1). */
    async decide(token: string, presented: string | undefined, input: { decision: 'approve' | 'reject'; comment?: string | undefined }, meta: Meta) {
      const invite = await sessions.getVerified(token, presented);
      const item = await findItem(db, invite.org_id, invite.item_id);
      if (!item || isRoundOver(invite, item)) throw new Problem('step_closed', { detail: 'The step you were invited to is no longer open' });
      const decider = { kind: 'guest' as const, orgId: invite.org_id, inviteId: invite.id, email: invite.email, name: invite.name };
      const result = await parts.decide(decider, invite.item_id, { step: Number(invite.step_index), decision: input.decision, comment: input.comment }, meta);
      const after = (await findInviteById(db, invite.org_id, invite.id))!;
      return { decision: result.decision, item: await view.guestItem(after, token) };
    },

    /** Comment as the invited, confirmed email (comments.ts postAsGuest), while the invite lives (I5). */
    async comment(token: string, presented: string | undefined, input: { text: string }, meta: Meta) {
      const invite = await sessions.getVerified(token, presented);
      const item = await findItem(db, invite.org_id, invite.item_id);
      if (!item) throw new Problem('not_found', { detail: 'The item of this invitation no longer exists' });
      return parts.comments.postAsGuest({ inviteId: invite.id, name: invite.name, email: invite.email }, item, input, meta);
    },

    listInvites: invites.list,
    resendInvite: invites.resend,
    revokeInvite: invites.revoke,
  };
}
