// Completing an SSO sign-in at the callback, as named steps:
//   consume the flow (single use, atomic) → the state is this browser's → the organisation's
//   provider → exchange the code (openid-client checks state, nonce, PKCE, the ID token) →
//   find the user (linked subject, else the verified email of an active user, then link) →
//   the local decision, and whether SSO stands in for its prompt → audit → open the session.
// Every refusal is an SsoFailure, audited as login.failed with method sso where the
// organisation is known. No account is ever created here.
import { SIGNATURE_REAUTH_PURPOSE, type LoginContext } from '../../accounts/index.ts';
import { constantTimeEqual } from '../../platform/crypto/constant-time.ts';
import type { OrgId, UserId } from '../../platform/ids.ts';
import { decideSsoSession } from './decide-sso-session.ts';
import { exchangeCode, type OidcIdentity } from './oidc-client.ts';
import { resolveProvider } from './resolve-provider.ts';
import type { SsoDeps } from './sso-deps.ts';
import { SsoFailure } from './sso-failure.ts';
import { parseSsoSettings } from '../../settings/index.ts';
import { consumeFlow, findFlowOrgId, findLinkedUserId, hasIdentityAtIssuer, insertIdentity } from './sso.store.ts';

/** How long an IdP re-authentication for a signature stays usable. */
const SIGNATURE_REAUTH_TTL_MS = 5 * 60_000;
/** How long before the ID token was issued the provider may have authenticated the user, for it to count as a re-authentication. */
const REAUTH_MAX_AGE_S = 120;

export type SsoCallback = {
  /** The callback URL as received (redirect_uri plus the authorization response parameters). */
  callbackUrl: URL;
  /** The state the browser was given at start (cookie), to compare with the one in the URL. */
  browserState: string | undefined;
  deviceToken: string | undefined;
  ctx: LoginContext;
};

