// API.md "Evidence": the per-item evidence bundle (the JWKS route is the key-rotation work's).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { itemParamsSchema } from '../contract/common.ts';
import { authOf } from '../plugins/session.ts';
import { problems, type AppConfig, type AppServices } from '../services.ts';

export async function evidenceRoutes(base: FastifyInstance, { services }: { services: AppServices; config: AppConfig }) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/v1/items/:id/evidence',
    {
      schema: {
        tags: ['items'],
        params: itemParamsSchema,
        response: { 200: z.any(), ...problems },
        summary:
          "The item's evidence bundle: signoff-evidence-v1, JCS canonical JSON signed with the deployment's Ed25519 key (check it with `signoff evidence verify` or the /verify page)",
      },
    },
    async (request, reply) => {
      const { json } = await services.evidence.bundle(authOf(request).actor, request.params.id);
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.header('content-disposition', `inline; filename="evidence-${request.params.id}.json"`);
      // The exact signed bytes: no re-serialisation by the response pipeline.
      return reply.send(json);
    },
  );
}
