// Guest invitations (PRODUCT.md §6): when a step with guest reviewers opens, each guest gets an
// invite email with a link. The link token has 256 bits and is stored only as its HMAC
// (SECURITY.md I4); the link alone shows and changes nothing (guest-sessions.ts).
import type { Tx } from '../../platform/db/connect.ts';
import { hmacHex } from '../../platform/crypto/digest.ts';
import { newToken } from '../../platform/crypto/random.ts';
import { newId, type InviteId, type ItemId, type OrgId } from '../../platform/ids.ts';
import type { WorkflowsDeps } from '../deps.ts';
import { insertInvite } from './guests.store.ts';

export const inviteTokenHash = (key: Uint8Array, token: string) => hmacHex(key, `guest-invite:${token}`);
export const inviteLink = (baseUrl: string, token: string) => `${baseUrl}/guest/${token}`;

export type InviteRound = { orgId: OrgId; itemId: ItemId; title: string; round: number; stepIndex: number; stepName: string; invitedBy: { userId: string | null; name: string } };

/** Creates one invite per guest and queues its email, in the caller's transaction. */
export async function createInvites(tx: Tx, deps: Pick<WorkflowsDeps, 'hmacKey' | 'mail' | 'audit' | 'accounts' | 'config'>, r: InviteRound, guests: { email: string; name: string }[], now: number) {
  const org = await deps.accounts.findOrganization(tx, r.orgId);
  const created: { inviteId: InviteId; email: string; name: string }[] = [];
  for (const g of guests) {
    const inviteId = newId<InviteId>('gin');
    const token = newToken();
    await insertInvite(tx, {
      id: inviteId, org_id: r.orgId, item_id: r.itemId, round: r.round, step_index: r.stepIndex, email: g.email, name: g.name,
      token_hash: inviteTokenHash(deps.hmacKey, token), invited_by: r.invitedBy.userId, created_at: now, expires_at: now + deps.config.inviteTtlMs,
      last_sent_at: now, revoked_at: null, decided_at: null,
    });
    await enqueueInviteMail(tx, deps, { ...r, organization: org?.name ?? '' }, { email: g.email, name: g.name }, token);
    await deps.audit.append(tx, {
      orgId: r.orgId, type: 'guest.invited', actor: r.invitedBy.userId ? { userId: r.invitedBy.userId, label: r.invitedBy.name } : { label: 'signoff' },
      target: { type: 'item', id: r.itemId }, data: { itemId: r.itemId, inviteId, email: g.email, step: r.stepIndex, expiresAt: new Date(now + deps.config.inviteTtlMs).toISOString() },
    });
    created.push({ inviteId, ...g });
  }
  return created;
}

export async function enqueueInviteMail(tx: Tx, deps: Pick<WorkflowsDeps, 'mail' | 'config'>, r: InviteRound & { organization: string }, guest: { email: string; name: string }, token: string) {
  await deps.mail.enqueue(tx, {
    orgId: r.orgId, to: guest.email, template: 'guest-invite',
    vars: { name: guest.name, invitedBy: r.invitedBy.name, organization: r.organization, title: r.title, stepName: r.stepName, link: inviteLink(deps.config.baseUrl, token), expiresMinutes: Math.round(deps.config.inviteTtlMs / 60_000) },
  });
}
