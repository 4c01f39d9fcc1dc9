import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { mailboxSchema } from '../contract/mailbox.ts';
import { authOf } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

/** The local mailbox: registered only without SMTP or with SIGNOFF_DEV_MAILBOX=1. */
export async function devMailboxRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  if (!config.mail.devMailbox) return;
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/dev/mailbox', {
    config: { access: 'admin' },
    schema: { tags: ['mail'], summary: "Messages kept in the local mailbox for the admin's organisation", response: { 200: mailboxSchema, ...problems } },
  }, async (request) => ({ messages: await services.mail.listMailbox(services.db, authOf(request).actor.orgId) }));
}
