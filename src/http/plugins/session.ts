// Who is asking, decided once per request from the route's declared access level. An unmarked
// route is "authenticated": an active session, and for cookie sessions a CSRF token on unsafe
// methods. There is no URL-prefix matching: every route states its own level.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, Actor, SessionContext } from '../../accounts/index.ts';
import { clientAddress } from '../../platform/client-address.ts';
import { constantTimeEqual } from '../../platform/crypto/constant-time.ts';
import { Problem } from '../../platform/problems.ts';

/**
 * - `public`: anyone.
 * - `any_session`: a session in any state (session info, logout; second-factor steps later).
 * - `enrollment`: an active session, or one that must set up 2FA first (own-factor routes).
 * - `authenticated` (default): an active session.
 * - `admin`: an active session of a user with the admin role.
 */
type Access = 'public' | 'any_session' | 'enrollment' | 'authenticated' | 'admin';

export type Auth = { session: SessionContext; actor: Actor; via: 'cookie' | 'bearer' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth?: Auth;
  }
  interface FastifyInstance {
    sessionCookieName: string;
  }
}

const SESSION_COOKIE = 'signoff_session';
/**
 * Over https (SIGNOFF_BASE_URL https://…) the session cookie is `__Host-signoff_session`: the
 * browser keeps it only with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant
 * or overwrite it (session fixation by cookie tossing). Only that name is read then.
 * @see RFC 6265bis §4.1.3.2 (the __Host- prefix)
 */
const HOST_SESSION_COOKIE = '__Host-signoff_session';
const sessionCookieName = (secure: boolean) => (secure ? HOST_SESSION_COOKIE : SESSION_COOKIE);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readToken(request: FastifyRequest): { token: string; via: 'cookie' | 'bearer' } | undefined {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    return m ? { token: m[1]!, via: 'bearer' } : undefined;
  }
  const cookie = request.cookies[request.server.sessionCookieName ?? SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

export function registerSession(
  app: FastifyInstance,
  accounts: Accounts,
  opts: { secure: boolean; isHeldForEnrollment(session: SessionContext): Promise<boolean> },
) {
  app.decorateRequest('auth', undefined);
  app.decorate('sessionCookieName', sessionCookieName(opts.secure));
  // preValidation: an unauthenticated caller learns nothing about the body schema.
  app.addHook('preValidation', async (request) => {
    // The not-found handler is no route: it answers 404 or the UI's page shell, to anyone.
    const access: Access = request.routeOptions.config.access ?? (request.is404 ? 'public' : 'authenticated');
    const presented = readToken(request);
    if (presented) {
      const session = await accounts.sessions.resolve(presented.token);
      if (session) request.auth = { session, actor: session.actor, via: presented.via };
    }
    if (access === 'public') return;
    const auth = request.auth;
    if (!auth) throw new Problem('unauthenticated');
    if (auth.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, auth.session.csrfToken)) throw new Problem('csrf_token_invalid');
    }
    if (access === 'any_session') return;
    if (auth.session.state === 'second_factor_required') throw new Problem('second_factor_required', { detail: 'Finish signing in with your second factor' });
    if (access === 'enrollment') return;
    if (auth.session.state === 'enrollment_required') throw new Problem('two_factor_enrollment_required');
    // Hard enforcement that began after this session did: a session that never passed a second
    // factor is held at enrollment too (one that did is enrolled by definition).
    if (auth.session.aal < 2 && (await opts.isHeldForEnrollment(auth.session))) throw new Problem('two_factor_enrollment_required');
    if (access === 'admin' && !auth.actor.roles.includes('admin')) throw new Problem('forbidden', { detail: 'This needs the admin role' });
  });
}

/** The request's auth; only call it in routes whose access level guarantees one. */
export function authOf(request: FastifyRequest): Auth {
  if (!request.auth) throw new Problem('unauthenticated');
  return request.auth;
}

export function setSessionCookie(reply: FastifyReply, token: string, opts: { secure: boolean; maxAgeMs: number }) {
  reply.setCookie(sessionCookieName(opts.secure), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    maxAge: Math.floor(opts.maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, opts: { secure: boolean }) {
  reply.clearCookie(sessionCookieName(opts.secure), { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
}

/** The acting user's factor context (own factors, sign-in prompt). */
export function factorActorOf(request: FastifyRequest) {
  const auth = authOf(request);
  return {
    orgId: auth.actor.orgId,
    userId: auth.actor.userId,
    label: auth.actor.label,
    session: { sessionId: auth.session.sessionId, tokenHash: auth.session.tokenHash, state: auth.session.state, privilegedUntil: auth.session.privilegedUntil },
  };
}

export const metaOf = (request: FastifyRequest) => ({ ip: clientAddress(request), userAgent: request.headers['user-agent'], requestId: request.id });
