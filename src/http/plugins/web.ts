// Serves the built single-page UI (dist/web). Unknown non-API GET paths get index.html so the
// client router can take them; API paths keep their problem+json 404.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export async function registerWeb(app: FastifyInstance, webRoot: string | undefined): Promise<boolean> {
  if (!webRoot || !existsSync(`${webRoot}/index.html`)) return false;
  // `serve: false`: the plugin only lends reply.sendFile. Its own file routes would carry no
  // access level and so default to "authenticated", keeping the sign-in page and its scripts
  // from anyone not yet signed in; the routes below are declared public instead.
  await app.register(fastifyStatic, {
    root: webRoot,
    serve: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const publicFile = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/assets/*', publicFile, (req: FastifyRequest<{ Params: { '*': string } }>, reply) => reply.sendFile(`assets/${req.params['*']}`));
  for (const file of readdirSync(webRoot)) {
    if (file !== 'index.html' && statSync(join(webRoot, file)).isFile()) app.get(`/${file}`, publicFile, (_req, reply) => reply.sendFile(file));
  }
  return true;
}

export function isPageRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return request.method === 'GET' && !path.startsWith('/api/') && !path.includes('..') && !/\.[a-z0-9]+$/i.test(path);
}

export const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
