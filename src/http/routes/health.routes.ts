import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../../platform/db/connect.ts';
import { constantTimeEqual } from '../../platform/crypto/constant-time.ts';
import { Problem } from '../../platform/problems.ts';
import type { AppConfig, AppServices } from '../services.ts';

export async function healthRoutes(app: FastifyInstance, { services, config }: { services: AppServices; config: AppConfig }) {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    if (!(await pingDatabase(services.db))) {
      return reply
        .status(503)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'The database does not answer', status: 503, code: 'service_unavailable' });
    }
    // A full data directory would turn every upload into an error: take the instance out of
    // rotation instead (SIGNOFF_DATA_MIN_FREE_MB).
    if (await services.workflows.uploads.hasRoom().catch(() => false)) return { status: 'ready' };
    return reply
      .status(503)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: 'The data directory is out of free space', status: 503, code: 'service_unavailable' });
  });
  // The counters describe traffic by route and status: only for whoever holds
  // SIGNOFF_METRICS_TOKEN. Without a token (none set, or only SIGNOFF_METRICS_PORT) this port
  // answers 404, as for any unknown route.
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = config.metrics.token;
    if (token === undefined) throw new Problem('not_found', { detail: `No route GET /metrics` });
    const m = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!m || !constantTimeEqual(m[1]!, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new Problem('unauthenticated', { detail: 'GET /metrics needs the bearer token of SIGNOFF_METRICS_TOKEN' });
    }
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}
