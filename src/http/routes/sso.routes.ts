// Single sign-on (OpenID Connect): the browser redirect dance and the organisation's provider
// settings. Start and callback are public GETs that always answer with a redirect: to the
// identity provider, to the app, or back to the login page with `sso_error` (never a 500).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { SsoFailure, ssoInputRule, ssoSettingsInputObjectSchema, ssoSettingsViewSchema } from '../../policies/index.ts';
import { sha256Hex } from '../../platform/crypto/digest.ts';
import { Problem } from '../../platform/problems.ts';
import { ssoCallbackQuerySchema, ssoDiscoverySchema, ssoStartQuerySchema, ssoTestBodySchema, ssoTestResultSchema, type SsoErrorCode } from '../contract/sso.ts';
import { proofSchema } from '../contract/factors.ts';
import { clientAddress } from '../../platform/client-address.ts';
import { authOf, factorActorOf, metaOf, readToken, setSessionCookie } from '../plugins/session.ts';
import { DEVICE_COOKIE } from './auth.routes.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

/** Binds a flow's state to the browser that started it (login CSRF); lives as long as the flow. */
const SSO_STATE_COOKIE = 'signoff_sso';
/** Where a re-authentication for a signature returns to (a path of the app). */
const SSO_RETURN_COOKIE = 'signoff_sso_return';
const isAppPath = (p: string | undefined): p is string => typeof p === 'string' && /^\/[A-Za-z0-9/_-]{0,200}$/.test(p) && !p.startsWith('//');
const CALLBACK_PATH = '/api/v1/auth/sso/callback';

