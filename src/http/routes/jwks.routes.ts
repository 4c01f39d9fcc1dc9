// API.md "Evidence": the deployment's public signing keys, for anyone checking a checkpoint or
// an evidence bundle without an account.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { jwksSchema } from '../contract/checkpoints.ts';
import { problems, type AppServices } from '../services.ts';

// Five minutes: a rotation reaches cached copies soon, and a verifier that meets an unknown
// `kid` should fetch again anyway (the new key signs from the moment the rotation commits).
const CACHE_CONTROL = 'public, max-age=300';

export async function jwksRoutes(base: FastifyInstance, { services }: { services: AppServices }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/.well-known/signoff/jwks.json',
    {
      config: { access: 'public' },
      schema: {
        tags: ['evidence'],
        summary: 'The Ed25519 public keys evidence is signed with (RFC 7517, RFC 8037)',
        response: { 200: jwksSchema, ...problems },
      },
    },
    async (_request, reply) => {
      // Public keys: any origin may read them (a verifier running in a browser elsewhere).
      reply.header('cache-control', CACHE_CONTROL).header('access-control-allow-origin', '*').type('application/jwk-set+json');
      return services.keyring.jwks(services.db);
    },
  );
}
