import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { auditListSchema, auditQuerySchema, auditVerifySchema } from '../contract/audit.ts';
import { authOf } from '../plugins/session.ts';
import { problems, type AppServices } from '../services.ts';

export async function auditRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  app.get('/api/v1/admin/audit', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Audit entries of the organisation, newest first', querystring: auditQuerySchema, response: { 200: auditListSchema, ...problems } },
  }, async (request) => {
    const q = request.query;
    return { entries: await services.audit.list(services.db, authOf(request).actor.orgId, { type: q.type, since: q.since ? Date.parse(q.since) : undefined, limit: q.limit }) };
  });

  app.get('/api/v1/admin/audit/verify', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Re-compute the hash chain; names the first bad entry', response: { 200: auditVerifySchema, ...problems } },
  }, async (request) => services.audit.verify(services.db, authOf(request).actor.orgId));
}