export async function ssoRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { sso } = services.policies;
  const secure = config.baseUrl.startsWith('https:');
  const redirectUri = new URL(CALLBACK_PATH, config.baseUrl).href;

  /** Back to the login page with a code the page explains; the details are in the audit trail and the log. */
  function refuse(request: FastifyRequest, reply: FastifyReply, err: unknown) {
    const code: SsoErrorCode =
      err instanceof SsoFailure ? err.code : err instanceof Problem && err.code === 'too_many_attempts' ? 'too_many_attempts' : 'internal_error';
    if (code === 'internal_error') request.log.error({ err }, 'sso sign-in failed');
    else request.log.info({ code, cause: err instanceof Error ? err.cause : undefined }, 'sso sign-in refused');
    return reply.redirect(`/login?sso_error=${code}`, 302);
  }

  const stateCookie = { path: '/api/v1/auth/sso', httpOnly: true, sameSite: 'lax' as const, secure };

  app.get(
    '/api/v1/auth/sso/discover',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether the login page offers single sign-on for an organisation (an unknown one answers `enabled: false`)',
        querystring: ssoStartQuerySchema,
        response: { 200: ssoDiscoverySchema, ...problems },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return sso.discover({ organization: request.query.organization });
    },
  );

  app.get(
    '/api/v1/auth/sso/start',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: "Sign in through the organisation's OpenID Connect provider (302 to the provider)",
        querystring: ssoStartQuerySchema,
        response: problems,
      },
    },
    async (request, reply) => {
      try {
        const started = await sso.start({ organization: request.query.organization, redirectUri, ip: clientAddress(request) });
        // SameSite=Lax: the provider's redirect back is a top-level GET, so the cookie comes along.
        reply.setCookie(SSO_STATE_COOKIE, started.state, { ...stateCookie, maxAge: 600 });
        return reply.redirect(started.url, 302);
      } catch (err) {
        return refuse(request, reply, err);
      }
    },
  );

  app.get(
    '/api/v1/auth/sso/reauthenticate',
    {
      schema: {
        tags: ['auth'],
        summary: 'Re-authenticate at the identity provider before an e-signature (302 to the provider; back at `returnTo#reauth=<token>`)',
        querystring: z.object({ returnTo: z.string().max(200).optional() }),
        response: problems,
      },
    },
    async (request, reply) => {
      const actor = authOf(request).actor;
      const returnTo = isAppPath(request.query.returnTo) ? request.query.returnTo : '/';
      try {
        const started = await sso.startReauth({ orgId: actor.orgId, userId: actor.userId, redirectUri });
        reply.setCookie(SSO_STATE_COOKIE, started.state, { ...stateCookie, maxAge: 600 });
        reply.setCookie(SSO_RETURN_COOKIE, returnTo, { ...stateCookie, maxAge: 600 });
        return reply.redirect(started.url, 302);
      } catch (err) {
        request.log.info({ err }, 'sso re-authentication refused');
        return reply.redirect(`${returnTo}#reauth_error=${err instanceof SsoFailure ? err.code : 'internal_error'}`, 302);
      }
    },
  );

  app.get(
    '/api/v1/auth/sso/callback',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: "The provider's redirect back: opens a session (302 to the app or the login page)",
        querystring: ssoCallbackQuerySchema,
        response: problems,
      },
    },
    async (request, reply) => {
      reply.clearCookie(SSO_STATE_COOKIE, stateCookie);
      const returnTo = request.cookies[SSO_RETURN_COOKIE];
      if (returnTo) reply.clearCookie(SSO_RETURN_COOKIE, stateCookie);
      try {
        const callbackUrl = new URL(redirectUri);
        for (const [k, v] of Object.entries(request.query)) if (typeof v === 'string') callbackUrl.searchParams.set(k, v);
        const presented = readToken(request);
        const result = await sso.complete({
          callbackUrl,
          browserState: request.cookies[SSO_STATE_COOKIE],
          deviceToken: request.cookies[DEVICE_COOKIE],
          ctx: { ...metaOf(request), currentTokenHash: presented ? sha256Hex(presented.token) : undefined },
        });
        // A re-authentication for a signature: back to the page, the proof in the fragment (never sent to a server again but ours).
        if (result.kind === 'reauth') return reply.redirect(`${isAppPath(returnTo) ? returnTo : '/'}#reauth=${result.token}`, 302);
        services.metrics.logins.inc({ outcome: 'success' });
        setSessionCookie(reply, result.token, { secure, maxAgeMs: config.session.absoluteMs });
        // The login page shows the second-factor (or enrollment) step for a session that needs it.
        return reply.redirect(result.state === 'active' ? '/' : '/login', 302);
      } catch (err) {
        if (isAppPath(returnTo)) {
          request.log.info({ err }, 'sso re-authentication refused');
          return reply.redirect(`${returnTo}#reauth_error=${err instanceof SsoFailure ? err.code : 'internal_error'}`, 302);
        }
        services.metrics.logins.inc({ outcome: 'failure' });
        return refuse(request, reply, err);
      }
    },
  );

  app.get(
    '/api/v1/admin/sso',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: "The organisation's OpenID Connect provider (the client secret is never returned)",
        response: { 200: ssoSettingsViewSchema, ...problems },
      },
    },
    async (request) => sso.getSettings(authOf(request).actor.orgId),
  );

  app.post(
    '/api/v1/admin/sso/test',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary:
          "Test the connection to an issuer (the body's, else the stored one): the SSRF guard, then its OpenID Connect discovery document; stores nothing",
        body: ssoTestBodySchema.nullish(),
        response: { 200: ssoTestResultSchema, ...problems },
      },
    },
    async (request) => sso.testConnection(authOf(request).actor.orgId, request.body ?? {}),
  );

  app.put(
    '/api/v1/admin/sso',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary:
          'Configure the OpenID Connect provider; `clientSecret` is write-only (omit it to keep the stored one); an admin with a factor sends `secondFactor`',
        body: ssoSettingsInputObjectSchema.extend({ secondFactor: proofSchema.optional() }).refine(...ssoInputRule),
        response: { 200: ssoSettingsViewSchema, ...problems },
      },
    },
    async (request) => {
      const { secondFactor, ...input } = request.body;
      return sso.updateSettings(authOf(request).actor, input, { ...metaOf(request), session: factorActorOf(request).session }, secondFactor);
    },
  );
}
