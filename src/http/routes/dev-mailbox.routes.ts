import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { mailboxSchema } from '../contract/mailbox.ts';
import { authOf } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

/**
 * The local mailbox: registered only without SMTP or with SIGNOFF_DEV_MAILBOX=1. Credential
 * messages to other people come as placeholders unless SIGNOFF_DEV_MAILBOX=1.
 */
export async function devMailboxRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  if (!config.mail.mailboxPage) return;
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/dev/mailbox',
    {
      config: { access: 'admin' },
      schema: { tags: ['mail'], summary: "Messages kept in the local mailbox for the admin's organisation", response: { 200: mailboxSchema, ...problems } },
    },
    async (request) => {
      const { actor } = authOf(request);
      const viewer = await services.accounts.findContact(services.db, actor.orgId, actor.userId);
      return { messages: await services.mail.listMailbox(services.db, actor.orgId, { viewerEmail: viewer?.email ?? '' }) };
    },
  );
}
