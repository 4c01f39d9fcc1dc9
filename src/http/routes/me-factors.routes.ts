// API.md "Own factors". Reachable by an active session and by one that must enroll first.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { factorParamsSchema, idParamsSchema } from '../contract/common.ts';
import {
  activatedResponseSchema,
  backupCodesResponseSchema,
  challengeResponseSchema,
  confirmBodySchema,
  emailFactorBodySchema,
  myFactorsSchema,
  notifyAdminsResponseSchema,
  openChallengeBodySchema,
  passkeyFinishBodySchema,
  passkeyOptionsResponseSchema,
  pendingResponseSchema,
  totpStartResponseSchema,
  withProofSchema,
  type ProofBody,
} from '../contract/factors.ts';
import type { Method } from '../contract/methods.ts';
import { factorActorOf, metaOf, setSessionCookie } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';
import type { FactorId } from '../../platform/ids.ts';

export async function meFactorsRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { factors } = services;
  const secure = config.baseUrl.startsWith('https:');
  const tags = ['own factors'];
  const access = { access: 'enrollment' as const };

  /** Activation rotated the session: hand the new token back (body and cookie). */
  const activated = (reply: FastifyReply, r: { id: string; backupCodes?: string[] | undefined; session: { token: string; csrfToken: string } }) => {
    setSessionCookie(reply, r.session.token, { secure, maxAgeMs: config.session.absoluteMs });
    return {
      id: r.id,
      status: 'active' as const,
      token: r.session.token,
      csrfToken: r.session.csrfToken,
      ...(r.backupCodes ? { backupCodes: r.backupCodes } : {}),
    };
  };

  /**
   * Setup starts the same way for every method (its strategy does the rest); the answer is the
   * strategy's, which the route's response schema checks on the way out.
   */
  const start = (
    method: Method,
    request: FastifyRequest & { body?: { secondFactor?: ProofBody | undefined } | null | undefined },
    input: Record<string, unknown>,
  ) => factors.enrollment.start(factorActorOf(request), method, input, request.body?.secondFactor, metaOf(request));

  app.get('/api/v1/me/factors', { config: access, schema: { tags, response: { 200: myFactorsSchema, ...problems } } }, async (request) =>
    factors.own.list(factorActorOf(request)),
  );

  app.post(
    '/api/v1/me/factors/totp',
    {
      config: access,
      schema: {
        tags,
        summary: 'Start setting up an authenticator app (pending until confirmed)',
        body: withProofSchema.nullish(),
        response: { 201: totpStartResponseSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send((await start('totp', request, {})) as z.input<typeof totpStartResponseSchema>),
  );

  const confirm = async (request: { params: { id: FactorId }; body: { code: string } } & Parameters<typeof factorActorOf>[0], reply: FastifyReply) =>
    activated(reply, await factors.enrollment.confirm(factorActorOf(request), request.params.id, request.body.code, metaOf(request)));
  app.post(
    '/api/v1/me/factors/totp/:id/confirm',
    {
      config: access,
      schema: {
        tags,
        summary: 'Confirm the authenticator app with a code',
        params: factorParamsSchema,
        body: confirmBodySchema,
        response: { 200: activatedResponseSchema, ...problems },
      },
    },
    confirm,
  );
  app.post(
    '/api/v1/me/factors/:id/confirm',
    {
      config: access,
      schema: {
        tags,
        summary: 'Confirm a pending factor with the code it sent',
        params: factorParamsSchema,
        body: confirmBodySchema,
        response: { 200: activatedResponseSchema, ...problems },
      },
    },
    confirm,
  );

  app.post(
    '/api/v1/me/factors/email',
    {
      config: access,
      schema: {
        tags,
        summary: 'Add an email address (the account email or a backup one) as a factor; a code is emailed',
        body: emailFactorBodySchema,
        response: { 201: pendingResponseSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send((await start('email_code', request, { email: request.body.email })) as z.input<typeof pendingResponseSchema>),
  );

  app.post(
    '/api/v1/me/two-factor/notify-admins',
    {
      config: access,
      schema: {
        tags,
        summary: 'Ask the administrators to add me to 2FA (admin-controlled enrollment): every admin is emailed; once a day (429 after)',
        response: { 202: notifyAdminsResponseSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(202).send(await factors.policyEnrollment.notifyAdmins(factorActorOf(request), metaOf(request))),
  );

  app.post(
    '/api/v1/me/factors/webauthn/options',
    {
      config: access,
      schema: {
        tags,
        summary: 'Start registering a passkey or security key',
        body: withProofSchema.nullish(),
        response: { 201: passkeyOptionsResponseSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send((await start('webauthn', request, {})) as z.input<typeof passkeyOptionsResponseSchema>),
  );

  app.post(
    '/api/v1/me/factors/webauthn',
    {
      config: access,
      schema: { tags, summary: 'Finish registering a passkey', body: passkeyFinishBodySchema, response: { 201: activatedResponseSchema, ...problems } },
    },
    async (request, reply) =>
      reply.status(201).send(activated(reply, await factors.enrollment.finish(factorActorOf(request), 'webauthn', request.body, metaOf(request)))),
  );

  app.delete(
    '/api/v1/me/factors/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'Remove a factor (self-service mode; needs a fresh second factor)',
        params: idParamsSchema,
        body: withProofSchema.nullish(),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await factors.own.remove(factorActorOf(request), request.params.id, request.body?.secondFactor, metaOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/backup-codes',
    {
      config: access,
      schema: {
        tags,
        summary: 'Generate a new set of 10 backup codes (voids the old set; needs a fresh second factor)',
        body: withProofSchema.nullish(),
        response: { 201: backupCodesResponseSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await factors.own.regenerateBackupCodes(factorActorOf(request), request.body?.secondFactor, metaOf(request))),
  );

  app.post(
    '/api/v1/me/step-up/challenge',
    {
      config: access,
      schema: {
        tags,
        summary: 'Open an email-code or passkey challenge to prove a factor before changing factors',
        body: openChallengeBodySchema,
        response: { 201: challengeResponseSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await factors.openFactorChangeChallenge(factorActorOf(request), request.body.method, metaOf(request))),
  );

  app.delete(
    '/api/v1/me/trusted-devices/:id',
    { config: access, schema: { tags, summary: 'Stop trusting one device', params: idParamsSchema, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await factors.own.revokeDevice(factorActorOf(request), request.params.id, metaOf(request));
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/v1/me/trusted-devices',
    { config: access, schema: { tags, summary: 'Stop trusting every device', response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await factors.own.revokeDevice(factorActorOf(request), 'all', metaOf(request));
      return reply.status(204).send(null);
    },
  );
}
