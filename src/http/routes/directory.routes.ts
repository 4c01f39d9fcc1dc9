// GET /api/v1/directory: people and groups by name, for admins and workflow owners (reviewer
// pickers). Owners are not admins, so they cannot list users and groups on the admin routes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { directoryQuerySchema, directorySchema } from '../contract/directory.ts';
import { authOf } from '../plugins/session.ts';
import { problems, type AppServices } from '../services.ts';

export async function directoryRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/directory',
    {
      schema: {
        tags: ['workflows'],
        summary: 'People (id, name, email) and groups (id, name) whose name contains `q` (people: or email), name order, `limit` of each (admins and owners)',
        querystring: directoryQuerySchema,
        response: { 200: directorySchema, ...problems },
      },
    },
    async (request) => services.accounts.searchDirectory(authOf(request).actor, request.query.q, request.query.limit),
  );
}
