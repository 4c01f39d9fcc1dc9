// Guest invitations (docs/guide.md §6): when a step with guest reviewers opens, each guest gets an
// invite email with a link. The link token has 256 bits and is stored only as its HMAC
// (docs/security.md I4); the link alone shows and changes nothing (guest-sessions.ts). The item's
// submitter or an admin lists, resends (a new link: the old one dies) and revokes them
// (at once: every guest session of the invite stops working).
import type { Actor } from '../../accounts/index.ts';
import { iso } from '../../platform/clock.ts';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import { hmacHex } from '../../platform/crypto/digest.ts';
import { newToken } from '../../platform/crypto/random.ts';
import { newId, type InviteId, type ItemId, type OrgId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import type { WorkflowsDeps } from '../deps.ts';
import type { ItemViews } from '../item-view.ts';
import type { ItemRow } from '../items.store.ts';
import type { RequestMeta as Meta } from '../../platform/request-meta.ts';
import { inviteKey } from '../reviewer-keys.ts';
import {
  findInviteById,
  findInviteByTokenHash,
  insertInvite,
  listInvitesOfItem,
  listVerifiedInviteIds,
  replaceInviteToken,
  revokeInvite,
  type InviteRow,
} from './guests.store.ts';
import type { UserId } from '../../platform/ids.ts';

export const inviteTokenHash = (key: Uint8Array, token: string) => hmacHex(key, `guest-invite:${token}`);
export const inviteLink = (baseUrl: string, token: string) => `${baseUrl}/guest/${token}`;
export const guestActor = (invite: Pick<InviteRow, 'email'>) => ({ label: `guest ${invite.email}` });

export type InviteRound = {
  orgId: OrgId;
  itemId: ItemId;
  title: string;
  round: number;
  stepIndex: number;
  stepName: string;
  invitedBy: { userId: UserId | null; name: string };
};
export type InviteStatus = 'pending' | 'verified' | 'decided' | 'expired' | 'revoked' | 'closed';
export type InviteView = {
  id: string;
  email: string;
  name: string;
  step: number;
  status: InviteStatus;
  createdAt: string;
  expiresAt: string;
  lastSentAt: string;
};

/** Creates one invite per guest and queues its email, in the caller's transaction. */
export async function createInvites(
  tx: Tx,
  deps: Pick<WorkflowsDeps, 'hmacKey' | 'mail' | 'audit' | 'accounts' | 'config'>,
  r: InviteRound,
  guests: { email: string; name: string }[],
  now: number,
) {
  const org = await deps.accounts.findOrganization(tx, r.orgId);
  const created: { inviteId: InviteId; email: string; name: string }[] = [];
  for (const g of guests) {
    const inviteId = newId<InviteId>('gin');
    const token = newToken();
    await insertInvite(tx, {
      id: inviteId,
      org_id: r.orgId,
      item_id: r.itemId,
      round: r.round,
      step_index: r.stepIndex,
      email: g.email,
      name: g.name,
      token_hash: inviteTokenHash(deps.hmacKey, token),
      invited_by: r.invitedBy.userId,
      created_at: now,
      expires_at: now + deps.config.inviteTtlMs,
      last_sent_at: now,
      revoked_at: null,
      decided_at: null,
    });
    await enqueueInviteMail(tx, deps, { ...r, organization: org?.name ?? '' }, { email: g.email, name: g.name }, token);
    await deps.audit.append(tx, {
      orgId: r.orgId,
      type: 'guest.invited',
      actor: r.invitedBy.userId ? { userId: r.invitedBy.userId, label: r.invitedBy.name } : { label: 'signoff' },
      target: { type: 'item', id: r.itemId },
      data: { itemId: r.itemId, inviteId, email: g.email, step: r.stepIndex, expiresAt: new Date(now + deps.config.inviteTtlMs).toISOString() },
    });
    created.push({ inviteId, ...g });
  }
  return created;
}

async function enqueueInviteMail(
  tx: Tx,
  deps: Pick<WorkflowsDeps, 'mail' | 'config'>,
  r: InviteRound & { organization: string },
  guest: { email: string; name: string },
  token: string,
) {
  await deps.mail.enqueue(tx, {
    orgId: r.orgId,
    to: guest.email,
    template: 'guest-invite',
    vars: {
      name: guest.name,
      invitedBy: r.invitedBy.name,
      organization: r.organization,
      title: r.title,
      stepName: r.stepName,
      link: inviteLink(deps.config.baseUrl, token),
      expiresMinutes: Math.round(deps.config.inviteTtlMs / 60_000),
    },
  });
}

/**
 * The invite a link stands for, or a refusal: 404 for a link that matches nothing (never
 * issued, or replaced by a resend), 410 invite_revoked, 410 invite_expired. Reads only.
 */
export async function getInviteByToken(db: Executor, hmacKey: Uint8Array, token: string, now: number): Promise<InviteRow> {
  const invite = await findInviteByTokenHash(db, inviteTokenHash(hmacKey, token));
  if (!invite) throw new Problem('not_found', { detail: 'This review link is not valid: it may have been replaced by a newer invitation email' });
  if (invite.revoked_at !== null)
    throw new Problem('invite_revoked', { detail: 'This invitation was withdrawn: ask the person who invited you for a new one' });
  if (Number(invite.expires_at) <= now)
    throw new Problem('invite_expired', { detail: 'This invitation has expired: ask the person who invited you to send it again' });
  return invite;
}

/** Whether the invite's round is over: the item moved on, closed, or was cancelled. */
export const isRoundOver = (invite: InviteRow, item: Pick<ItemRow, 'status' | 'round'>) =>
  item.status !== 'in_review' || Number(item.round) !== Number(invite.round);

function statusOf(invite: InviteRow, item: ItemRow, verified: Set<string>, now: number): InviteStatus {
  if (invite.revoked_at !== null) return 'revoked';
  if (invite.decided_at !== null) return 'decided';
  if (isRoundOver(invite, item)) return 'closed';
  if (Number(invite.expires_at) <= now) return 'expired';
  return verified.has(invite.id) ? 'verified' : 'pending';
}

const viewOf = (invite: InviteRow, status: InviteStatus): InviteView => ({
  id: invite.id,
  email: invite.email,
  name: invite.name,
  step: Number(invite.step_index),
  status,
  createdAt: iso(Number(invite.created_at)),
  expiresAt: iso(Number(invite.expires_at)),
  lastSentAt: iso(Number(invite.last_sent_at)),
});

/** The owner's side: list, resend, revoke. Only the item's submitter or an admin (others who may read the item: 403; anyone else: 404). */
export function createInviteManagement(
  deps: WorkflowsDeps,
  views: Pick<ItemViews, 'loadVisible'>,
  withdrawReviewer: (tx: Tx, item: ItemRow, reviewerKey: string, meta: Meta) => Promise<void>,
) {
  const { db, clock, audit, accounts, hmacKey, config } = deps;

  async function loadOwned(actor: Actor, itemId: ItemId) {
    const { item, def } = await views.loadVisible(actor, itemId);
    if (item.submitter_id !== actor.userId && !actor.roles.includes('admin'))
      throw new Problem('forbidden', { detail: "Only the item's submitter or an admin manages its guest invitations" });
    return { item, def };
  }

  async function loadInvite(actor: Actor, itemId: ItemId, inviteId: InviteId) {
    const { item, def } = await loadOwned(actor, itemId);
    const invite = await findInviteById(db, actor.orgId, inviteId);
    if (!invite || invite.item_id !== item.id) throw new Problem('not_found', { detail: `No invitation ${inviteId} on item ${itemId}` });
    return { item, def, invite };
  }

  async function viewOne(inviteId: InviteId, item: ItemRow): Promise<InviteView> {
    const now = clock.now();
    const invite = (await findInviteById(db, item.org_id, inviteId))!;
    return viewOf(invite, statusOf(invite, item, await listVerifiedInviteIds(db, item.id, now), now));
  }

  return {
    async list(actor: Actor, itemId: ItemId): Promise<InviteView[]> {
      const { item } = await loadOwned(actor, itemId);
      const now = clock.now();
      const verified = await listVerifiedInviteIds(db, item.id, now);
      return (await listInvitesOfItem(db, actor.orgId, item.id)).map((i) => viewOf(i, statusOf(i, item, verified, now)));
    },

    /** A new link (the old one stops working), a new expiry, the email again. */
    async resend(actor: Actor, itemId: ItemId, inviteId: InviteId, meta: Meta): Promise<InviteView> {
      const { item, def, invite } = await loadInvite(actor, itemId, inviteId);
      if (invite.revoked_at !== null) throw new Problem('invite_revoked', { detail: `The invitation of ${invite.email} was revoked: it cannot be sent again` });
      if (invite.decided_at !== null) throw new Problem('already_decided', { detail: `${invite.email} has already decided` });
      if (isRoundOver(invite, item))
        throw new Problem('step_closed', {
          detail: `The step "${def.steps[invite.step_index]?.name ?? invite.step_index}" is no longer open for this invitation`,
        });
      const now = clock.now();
      const token = newToken();
      const expiresAt = now + config.inviteTtlMs;
      await db.transaction().execute(async (tx) => {
        // Conditional: a revoke or the guest's own decision at the same moment wins (on
        // PostgreSQL a decided guest used to be sent a new link that could only say so).
        if (!(await replaceInviteToken(tx, invite.id, inviteTokenHash(hmacKey, token), expiresAt, now))) {
          const current = await findInviteById(tx, actor.orgId, invite.id);
          throw current?.revoked_at == null ? new Problem('already_decided', { detail: `${invite.email} has already decided` }) : new Problem('invite_revoked');
        }
        const [org, me] = await Promise.all([accounts.findOrganization(tx, actor.orgId), accounts.findContact(tx, actor.orgId, actor.userId)]);
        const round = {
          orgId: actor.orgId,
          itemId: item.id,
          title: item.title,
          round: Number(invite.round),
          stepIndex: Number(invite.step_index),
          stepName: def.steps[invite.step_index]?.name ?? '',
          invitedBy: { userId: actor.userId, name: me?.name ?? actor.label },
        };
        await enqueueInviteMail(tx, deps, { ...round, organization: org?.name ?? '' }, invite, token);
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'guest.invite_resent',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'item', id: item.id },
          data: { itemId: item.id, inviteId: invite.id, email: invite.email, step: Number(invite.step_index), expiresAt: iso(expiresAt) },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
      return viewOne(invite.id, item);
    },

    /** Takes effect at once: the link and every session of it stop working. Revoking twice changes nothing. */
    async revoke(actor: Actor, itemId: ItemId, inviteId: InviteId, meta: Meta): Promise<InviteView> {
      const { item, invite } = await loadInvite(actor, itemId, inviteId);
      await db.transaction().execute(async (tx) => {
        if (!(await revokeInvite(tx, invite.id, clock.now()))) return;
        if (Number(invite.round) === item.round) await withdrawReviewer(tx, item, inviteKey(invite.id), meta);
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'guest.invite_revoked',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'item', id: item.id },
          data: { itemId: item.id, inviteId: invite.id, email: invite.email, step: Number(invite.step_index) },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
      return viewOne(invite.id, item);
    },
  };
}
