// API.md "Setup and login": finishing sign-in with a second factor, and 2FA recovery.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import {
  challengeResponseSchema,
  openChallengeBodySchema,
  recoveryConfirmBodySchema,
  secondFactorBodySchema,
  secondFactorResponseSchema,
} from '../contract/factors.ts';
import { factorActorOf, metaOf, setSessionCookie } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';
import { DEVICE_COOKIE } from './auth.routes.ts';

export async function secondFactorRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { factors } = services;
  const secure = config.baseUrl.startsWith('https:');
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/second-factor',
    {
      config: { access: 'any_session' },
      schema: {
        tags,
        summary: 'Finish sign-in with a second factor; rotates the session',
        body: secondFactorBodySchema,
        response: { 200: secondFactorResponseSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { trustDevice, ...proof } = request.body;
      const label = String(request.headers['user-agent'] ?? 'Browser').slice(0, 120);
      const result = await factors.login.complete(factorActorOf(request), proof, { trustDevice: trustDevice === true, deviceLabel: label }, metaOf(request));
      setSessionCookie(reply, result.token, { secure, maxAgeMs: config.session.absoluteMs });
      if (result.deviceToken) {
        const days = (await services.policies.settings(factorActorOf(request).orgId)).trustedDevices.days;
        reply.setCookie(DEVICE_COOKIE, result.deviceToken, { path: '/api/v1/auth', httpOnly: true, sameSite: 'lax', secure, maxAge: days * 86400 });
      }
      return {
        state: 'active' as const,
        token: result.token,
        csrfToken: result.csrfToken,
        method: result.method,
        ...(result.deviceToken ? { deviceToken: result.deviceToken } : {}),
      };
    },
  );

  app.post(
    '/api/v1/auth/second-factor/email-code',
    {
      config: { access: 'any_session' },
      schema: {
        tags,
        summary: 'Email a one-time code for this sign-in',
        body: z.object({}).nullish(),
        response: { 202: challengeResponseSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(202).send(await factors.login.openChallenge(factorActorOf(request), 'email_code', metaOf(request))),
  );

  app.post(
    '/api/v1/auth/second-factor/challenge',
    {
      config: { access: 'any_session' },
      schema: {
        tags,
        summary: 'Open an email-code or passkey challenge for this sign-in',
        body: openChallengeBodySchema,
        response: { 201: challengeResponseSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await factors.login.openChallenge(factorActorOf(request), request.body.method, metaOf(request))),
  );

  app.post(
    '/api/v1/auth/two-factor-recovery',
    {
      config: { access: 'any_session' },
      schema: {
        tags,
        summary: 'Email a link that resets your second factors (recovery: email)',
        body: z.object({}).nullish(),
        response: { 202: z.object({}), ...problems },
      },
    },
    async (request, reply) => {
      await factors.recovery.request(factorActorOf(request), metaOf(request));
      return reply.status(202).send({});
    },
  );

  app.post(
    '/api/v1/auth/two-factor-recovery/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Use a recovery link: removes every factor, ends every session',
        body: recoveryConfirmBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await factors.recovery.complete(request.body.token, metaOf(request));
      return reply.status(204).send(null);
    },
  );
}
