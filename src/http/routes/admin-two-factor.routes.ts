// API.md "Administration": 2FA enrollments and organisation settings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { settingsPatchSchema, settingsSchema, ssoSettingsViewSchema, toSsoSettingsView, type OrgSettings } from '../../policies/index.ts';
import {
  addEnrollmentsBodySchema,
  enrollmentsSchema,
  resetPendingSchema,
  resetRequestSchema,
  resetRequestsSchema,
  twoFactorCoverageSchema,
  twoFactorExplanationSchema,
  userIdParamsSchema,
} from '../contract/two-factor-admin.ts';
import { authOf, factorActorOf, metaOf } from '../plugins/session.ts';
import { proofSchema } from '../contract/factors.ts';
import { idParamsSchema, userParamsSchema } from '../contract/common.ts';
import { Problem } from '../../platform/problems.ts';
import { problems, type AppServices } from '../services.ts';

export async function adminTwoFactorRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { factors, policies } = services;
  const tags = ['admin'];
  const admin = { access: 'admin' as const };

  app.get(
    '/api/v1/admin/two-factor/enrollments',
    { config: admin, schema: { tags, summary: 'Pending, active, and in scope but not enrolled', response: { 200: enrollmentsSchema, ...problems } } },
    async (request) => factors.admin.list(authOf(request).actor),
  );

  app.get(
    '/api/v1/admin/two-factor/coverage',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Coverage: users in scope, enrolled, pending, not enrolled, reminders sent',
        response: { 200: twoFactorCoverageSchema, ...problems },
      },
    },
    async (request) => policies.coverage(authOf(request).actor),
  );

  app.post(
    '/api/v1/admin/two-factor/enrollments',
    {
      config: admin,
      schema: { tags, summary: 'Add users to 2FA (they become pending)', body: addEnrollmentsBodySchema, response: { 201: z.object({}), ...problems } },
    },
    async (request, reply) => {
      await factors.admin.add(authOf(request).actor, request.body.userIds, metaOf(request));
      return reply.status(201).send({});
    },
  );

  app.delete(
    '/api/v1/admin/two-factor/enrollments/:userId',
    {
      config: admin,
      schema: {
        tags,
        params: userIdParamsSchema,
        response: { 202: resetPendingSchema, 204: z.null(), ...problems },
        summary:
          "Revoke a user's 2FA: every factor and trusted device is removed (204). Where the organisation has an e-signature step, 202 with a request a second admin must approve, or 409 second_admin_required with one admin",
      },
    },
    async (request, reply) => {
      const outcome = await factors.admin.revoke(authOf(request).actor, request.params.userId, metaOf(request));
      return outcome.status === 'pending' ? reply.status(202).send(outcome) : reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/two-factor/reset-requests',
    {
      config: admin,
      schema: { tags, summary: 'Two-person 2FA reset requests, newest first (the last 100)', response: { 200: resetRequestsSchema, ...problems } },
    },
    async (request) => ({ requests: await factors.admin.listResetRequests(authOf(request).actor) }),
  );

  app.post(
    '/api/v1/admin/two-factor/reset-requests/:id/approve',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Approve a reset request (another admin than its requester): the reset happens now',
        params: idParamsSchema,
        body: z.object({}).optional(),
        response: { 200: resetRequestSchema, ...problems },
      },
    },
    async (request) => factors.admin.approveResetRequest(authOf(request).actor, request.params.id, metaOf(request)),
  );

  app.post(
    '/api/v1/admin/two-factor/reset-requests/:id/reject',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Reject (or, for its requester, withdraw) a reset request: nothing changes',
        params: idParamsSchema,
        body: z.object({}).optional(),
        response: { 200: resetRequestSchema, ...problems },
      },
    },
    async (request) => factors.admin.rejectResetRequest(authOf(request).actor, request.params.id, metaOf(request)),
  );

  // Settings as admins see them: the SSO client secret only as `clientSecretSet`, never sealed or clear.
  const settingsViewSchema = settingsSchema.extend({ sso: ssoSettingsViewSchema });
  const view = (s: OrgSettings) => ({ ...s, sso: toSsoSettingsView(s.sso) });

  app.get('/api/v1/admin/settings', { config: admin, schema: { tags, response: { 200: settingsViewSchema, ...problems } } }, async (request) =>
    view(await policies.settings(authOf(request).actor.orgId)),
  );

  app.patch(
    '/api/v1/admin/settings',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change organisation settings (each top-level part replaced whole); audited; an admin with a factor sends `secondFactor`',
        body: settingsPatchSchema.extend({ secondFactor: proofSchema.optional() }),
        response: { 200: settingsViewSchema, ...problems },
      },
    },
    async (request) => {
      const { secondFactor, ...patch } = request.body;
      return view(await policies.updateSettings(authOf(request).actor, patch, { ...metaOf(request), session: factorActorOf(request).session }, secondFactor));
    },
  );

  app.get(
    '/api/v1/admin/users/:id/two-factor',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Which 2FA policies apply to this user, and why',
        params: userParamsSchema,
        response: { 200: twoFactorExplanationSchema, ...problems },
      },
    },
    async (request) => {
      const explained = await policies.explain(authOf(request).actor.orgId, request.params.id);
      if (!explained) throw new Problem('not_found', { detail: `No user ${request.params.id}` });
      return explained;
    },
  );
}
