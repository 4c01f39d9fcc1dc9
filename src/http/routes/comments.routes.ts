// Item comments: the conversation on an item (issue 13 item 5). No update or delete route:
// a comment is never changed once posted.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { itemParamsSchema } from '../contract/common.ts';
import { commentBodySchema, commentListSchema, commentViewSchema } from '../contract/comments.ts';
import { authOf, metaOf } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

export async function commentsRoutes(base: FastifyInstance, { services }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { comments } = services.workflows;

  app.get(
    '/api/v1/items/:id/comments',
    {
      schema: {
        tags: ['items'],
        summary: "The item's comments, oldest first, and who a new comment may mention",
        params: itemParamsSchema,
        response: { 200: commentListSchema, ...problems },
      },
    },
    async (request) => comments.list(authOf(request).actor, request.params.id),
  );

  app.post(
    '/api/v1/items/:id/comments',
    {
      schema: {
        tags: ['items'],
        summary: 'Comment on an item (its submitter, reviewers and admins); @handle emails that reader; never editable afterwards',
        params: itemParamsSchema,
        body: commentBodySchema,
        response: { 201: commentViewSchema, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await comments.post(authOf(request).actor, request.params.id, request.body, metaOf(request))),
  );
}
