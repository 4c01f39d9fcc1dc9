// SQL for single sign-on: pending authorization flows (single use by a conditional UPDATE, so
// two callbacks with one state, on one instance or several, open at most one session) and the
// links from an IdP subject to a user.
import type { Executor } from '../../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../../platform/db/expired-rows.ts';
import type { OrgId, UserId } from '../../platform/ids.ts';

export type SsoFlowRow = {
  state: string;
  org_id: OrgId;
  code_verifier: string;
  nonce: string;
  purpose: string;
  user_id: UserId | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
};

/** A sign-in flow (its PKCE verifier and nonce) is deleted a day after it expired: its callback is refused since. */
export const EXPIRED_SSO_FLOWS: ExpiredRows = { table: 'sso_flows', key: ['state'], column: 'expires_at', keptMs: DAY_MS };

export async function insertFlow(
  db: Executor,
  flow: {
    state: string;
    orgId: OrgId;
    codeVerifier: string;
    nonce: string;
    purpose: 'login' | 'reauth';
    userId?: UserId | undefined;
    now: number;
    expiresAt: number;
  },
): Promise<void> {
  await db
    .insertInto('sso_flows')
    .values({
      state: flow.state,
      org_id: flow.orgId,
      code_verifier: flow.codeVerifier,
      nonce: flow.nonce,
      purpose: flow.purpose,
      user_id: flow.userId ?? null,
      created_at: flow.now,
      expires_at: flow.expiresAt,
      consumed_at: null,
    })
    .execute();
}

/** Marks the flow used if it is unused and unexpired; returns it only to the one caller that did. */
export async function consumeFlow(db: Executor, state: string, now: number): Promise<SsoFlowRow | undefined> {
  const result = await db
    .updateTable('sso_flows')
    .set({ consumed_at: now })
    .where('state', '=', state)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  const row = await db.selectFrom('sso_flows').selectAll().where('state', '=', state).executeTakeFirst();
  return row
    ? { ...row, created_at: Number(row.created_at), expires_at: Number(row.expires_at), consumed_at: row.consumed_at === null ? null : Number(row.consumed_at) }
    : undefined;
}

export async function findLinkedUserId(db: Executor, orgId: OrgId, issuer: string, subject: string): Promise<UserId | undefined> {
  const row = await db
    .selectFrom('sso_identities')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

/** Links the subject to the user; a concurrent first sign-in that linked it already wins. */
export async function insertIdentity(db: Executor, link: { orgId: OrgId; issuer: string; subject: string; userId: UserId; now: number }): Promise<void> {
  await db
    .insertInto('sso_identities')
    .values({ org_id: link.orgId, issuer: link.issuer, subject: link.subject, user_id: link.userId, created_at: link.now })
    .onConflict((oc) => oc.columns(['org_id', 'issuer', 'subject']).doNothing())
    .execute();
}

export async function hasIdentityAtIssuer(db: Executor, orgId: OrgId, issuer: string, userId: UserId): Promise<boolean> {
  const row = await db
    .selectFrom('sso_identities')
    .select('subject')
    .where('org_id', '=', orgId)
    .where('issuer', '=', issuer)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The organisation of a flow whatever its state, to audit a replayed or foreign callback. */
export async function findFlowOrgId(db: Executor, state: string): Promise<OrgId | undefined> {
  const row = await db.selectFrom('sso_flows').select('org_id').where('state', '=', state).executeTakeFirst();
  return row?.org_id;
}
