import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { setupBodySchema, setupResponseSchema, setupStatusSchema } from '../contract/auth.ts';
import { metaOf, setSessionCookie } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

export async function setupRoutes(base: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const secure = config.baseUrl.startsWith('https:');

  app.get(
    '/api/v1/setup/status',
    { config: { access: 'public' }, schema: { tags: ['setup'], response: { 200: setupStatusSchema, ...problems } } },
    async () => ({ setUp: await services.accounts.isSetUp() }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['setup'],
        summary: 'First-run setup: the first organisation and its admin',
        body: setupBodySchema,
        response: { 201: setupResponseSchema, ...problems },
      },
    },
    async (request, reply) => {
      const result = await services.accounts.completeSetup(request.body, metaOf(request));
      setSessionCookie(reply, result.token, { secure, maxAgeMs: config.session.absoluteMs });
      return reply.status(201).send({ organization: result.organization, user: result.user, token: result.token, csrfToken: result.csrfToken });
    },
  );
}
