// API.md "Workflows and decisions": definitions, uploads, items, tasks, decisions.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { itemParamsSchema, workflowParamsSchema } from '../contract/common.ts';
import { challengeResponseSchema } from '../contract/factors.ts';
import {
  cancelBodySchema,
  decisionBodySchema,
  decisionChallengeBodySchema,
  revisionBodySchema,
  revisionParamsSchema,
  decisionResponseSchema,
  itemBodySchema,
  itemCreatedSchema,
  itemListQuerySchema,
  itemListSchema,
  itemViewSchema,
  taskListQuerySchema,
  taskListSchema,
  uploadQuerySchema,
  uploadResponseSchema,
  workflowBodySchema,
  workflowCreatedSchema,
  workflowListSchema,
  workflowQuerySchema,
  workflowViewSchema,
} from '../contract/workflows.ts';
import { authOf, metaOf, setSessionCookie } from '../plugins/session.ts';
import { sendFile } from '../plugins/send-file.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';
import type { Readable } from 'node:stream';
import { Problem } from '../../platform/problems.ts';

export async function workflowsRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { workflows } = services;
  const secure = config.baseUrl.startsWith('https:');

  // The sweep of uploads never attached to an item runs while the server does (every instance
  // may: each row is deleted once).

  // Uploads are the raw file as the body: handed to the route as a stream, never buffered
  // (the size limit is counted while streaming to disk).
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.get(
    '/api/v1/workflows',
    { schema: { tags: ['workflows'], summary: 'Workflows of the organisation (current versions)', response: { 200: workflowListSchema, ...problems } } },
    async (request) => ({ workflows: await workflows.definitions.list(authOf(request).actor) }),
  );

  app.post(
    '/api/v1/workflows',
    {
      schema: {
        tags: ['workflows'],
        summary: 'Define a workflow (admin or owner); version 1',
        body: workflowBodySchema,
        response: { 201: workflowCreatedSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await workflows.definitions.create(authOf(request).actor, request.body, metaOf(request))),
  );

  app.get(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags: ['workflows'],
        summary: 'A workflow at its current (or a given) version',
        params: workflowParamsSchema,
        querystring: workflowQuerySchema,
        response: { 200: workflowViewSchema, ...problems },
      },
    },
    async (request) => workflows.definitions.get(authOf(request).actor, request.params.id, request.query.version),
  );

  app.put(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags: ['workflows'],
        summary: 'Save a new version of a workflow (items in review keep theirs)',
        params: workflowParamsSchema,
        body: workflowBodySchema,
        response: { 200: workflowCreatedSchema, ...problems },
      },
    },
    async (request) => workflows.definitions.update(authOf(request).actor, request.params.id, request.body, metaOf(request)),
  );

  app.post(
    '/api/v1/uploads',
    {
      schema: {
        tags: ['items'],
        summary: 'Upload a file (raw body, application/octet-stream) for a new item; answers its SHA-256',
        querystring: uploadQuerySchema,
        response: { 201: uploadResponseSchema, ...problems },
      },
    },
    async (request, reply) => {
      if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
        throw new Problem('unsupported_media_type', { detail: 'Send the file itself as the body, with Content-Type: application/octet-stream' });
      }
      const length = Number(request.headers['content-length']);
      return reply
        .status(201)
        .send(
          await workflows.uploads.store(
            authOf(request).actor,
            request.query.name ?? 'file',
            request.body as Readable,
            Number.isFinite(length) ? length : undefined,
          ),
        );
    },
  );

  app.post(
    '/api/v1/items',
    {
      schema: {
        tags: ['items'],
        summary: 'Submit an item for review (text content, or an uploaded file)',
        body: itemBodySchema,
        response: { 201: itemCreatedSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await workflows.submit(authOf(request).actor, request.body, metaOf(request))),
  );

  app.get(
    '/api/v1/items',
    {
      schema: {
        tags: ['items'],
        summary: 'Items you submitted or were asked to review (admins: all)',
        querystring: itemListQuerySchema,
        response: { 200: itemListSchema, ...problems },
      },
    },
    async (request) => ({ items: await workflows.listItems(authOf(request).actor, request.query) }),
  );

  app.get(
    '/api/v1/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: 'An item with its steps, history and what you may do on it',
        params: itemParamsSchema,
        response: { 200: itemViewSchema, ...problems },
      },
    },
    async (request) => workflows.getItem(authOf(request).actor, request.params.id),
  );

  app.get(
    '/api/v1/items/:id/content',
    {
      schema: { tags: ['items'], summary: "The item's file (streamed)", params: itemParamsSchema, response: { 200: z.any(), ...problems } },
    },
    async (request, reply) => sendFile(reply, await workflows.openContent(authOf(request).actor, request.params.id)),
  );

  app.get(
    '/api/v1/items/:id/signature-report',
    {
      schema: {
        tags: ['items'],
        summary: "The printable signature report (PDF): every signature manifestation and the item's audit entries, with the evidence bundle attached",
        params: itemParamsSchema,
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = authOf(request).actor;
      const bundle = await services.evidence.bundle(actor, request.params.id);
      const report = await workflows.signatureReport(actor, request.params.id, metaOf(request), { json: bundle.json });
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="${report.fileName}"`);
      return reply.send(Buffer.from(report.pdf));
    },
  );

  app.post(
    '/api/v1/items/:id/cancel',
    {
      schema: {
        tags: ['items'],
        summary: 'Cancel an item in review (its submitter or an admin), saying why',
        params: itemParamsSchema,
        body: cancelBodySchema.nullish(),
        response: { 200: itemViewSchema, ...problems },
      },
    },
    async (request) => workflows.cancel(authOf(request).actor, request.params.id, request.body ?? {}, metaOf(request)),
  );

  app.post(
    '/api/v1/items/:id/revisions',
    {
      schema: {
        tags: ['items'],
        summary:
          'Upload a new version of an item in review or rejected (its submitter or an admin), with a note: review starts again and earlier approvals no longer count',
        params: itemParamsSchema,
        body: revisionBodySchema,
        response: { 201: itemViewSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await workflows.revise(authOf(request).actor, request.params.id, request.body, metaOf(request))),
  );

  app.get(
    '/api/v1/items/:id/versions/:revision/content',
    {
      schema: {
        tags: ['items'],
        summary: 'The content of one version of the item, as a download (text versions as UTF-8 text)',
        params: revisionParamsSchema,
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => sendFile(reply, await workflows.openVersionContent(authOf(request).actor, request.params.id, request.params.revision)),
  );

  app.get(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['items'],
        summary: 'Your open review tasks, newest first',
        querystring: taskListQuerySchema,
        response: { 200: taskListSchema, ...problems },
      },
    },
    async (request) => workflows.listTasks(authOf(request).actor, request.query),
  );

  app.post(
    '/api/v1/items/:id/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary:
          'Approve or reject the open step; a protected step needs a fresh second factor bound to this decision, a signature step a password and meaning too',
        params: itemParamsSchema,
        body: decisionBodySchema,
        response: { 201: decisionResponseSchema, ...problems },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const result = await workflows.decide(
        {
          kind: 'user',
          actor: auth.actor,
          name: auth.session.user.name,
          stepUpAllowed: services.policies.forSession.settingsOf(auth.session).stepUpMethods,
          session: { tokenHash: auth.session.tokenHash, aal: auth.session.aal, rotate: auth.via === 'cookie' },
        },
        request.params.id,
        request.body,
        metaOf(request),
      );
      if (result.session) setSessionCookie(reply, result.session.token, { secure, maxAgeMs: config.session.absoluteMs });
      return reply.status(201).send({
        decision: result.decision,
        item: result.item,
        ...(result.session ? { token: result.session.token, csrfToken: result.session.csrfToken } : {}),
      });
    },
  );

  app.post(
    '/api/v1/items/:id/decisions/challenge',
    {
      schema: {
        tags: ['decisions'],
        summary: 'Email a code, or get passkey options, for one exact decision',
        params: itemParamsSchema,
        body: decisionChallengeBodySchema,
        response: { 201: challengeResponseSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await workflows.openDecisionChallenge(authOf(request).actor, request.params.id, request.body, metaOf(request))),
  );
}
