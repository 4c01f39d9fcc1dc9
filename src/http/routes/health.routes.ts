import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../../platform/db/connect.ts';
import type { AppServices } from '../services.ts';

export async function healthRoutes(app: FastifyInstance, { services }: { services: AppServices }) {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    if (await pingDatabase(services.db)) return { status: 'ready' };
    return reply.status(503).type('application/problem+json').send({ type: 'about:blank', title: 'The database does not answer', status: 503, code: 'service_unavailable' });
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}
