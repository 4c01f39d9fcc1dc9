// API.md "Guests": the guest's link (public routes: the link token and the guest session are
// the credentials), and the owner's invite management on an item (authenticated).
// The guest session travels in the body (`guestSession`) or as the `signoff_guest` cookie:
// HttpOnly, SameSite=Strict (so no other site can make a browser use it), scoped to the guest
// API. GET takes it from the cookie only: a session token never sits in a URL.
// Referrer-Policy: no-referrer is set on every response by the security-headers plugin
// (docs/security.md I4), so the link token never leaks to a page the guest opens next.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import {
  guestCodeResponseSchema,
  guestDecisionBodySchema,
  guestDecisionResponseSchema,
  guestVerifiedSchema,
  guestSessionBodySchema,
  guestTokenParamsSchema,
  guestVerifyBodySchema,
  guestViewSchema,
  inviteListSchema,
  inviteParamsSchema,
  inviteViewSchema,
} from '../contract/workflows.ts';
import { itemParamsSchema } from '../contract/common.ts';
import { commentViewSchema, guestCommentBodySchema } from '../contract/comments.ts';
import { authOf, metaOf } from '../plugins/session.ts';
import { sendFile } from '../plugins/send-file.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

const GUEST_COOKIE = 'signoff_guest';
const GUEST_COOKIE_PATH = '/api/v1/guest';

export async function guestRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { guests } = services.workflows;
  const secure = config.baseUrl.startsWith('https:');
  const guestRoute = { config: { access: 'public' as const } };

  const presented = (request: FastifyRequest, body?: { guestSession?: string | undefined }) => body?.guestSession ?? request.cookies[GUEST_COOKIE];
  const setGuestCookie = (reply: FastifyReply, token: string, expiresInMs: number) =>
    reply.setCookie(GUEST_COOKIE, token, {
      path: GUEST_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: Math.max(1, Math.floor(expiresInMs / 1000)),
    });

  app.get(
    '/api/v1/guest/:token',
    {
      ...guestRoute,
      schema: {
        tags: ['guests'],
        summary: 'The guest page: code_required (nothing of the item) until this browser confirmed its code, then the item. Changes nothing.',
        params: guestTokenParamsSchema,
        response: { 200: guestViewSchema, ...problems },
      },
    },
    async (request) => guests.view(request.params.token, presented(request)),
  );

  app.get(
    '/api/v1/guest/:token/content',
    {
      ...guestRoute,
      schema: {
        tags: ['guests'],
        summary: "The item's file (streamed), for a confirmed guest session",
        params: guestTokenParamsSchema,
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => sendFile(reply, await guests.openContent(request.params.token, presented(request))),
  );

  app.post(
    '/api/v1/guest/:token/code',
    {
      ...guestRoute,
      schema: {
        tags: ['guests'],
        summary: 'Email a one-time code to the invited address, valid only for this guest session (created when none is presented)',
        params: guestTokenParamsSchema,
        body: guestSessionBodySchema,
        response: { 202: guestCodeResponseSchema, ...problems },
      },
    },
    async (request, reply) => {
      const sent = await guests.requestCode(request.params.token, presented(request, request.body), metaOf(request));
      setGuestCookie(reply, sent.guestSession, sent.expiresInMs);
      return reply.status(202).send({ guestSession: sent.guestSession });
    },
  );

  app.post(
    '/api/v1/guest/:token/verify',
    {
      ...guestRoute,
      schema: {
        tags: ['guests'],
        summary: 'Confirm this guest session with its emailed code (single use); the session continues under a new guestSession',
        params: guestTokenParamsSchema,
        body: guestVerifyBodySchema,
        response: { 200: guestVerifiedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const verified = await guests.verify(request.params.token, presented(request, request.body), request.body.code, metaOf(request));
      setGuestCookie(reply, verified.guestSession, verified.expiresInMs);
      return { state: 'verified' as const, guestSession: verified.guestSession };
    },
  );

  app.post(
    '/api/v1/guest/:token/decisions',
    {
      ...guestRoute,
      schema: {
        tags: ['guests'],
        summary: 'Approve or reject the step as the invited, confirmed email (one vote)',
        params: guestTokenParamsSchema,
        body: guestDecisionBodySchema,
        response: { 201: guestDecisionResponseSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await guests.decide(request.params.token, presented(request, request.body), request.body, metaOf(request))),
  );

  app.post(
    '/api/v1/guest/:token/comments',
    {
      ...guestRoute,
      schema: {
        tags: ['guests'],
        summary: 'Comment on the item as the invited, confirmed email (plain text: no mentions); never editable afterwards',
        params: guestTokenParamsSchema,
        body: guestCommentBodySchema,
        response: { 201: commentViewSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await guests.comment(request.params.token, presented(request, request.body), { text: request.body.text }, metaOf(request))),
  );

  // The owner's side ------------------------------------------------------------------------

  app.get(
    '/api/v1/items/:id/invites',
    {
      schema: {
        tags: ['guests'],
        summary: "The item's guest invitations and their state (its submitter or an admin)",
        params: itemParamsSchema,
        response: { 200: inviteListSchema, ...problems },
      },
    },
    async (request) => ({ invites: await guests.listInvites(authOf(request).actor, request.params.id) }),
  );

  app.post(
    '/api/v1/items/:id/invites/:inviteId/resend',
    {
      schema: {
        tags: ['guests'],
        summary: 'Email the invitation again with a new link (the old link stops working) and a new expiry',
        params: inviteParamsSchema,
        body: z.object({}).nullish(),
        response: { 200: inviteViewSchema, ...problems },
      },
    },
    async (request) => guests.resendInvite(authOf(request).actor, request.params.id, request.params.inviteId, metaOf(request)),
  );

  app.post(
    '/api/v1/items/:id/invites/:inviteId/revoke',
    {
      schema: {
        tags: ['guests'],
        summary: 'Revoke the invitation at once: its link and every guest session of it stop working',
        params: inviteParamsSchema,
        body: z.object({}).nullish(),
        response: { 200: inviteViewSchema, ...problems },
      },
    },
    async (request) => guests.revokeInvite(authOf(request).actor, request.params.id, request.params.inviteId, metaOf(request)),
  );
}
