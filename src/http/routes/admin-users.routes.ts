import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { createUserBodySchema, updateUserBodySchema, usersResponseSchema } from '../contract/admin.ts';
import { userParamsSchema, userSchema } from '../contract/common.ts';
import { authOf, metaOf } from '../plugins/session.ts';
import { problems, type AppServices } from '../services.ts';

export async function adminUsersRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const users = services.accounts.users;
  const tags = ['admin'];

  app.get('/api/v1/admin/users', { config: { access: 'admin' }, schema: { tags, response: { 200: usersResponseSchema, ...problems } } }, async (request) => {
    const actor = authOf(request).actor;
    const [list, passwordless, ssoLinked, twoFactor] = await Promise.all([
      users.listUsers(actor),
      services.accounts.listPasswordlessUserIds(actor.orgId),
      services.policies.ssoLinkedUserIds(actor.orgId),
      services.factors.twoFactorStates(actor.orgId),
    ]);
    // Invited: no password set, and never signed in through SSO either.
    const invited = (id: string) => passwordless.has(id) && !ssoLinked.has(id);
    return { users: list.map((u) => ({ ...u, invited: invited(u.id), twoFactor: twoFactor.get(u.id) ?? ('none' as const) })) };
  });

  app.post(
    '/api/v1/admin/users/:id/invitation',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Email an invited user a new invitation link (earlier links stop working); 3 an hour per user, then back-off',
        params: userParamsSchema,
        response: { 202: z.object({}), ...problems },
      },
    },
    async (request, reply) => {
      const actor = authOf(request).actor;
      await services.accounts.resendInvitation(actor, request.params.id, metaOf(request), async (id) =>
        (await services.policies.ssoLinkedUserIds(actor.orgId)).has(id),
      );
      return reply.status(202).send({});
    },
  );

  app.post(
    '/api/v1/admin/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create a user; without a password an invitation link is emailed',
        body: createUserBodySchema,
        response: { 201: userSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = authOf(request).actor;
      const user = await users.createUser(actor, request.body, metaOf(request));
      await services.policies.addRequiredMembers(actor.orgId, 'user_changed');
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/v1/admin/users/:id',
    { config: { access: 'admin' }, schema: { tags, params: userParamsSchema, response: { 200: userSchema, ...problems } } },
    async (request) => users.getUser(authOf(request).actor, request.params.id),
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change a user (name, type, roles, groups, active)',
        params: userParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => {
      const actor = authOf(request).actor;
      const user = await users.updateUser(actor, request.params.id, request.body, metaOf(request));
      // Joined a scope (type, roles, groups) in admin-controlled mode: the policy adds them (Pending).
      await services.policies.addRequiredMembers(actor.orgId, 'user_changed');
      return user;
    },
  );
}
