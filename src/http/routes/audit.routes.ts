import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { Readable } from 'node:stream';
import { exportDocument, exportFileName } from '../../audit/index.ts';
import { Problem } from '../../platform/problems.ts';
import { auditExportQuerySchema, auditExportSchema, auditListSchema, auditQuerySchema } from '../contract/audit.ts';
import {
  checkpointListQuerySchema,
  checkpointListSchema,
  checkpointSchema,
  verifyWithCheckpointsBodySchema,
  verifyWithCheckpointsSchema,
} from '../contract/checkpoints.ts';
import { authOf, metaOf } from '../plugins/session.ts';
import { problems, type AppServices } from '../services.ts';

export async function auditRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  app.get(
    '/api/v1/admin/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Audit entries of the organisation, newest first',
        querystring: auditQuerySchema,
        response: { 200: auditListSchema, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const { actor } = authOf(request);
      const time = (t: string | undefined) => (t ? Date.parse(t) : undefined);
      return services.audit.search(services.db, actor.orgId, {
        type: q.type,
        family: q.family,
        q: q.q,
        item: q.item,
        since: time(q.since),
        from: time(q.from),
        to: time(q.to),
        actor: q.actor === undefined ? undefined : { text: q.actor, userIds: await services.accounts.users.userIdsNamed(actor, q.actor) },
        before: q.before,
        after: q.after,
        limit: q.limit,
      });
    },
  );

  app.get(
    '/api/v1/admin/audit/verify',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Re-compute the hash chain and check it against the server's stored checkpoints; names the first bad entry",
        response: { 200: verifyWithCheckpointsSchema, ...problems },
      },
    },
    async (request) => services.checkpoints.verify(services.db, authOf(request).actor.orgId),
  );

  app.post(
    '/api/v1/admin/audit/verify',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'As GET verify, also against checkpoints obtained earlier (a witness email, an auditor file)',
        body: verifyWithCheckpointsBodySchema,
        response: { 200: verifyWithCheckpointsSchema, ...problems },
      },
    },
    async (request) => services.checkpoints.verify(services.db, authOf(request).actor.orgId, request.body.checkpoints),
  );

  app.get(
    '/api/v1/admin/audit/checkpoints',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Signed checkpoints of the chain head, oldest first (made at or after `since`)',
        querystring: checkpointListQuerySchema,
        response: { 200: checkpointListSchema, ...problems },
      },
    },
    async (request) => ({
      checkpoints: await services.checkpoints.list(services.db, authOf(request).actor.orgId, {
        since: request.query.since ? Date.parse(request.query.since) : undefined,
        limit: request.query.limit,
      }),
    }),
  );

  app.post(
    '/api/v1/admin/audit/checkpoints',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Sign the chain head now (emailed to the witnesses); audited as audit.checkpointed',
        response: { 201: checkpointSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { checkpoint } = await services.checkpoints.checkpointNow(authOf(request).actor, metaOf(request));
      return reply.code(201).send(checkpoint);
    },
  );

  app.get(
    '/api/v1/admin/audit/export',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'The whole audit trail, oldest first, as JSON or CSV (a download); the export is itself audited',
        querystring: auditExportQuerySchema,
        response: { 200: auditExportSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { actor } = authOf(request);
      const { format, ...filter } = request.query;
      const org = (await services.accounts.loadActor(actor.orgId, actor.userId))?.user.organization;
      if (!org) throw new Problem('unauthenticated');
      const time = (t: string | undefined) => (t ? Date.parse(t) : undefined);
      // The audit page's filters and the export's own, read as the search reads them. Everything
      // that can refuse (words naming nothing, the first page's read) happens here, before the
      // first byte, so it still answers a problem; the rest is read as the reply is written.
      const reading = await services.audit.readExport(services.db, actor.orgId, {
        type: filter.type,
        family: filter.family,
        q: filter.q,
        item: filter.item,
        since: time(filter.since),
        from: time(filter.from),
        to: time(filter.to),
        until: time(filter.until),
        itemId: filter.itemId,
        actor: filter.actor === undefined ? undefined : { text: filter.actor, userIds: await services.accounts.users.userIdsNamed(actor, filter.actor) },
      });
      const meta = metaOf(request);
      // Recorded after the last entry is written and before the reply ends (an export cut short
      // is recorded too, as incomplete); this entry is the first one after the export.
      const record = async (entries: number, complete: boolean) => {
        try {
          await services.db.transaction().execute((tx) =>
            services.audit.append(tx, {
              orgId: actor.orgId,
              type: 'audit.exported',
              actor: { userId: actor.userId, label: actor.label },
              data: { format, entries, headHash: reading.headHash, filter, ...(complete ? {} : { incomplete: true }) },
              ip: meta.ip,
              requestId: meta.requestId,
            }),
          );
        } catch (err) {
          request.log.error({ err }, 'audit.exported not recorded');
          throw err;
        }
      };
      reply.header('content-disposition', `attachment; filename="${exportFileName(reading.exportedAt, format)}"`);
      reply.type(format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8');
      // A stream bypasses the response serializer: the document is written a page at a time, the
      // very text the serializer would make of it whole (audit/export.ts). One page waits at most
      // beside the one being sent, so a slow client holds the reading back, not the memory.
      return reply.send(Readable.from(exportDocument(reading, { format, organization: org, filter, record }), { highWaterMark: 1 }) as never);
    },
  );
}
