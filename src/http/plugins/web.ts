// Serves the built single-page UI (dist/web). Unknown non-API GET paths get index.html so the
// client router can take them; API paths keep their problem+json 404.
import { existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export async function registerWeb(app: FastifyInstance, webRoot: string | undefined): Promise<boolean> {
  if (!webRoot || !existsSync(`${webRoot}/index.html`)) return false;
  await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, cacheControl: false, setHeaders: (reply, path) => {
    reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  } });
  app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, (req: FastifyRequest<{ Params: { '*': string } }>, reply) => reply.sendFile(`assets/${req.params['*']}`));
  return true;
}

export function isPageRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return request.method === 'GET' && !path.startsWith('/api/') && !path.includes('..') && !/\.[a-z0-9]+$/i.test(path);
}

export const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
