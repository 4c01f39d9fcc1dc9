import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../../platform/db/connect.ts';
import type { AppServices } from '../services.ts';

export async function healthRoutes(app: FastifyInstance, { services }: { services: AppServices }) {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    if (!(await pingDatabase(services.db))) {
      return reply.status(503).type('application/problem+json').send({ type: 'about:blank', title: 'The database does not answer', status: 503, code: 'service_unavailable' });
    }
    // A full data directory would turn every upload into an error: take the instance out of
    // rotation instead (SIGNOFF_DATA_MIN_FREE_MB).
    if (await services.workflows.uploads.hasRoom().catch(() => false)) return { status: 'ready' };
    return reply.status(503).type('application/problem+json').send({ type: 'about:blank', title: 'The data directory is out of free space', status: 503, code: 'service_unavailable' });
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}
