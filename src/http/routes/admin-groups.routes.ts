import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { createGroupBodySchema, groupSchema, groupsResponseSchema, updateGroupBodySchema } from '../contract/admin.ts';
import { groupParamsSchema } from '../contract/common.ts';
import { authOf, metaOf } from '../plugins/session.ts';
import { problems, type AppServices } from '../services.ts';

export async function adminGroupsRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const groups = services.accounts.groups;
  const tags = ['admin'];
  app.get('/api/v1/admin/groups', { config: { access: 'admin' }, schema: { tags, response: { 200: groupsResponseSchema, ...problems } } }, async (request) => ({
    groups: await groups.list(authOf(request).actor),
  }));

  app.post(
    '/api/v1/admin/groups',
    { config: { access: 'admin' }, schema: { tags, body: createGroupBodySchema, response: { 201: groupSchema, ...problems } } },
    async (request, reply) => reply.status(201).send(await groups.create(authOf(request).actor, request.body, metaOf(request))),
  );

  app.patch(
    '/api/v1/admin/groups/:id',
    { config: { access: 'admin' }, schema: { tags, params: groupParamsSchema, body: updateGroupBodySchema, response: { 200: groupSchema, ...problems } } },
    async (request) => {
      const actor = authOf(request).actor;
      const group = await groups.update(actor, request.params.id, request.body, metaOf(request));
      // Members joined a group a policy may scope: in admin-controlled mode the policy adds them
      // (Pending). Scopes are unions, so only an update that lists members can bring someone into
      // one; a new group's id is in no scope yet, so creating one never does.
      if (request.body.members?.length) await services.policies.addRequiredMembers(actor.orgId, 'user_changed');
      return group;
    },
  );

  app.delete(
    '/api/v1/admin/groups/:id',
    { config: { access: 'admin' }, schema: { tags, params: groupParamsSchema, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await groups.remove(authOf(request).actor, request.params.id, metaOf(request));
      return reply.status(204).send(null);
    },
  );
}