export function createCompleteSso(deps: SsoDeps) {
  const { db, audit, accounts, clock } = deps;

  async function recordFailure(orgId: OrgId | undefined, code: string, detail: string, ctx: LoginContext, who: { userId?: UserId; label: string } | undefined) {
    if (!orgId) return;
    await db.transaction().execute((tx) =>
      audit.append(tx, {
        orgId,
        type: 'login.failed',
        actor: { ...(who?.userId ? { userId: who.userId } : {}), label: who?.label ?? 'sso' },
        ...(who?.userId ? { target: { type: 'user', id: who.userId } } : {}),
        data: { method: 'sso', reason: code, detail },
        ip: ctx.ip,
        requestId: ctx.requestId,
      }),
    );
  }

  async function findUser(orgId: OrgId, id: OidcIdentity): Promise<{ userId: UserId; email: string; link: boolean }> {
    const linked = await findLinkedUserId(db, orgId, id.issuer, id.subject);
    if (linked) {
      const loaded = await accounts.loadActor(orgId, linked);
      if (!loaded) throw new SsoFailure('unknown_user', { detail: 'linked user inactive' });
      return { userId: linked, email: loaded.actor.label, link: false };
    }
    // Only a verified email links (OIDC Core §5.7: email alone is not a stable identifier), and
    // never to a user already linked to another subject of this issuer (a reassigned address).
    if (!id.email || !id.emailVerified) throw new SsoFailure('unknown_user', { detail: id.email ? 'email not verified' : 'no email claim' });
    const email = id.email.trim().toLowerCase();
    const userId = await accounts.findActiveUserIdByEmail(db, orgId, email);
    if (!userId) throw new SsoFailure('unknown_user', { detail: 'no active user with this email' });
    if (await hasIdentityAtIssuer(db, orgId, id.issuer, userId)) throw new SsoFailure('unknown_user', { detail: 'user linked to another subject' });
    return { userId, email, link: true };
  }

  /**
   * The provider re-authenticated someone for an e-signature: it must be the user who started
   * the flow, authenticated just now (auth_time at or after the flow began), and the proof is a
   * single-use token of five minutes that the signature consumes in place of the password.
   */
  async function completeReauth(orgId: OrgId, flow: { user_id: string | null; nonce: string; code_verifier: string }, state: string, cb: SsoCallback) {
    const sso = parseSsoSettings((await deps.settings(orgId)).sso);
    const provider = resolveProvider(sso, orgId, deps.secretBox, deps.issuerGuard);
    const identity = await exchangeCode(provider, cb.callbackUrl, { state, nonce: flow.nonce, codeVerifier: flow.code_verifier });
    const user = await findUser(orgId, identity);
    if (!flow.user_id || user.userId !== flow.user_id)
      throw new SsoFailure('unknown_user', { detail: 'the provider authenticated someone other than the signer' });
    // Both times are the provider's own (no comparison across clocks): it authenticated the user just before issuing this token.
    if (identity.authTime === undefined || identity.issuedAt - identity.authTime > REAUTH_MAX_AGE_S)
      throw new SsoFailure('token_invalid', { detail: 'the provider did not re-authenticate the user (auth_time too old)' });
    return db.transaction().execute(async (tx) => {
      const token = await accounts.issueAccountToken(tx, { orgId, userId: user.userId }, SIGNATURE_REAUTH_PURPOSE, SIGNATURE_REAUTH_TTL_MS);
      await audit.append(tx, {
        orgId,
        type: 'sso.reauthenticated',
        actor: { userId: user.userId, label: user.email },
        target: { type: 'user', id: user.userId },
        data: { issuer: identity.issuer, subject: identity.subject, amr: identity.amr, authTime: identity.authTime ?? null, purpose: 'signature' },
        ip: cb.ctx.ip,
        requestId: cb.ctx.requestId,
      });
      return { token, userId: user.userId };
    });
  }

  return async function completeSso(cb: SsoCallback) {
    const state = cb.callbackUrl.searchParams.get('state') ?? '';
    let orgId: OrgId | undefined;
    let who: { userId?: UserId; label: string } | undefined;
    try {
      const flow = state ? await consumeFlow(db, state, clock.now()) : undefined;
      if (!flow) {
        orgId = state ? await findFlowOrgId(db, state) : undefined;
        throw new SsoFailure('invalid_state', { detail: 'unknown, expired or used state' });
      }
      orgId = flow.org_id;
      if (!cb.browserState || !constantTimeEqual(cb.browserState, state)) throw new SsoFailure('invalid_state', { detail: 'state not bound to this browser' });
      if (flow.purpose === 'reauth') return { kind: 'reauth' as const, ...(await completeReauth(orgId, flow, state, cb)) };
      if (flow.purpose !== 'login') throw new SsoFailure('invalid_state', { detail: `flow of purpose ${flow.purpose}` });

      const sso = parseSsoSettings((await deps.settings(orgId)).sso);
      const provider = resolveProvider(sso, orgId, deps.secretBox, deps.issuerGuard);
      const identity = await exchangeCode(provider, cb.callbackUrl, { state, nonce: flow.nonce, codeVerifier: flow.code_verifier });
      who = { label: identity.email ?? `sso:${identity.subject}` };
      const user = await findUser(orgId, identity);
      who = { userId: user.userId, label: user.email };

      const local = await deps.decide(orgId, user.userId, cb.deviceToken);
      const { gate, sso: ssoReason } = decideSsoSession(local, sso.twoFactor, identity, clock.now());
      await db.transaction().execute(async (tx) => {
        if (user.link) {
          await insertIdentity(tx, { orgId: orgId!, issuer: identity.issuer, subject: identity.subject, userId: user.userId, now: clock.now() });
          await audit.append(tx, {
            orgId: orgId!,
            type: 'sso.identity_linked',
            actor: { userId: user.userId, label: user.email },
            target: { type: 'user', id: user.userId },
            data: { issuer: identity.issuer, subject: identity.subject, by: 'verified_email' },
            ip: cb.ctx.ip,
            requestId: cb.ctx.requestId,
          });
        }
        await audit.append(tx, {
          orgId: orgId!,
          type: 'sso.authenticated',
          actor: { userId: user.userId, label: user.email },
          target: { type: 'user', id: user.userId },
          data: {
            issuer: identity.issuer,
            subject: identity.subject,
            amr: identity.amr,
            authTime: identity.authTime ?? null,
            twoFactor: sso.twoFactor,
            decision: ssoReason,
            next: gate.state,
          },
          ip: cb.ctx.ip,
          requestId: cb.ctx.requestId,
        });
      });
      const opened = await accounts.openLoginSession({ orgId, userId: user.userId, email: user.email }, gate, cb.ctx, 'sso');
      return { kind: 'login' as const, ...opened, state: gate.state, methods: gate.methods };
    } catch (err) {
      const failure = err instanceof SsoFailure ? err : undefined;
      if (failure) await recordFailure(orgId, failure.code, failure.message, cb.ctx, who);
      throw err;
    }
  };
}
