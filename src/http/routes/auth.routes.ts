import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { loginBodySchema, loginResponseSchema, resetConfirmBodySchema, resetRequestBodySchema, sessionResponseSchema } from '../contract/auth.ts';
import { authOf, clearSessionCookie, metaOf, readToken, setSessionCookie } from '../plugins/session.ts';
import { sha256Hex } from '../../platform/crypto/digest.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

const KNOWN_DEVICE_COOKIE = 'signoff_known';
export const DEVICE_COOKIE = 'signoff_device';

/** The trusted-device token: the `signoff_device` cookie or the `X-Signoff-Device` header (API.md). */
function deviceTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-signoff-device'];
  return typeof header === 'string' ? header : request.cookies[DEVICE_COOKIE];
}

export async function authRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { accounts } = services;
  const secure = config.baseUrl.startsWith('https:');

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: loginBodySchema, response: { 200: loginResponseSchema, ...problems } },
    },
    async (request, reply) => {
      const presented = readToken(request);
      const result = await services.policies.signIn(request.body, {
        ...metaOf(request),
        knownDeviceCookie: request.cookies[KNOWN_DEVICE_COOKIE],
        currentTokenHash: presented ? sha256Hex(presented.token) : undefined,
        deviceToken: deviceTokenOf(request),
      });
      services.metrics.logins.inc({ outcome: 'success' });
      setSessionCookie(reply, result.token, { secure, maxAgeMs: config.session.absoluteMs });
      reply.setCookie(KNOWN_DEVICE_COOKIE, result.knownDeviceCookie, { path: '/api/v1/auth', httpOnly: true, sameSite: 'strict', secure, maxAge: 180 * 86400 });
      return {
        token: result.token,
        csrfToken: result.csrfToken,
        state: result.state,
        user: result.user,
        methods: result.methods,
        trustedDeviceDays: result.trustedDeviceDays,
      };
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: { access: 'any_session' },
      schema: { tags: ['auth'], summary: 'The current session', response: { 200: sessionResponseSchema, ...problems } },
    },
    async (request) => {
      const auth = authOf(request);
      const { userId } = auth.actor;
      // User, groups, organisation and settings came with the session's one statement.
      const { session } = auth;
      const enforcement = await services.policies.forSession.enforcementFor(session);
      const settings = services.policies.forSession.settingsOf(session);
      // A session waiting for its second factor learns which methods it may use (also after a reload).
      const methods = session.state === 'second_factor_required' ? await services.factors.listUsableMethods(services.db, userId) : [];
      const trustedDeviceDays = settings.trustedDevices.enabled ? settings.trustedDevices.days : null;
      return {
        state: session.state,
        user: { ...session.user, organization: session.organization },
        aal: session.aal,
        csrfToken: session.csrfToken,
        methods,
        trustedDeviceDays,
        enforcement,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'any_session' },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null(), ...problems } },
    },
    async (request, reply) => {
      const auth = authOf(request);
      await accounts.logout(auth.session.tokenHash, auth.actor, metaOf(request));
      clearSessionCookie(reply, { secure });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Email a password reset link (always 202: no account enumeration)',
        body: resetRequestBodySchema,
        response: { 202: z.object({}), ...problems },
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset(request.body, metaOf(request));
      return reply.status(202).send({});
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset or invitation token',
        body: resetConfirmBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await accounts.completePasswordReset(request.body, metaOf(request));
      return reply.status(204).send(null);
    },
  );
}
