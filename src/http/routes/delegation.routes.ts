// Out-of-office delegation (API.md "Workflow revisions, reasons, due dates, delegation"): one's
// own (`/api/v1/me/delegation`) and, for admins, another user's. Every change is audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { userParamsSchema } from '../contract/common.ts';
import { delegateSearchQuerySchema, delegateSearchSchema, delegationBodySchema, delegationStateSchema, delegationViewSchema } from '../contract/delegation.ts';
import { authOf, metaOf } from '../plugins/session.ts';
import { problems, type AppServices } from '../services.ts';

export async function delegationRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { delegation } = services.workflows;
  const tags = ['delegation'];
  const admin = { access: 'admin' as const };

  app.get(
    '/api/v1/me/delegation',
    {
      schema: {
        tags,
        summary: 'Your out-of-office delegation (running or to come) and whom you stand in for',
        response: { 200: delegationStateSchema, ...problems },
      },
    },
    async (request) => delegation.get(authOf(request).actor),
  );

  app.get(
    '/api/v1/me/delegation/candidates',
    {
      schema: {
        tags,
        summary: 'Active colleagues matching a name or email (at most 10), to pick a delegate',
        querystring: delegateSearchQuerySchema,
        response: { 200: delegateSearchSchema, ...problems },
      },
    },
    async (request) => ({ users: await delegation.candidates(authOf(request).actor, request.query.q) }),
  );

  app.put(
    '/api/v1/me/delegation',
    {
      schema: {
        tags,
        summary: 'Name an out-of-office delegate for a period (replaces any earlier one); they are emailed',
        body: delegationBodySchema,
        response: { 200: delegationViewSchema, ...problems },
      },
    },
    async (request) => {
      const { actor } = authOf(request);
      return delegation.set(actor, actor.userId, request.body, metaOf(request));
    },
  );

  app.delete(
    '/api/v1/me/delegation',
    { schema: { tags, summary: 'End your out-of-office delegation now', response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      const { actor } = authOf(request);
      await delegation.end(actor, actor.userId, metaOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/users/:id/delegation',
    { config: admin, schema: { tags, params: userParamsSchema, response: { 200: delegationStateSchema, ...problems } } },
    async (request) => delegation.get(authOf(request).actor, request.params.id),
  );

  app.put(
    '/api/v1/admin/users/:id/delegation',
    {
      config: admin,
      schema: {
        tags,
        summary: "Set a user's out-of-office delegation (audited as done by the admin)",
        params: userParamsSchema,
        body: delegationBodySchema,
        response: { 200: delegationViewSchema, ...problems },
      },
    },
    async (request) => delegation.set(authOf(request).actor, request.params.id, request.body, metaOf(request)),
  );

  app.delete(
    '/api/v1/admin/users/:id/delegation',
    { config: admin, schema: { tags, params: userParamsSchema, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await delegation.end(authOf(request).actor, request.params.id, metaOf(request));
      return reply.status(204).send(null);
    },
  );
}
