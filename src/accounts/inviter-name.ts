// Who an invitation says it comes from: the inviting admin's name ("Ada Lovelace invited you
// to …"), never their email address. A name is what the reader recognises, and an address in
// a subject line reads like the spam it would be confused with. Invitations made from the
// command line come from "An administrator".
import type { Executor } from '../platform/db/connect.ts';
import type { Actor } from './types.ts';
import { findUser } from './users.store.ts';

export async function inviterName(db: Executor, actor: Pick<Actor, 'orgId' | 'userId'>): Promise<string> {
  const row = await findUser(db, actor.orgId, actor.userId);
  return row?.name.trim() || 'An administrator';
}
