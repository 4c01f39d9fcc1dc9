// Comments that are a conversation (issue 13 item 5): besides the decision comment, anyone who
// can read an item (its submitter, its reviewers ever, admins; item-view.ts loadVisible, 404
// for anyone else) can comment on it, threaded by the content version the comment speaks
// about. A comment is never edited or deleted (the table refuses it, migration 0015);
// corrections are new comments. Each one is audited (`item.commented`) with the SHA-256 of its
// text rather than the text: the hash chain then binds the exact words, so a row changed by
// someone with owner rights on the database shows, while the discussion itself stays out of
// the organisation-wide audit export. @mentions email the people mentioned, readers of the
// item only (mentions.ts), with a link and never the text (content does not travel by email).
// Confirmed guest reviewers take part too (guests/index.ts checks the guest session and the
// invite): their comments are audited the same way, their text is plain (a guest's '@' mentions
// and emails nobody), and members cannot mention guests (mentionable people are members only).
import { createHash } from 'node:crypto';
import type { Actor } from '../../accounts/index.ts';
import { iso } from '../../platform/clock.ts';
import { newId, type ItemId, type OrgId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import type { RequestMeta as Meta } from '../../platform/request-meta.ts';
import { backoff, type AttemptPolicy } from '../../platform/rate-limit.ts';
import type { WorkflowsDeps } from '../deps.ts';
import type { ItemViews } from '../item-view.ts';
import type { ItemRow } from '../items.store.ts';
import { guestActor } from '../guests/invites.ts';
import { findInviteById } from '../guests/guests.store.ts';
import type { Tx } from '../../platform/db/connect.ts';
import { insertComment, listComments, listReviewerIds, lockItem, type CommentRow } from './comments.store.ts';
import { MAX_MENTIONS, mentionHandles, resolveMentions, type Mentionable } from './mentions.ts';
import type { InviteId, UserId } from '../../platform/ids.ts';
import { itemLink } from '../item-link.ts';

export type CommentPerson = { id: string; name: string; email: string; guest?: true };
/** Who writes a comment: a member, or a confirmed guest (then `id` is their invite's). */
type Author = ({ kind: 'member'; id: UserId } | { kind: 'guest'; id: InviteId }) & { name: string; email: string; audit: { userId?: string; label: string } };
export type CommentView = { id: string; at: string; author: CommentPerson; text: string; revision: number; mentions: CommentPerson[] };
export type CommentInput = { text: string; revision?: number | undefined };

/** How a guest's name reads to everyone: "Name (guest)". */
const guestAuthorName = (name: string) => `${name} (guest)`;

/** The item's content version a comment belongs to by default: 1 at submission, +1 per revision. */
const currentRevision = (item: ItemRow): number => Number(item.revision);

/** 20 comments in a row per user, then one a second doubling to one a minute; 10 quiet minutes forget them. */
const COMMENT_POLICY: AttemptPolicy = { delays: backoff(20, 60_000), windowMs: 10 * 60_000, onSuccess: 'refund' };

const textSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function createComments(deps: WorkflowsDeps, views: Pick<ItemViews, 'loadVisible'>) {
  const { db, clock, audit, mail, limiter, config, accounts } = deps;

  /** The active people who can read the item (item-view.ts loadVisible): its submitter, its reviewers ever, the admins. */
  async function readers(item: ItemRow): Promise<Mentionable[]> {
    const reviewers = new Set(await listReviewerIds(db, item.id));
    const named = { userIds: [item.submitter_id, ...reviewers], roles: ['admin'] as const };
    const members = await accounts.listActiveMembersNamed(db, item.org_id as Actor['orgId'], named);
    const readable = members.filter((m) => m.id === item.submitter_id || reviewers.has(m.id) || m.roles.includes('admin'));
    return mentionHandles(
      readable.map((m) => ({ id: m.id, name: m.name, email: m.email })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    );
  }

  function authorOf(row: CommentRow): CommentPerson {
    return row.author_invite_id !== null
      ? { id: row.author_invite_id, name: guestAuthorName(row.author_name), email: row.author_email, guest: true }
      : { id: row.author_user_id!, name: row.author_name, email: row.author_email };
  }

  function toView(row: CommentRow, people: Map<string, CommentPerson>): CommentView {
    const ids = JSON.parse(row.mentions) as string[];
    return {
      id: row.id,
      at: iso(Number(row.at)),
      author: authorOf(row),
      text: row.text,
      revision: Number(row.revision),
      mentions: ids.map((id) => people.get(id) ?? { id, name: '', email: '' }),
    };
  }

  /** Appends the comment, its audit entry and the mention emails in one transaction under the item's lock. */
  async function append(
    item: ItemRow,
    author: Author,
    text: string,
    revision: number,
    mentioned: Mentionable[],
    meta: Meta,
    guard?: (tx: Tx, now: number) => Promise<void>,
  ): Promise<CommentRow> {
    const orgId = item.org_id;
    const itemKey = item.id;
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      await lockItem(tx, orgId, itemKey);
      await guard?.(tx, now);
      const saved = await insertComment(tx, {
        id: newId('cmt'),
        org_id: orgId,
        item_id: itemKey,
        revision,
        author_user_id: author.kind === 'member' ? author.id : null,
        author_invite_id: author.kind === 'guest' ? author.id : null,
        author_name: author.name,
        author_email: author.email,
        text,
        mentions: JSON.stringify(mentioned.map((p) => p.id)),
        at: now,
      });
      await audit.append(tx, {
        orgId,
        type: 'item.commented',
        actor: author.audit,
        target: { type: 'item', id: itemKey },
        data: {
          itemId: itemKey,
          commentId: saved.id,
          seq: saved.seq,
          revision: saved.revision,
          textSha256: textSha256(text),
          length: text.length,
          mentions: mentioned.map((p) => p.id),
          ...(author.kind === 'guest' ? { inviteId: author.id } : {}),
        },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      for (const p of mentioned) {
        await mail.enqueue(tx, {
          orgId,
          to: p.email,
          template: 'comment-mention',
          vars: {
            name: p.name,
            author: author.name,
            title: item.title,
            revision: saved.revision,
            link: `${itemLink(config.baseUrl, itemKey)}#comment-${saved.id}`,
          },
        });
      }
      return saved;
    });
  }

  /** The item's comments oldest first, and the people a new comment may mention (for suggestions). */
  async function list(
    actor: Actor,
    itemId: ItemId,
  ): Promise<{ comments: CommentView[]; mentionable: (CommentPerson & { handle: string })[]; currentRevision: number }> {
    const { item } = await views.loadVisible(actor, itemId);
    const rows = await listComments(db, actor.orgId, item.id);
    const people = await readers(item);
    const known = new Map<string, CommentPerson>();
    for (const r of rows) if (r.author_user_id !== null) known.set(r.author_user_id, authorOf(r));
    for (const p of people) known.set(p.id, { id: p.id, name: p.name, email: p.email });
    return {
      comments: rows.map((r) => toView(r, known)),
      mentionable: people.filter((p) => p.id !== actor.userId).map((p) => ({ id: p.id, name: p.name, email: p.email, handle: p.handle })),
      currentRevision: currentRevision(item),
    };
  }

  async function post(actor: Actor, itemId: ItemId, input: CommentInput, meta: Meta): Promise<CommentView> {
    const { item } = await views.loadVisible(actor, itemId);
    const text = input.text.trim();
    const current = currentRevision(item);
    if (input.revision !== undefined && input.revision > current) {
      throw new Problem('invalid_request', {
        detail: `The item has no version ${input.revision} yet (its current version is ${current})`,
        extensions: { errors: [{ pointer: '/revision', detail: `at most ${current}` }] },
      });
    }
    const people = await readers(item);
    const mentioned = resolveMentions(text, people).filter((p) => p.id !== actor.userId);
    if (mentioned.length > MAX_MENTIONS) {
      throw new Problem('invalid_request', {
        detail: `A comment can mention at most ${MAX_MENTIONS} people`,
        extensions: { errors: [{ pointer: '/text', detail: `at most ${MAX_MENTIONS} mentions` }] },
      });
    }
    await limiter.reserve([{ key: `comment:${actor.userId}`, policy: COMMENT_POLICY }]);

    const person = people.find((p) => p.id === actor.userId) ?? { id: actor.userId, name: actor.label, email: actor.label };
    const author: Author = { kind: 'member', id: actor.userId, name: person.name, email: person.email, audit: { userId: actor.userId, label: actor.label } };
    const row = await append(item, author, text, input.revision ?? current, mentioned, meta);
    return toView(row, new Map(mentioned.map((p) => [p.id, { id: p.id, name: p.name, email: p.email }])));
  }

  /**
   * A confirmed guest's comment (the caller checked the guest session, the invite and the item):
   * about the item's current version, plain text (no mentions, no email), rate-limited per invite.
   */
  async function postAsGuest(
    guest: { inviteId: InviteId; name: string; email: string },
    item: ItemRow,
    input: { text: string },
    meta: Meta,
  ): Promise<CommentView> {
    const text = input.text.trim();
    await limiter.reserve([{ key: `comment:guest:${guest.inviteId}`, policy: COMMENT_POLICY }]);
    const author: Author = { kind: 'guest', id: guest.inviteId, name: guest.name, email: guest.email, audit: guestActor(guest) };
    // Checked again in the transaction: a revocation that committed since the guest's check wins.
    const stillInvited = async (tx: Tx, now: number) => {
      const invite = await findInviteById(tx, item.org_id, guest.inviteId);
      if (!invite || invite.revoked_at !== null)
        throw new Problem('invite_revoked', { detail: 'This invitation was withdrawn: ask the person who invited you for a new one' });
      if (Number(invite.expires_at) <= now)
        throw new Problem('invite_expired', { detail: 'This invitation has expired: ask the person who invited you to send it again' });
    };
    return toView(await append(item, author, text, currentRevision(item), [], meta, stillInvited), new Map());
  }

  /**
   * The comments a guest may read, oldest first: their own (by their invited email, as in the
   * guest history) always, everyone else's only when `showOthers` (their step's showCommentsToGuests).
   * Mentions are left out: they name members' accounts, which a guest has no use for.
   */
  async function listForGuest(guest: { orgId: OrgId; itemId: ItemId; email: string }, showOthers: boolean): Promise<CommentView[]> {
    const rows = await listComments(db, guest.orgId, guest.itemId);
    const own = (r: CommentRow) => r.author_invite_id !== null && r.author_email.toLowerCase() === guest.email.toLowerCase();
    return rows.filter((r) => showOthers || own(r)).map((r) => ({ ...toView(r, new Map()), mentions: [] }));
  }

  return { list, post, postAsGuest, listForGuest };
}

export type Comments = ReturnType<typeof createComments>;
