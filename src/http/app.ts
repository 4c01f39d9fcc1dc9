// buildApp: Fastify with its plugins, then the routes. The only place that assembles HTTP.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler } from '@fastify/type-provider-zod';
import { loggerOptions, type Log } from '../platform/log.ts';
import { Problem } from '../platform/problems.ts';
import { registerOpenApi, openApiRoute } from './plugins/openapi.ts';
import { registerProblems, sendProblem, toProblem, writeClientError } from './plugins/problems.ts';
import { OneLinePerRequest, registerRequestContext, requestIdOf } from './plugins/request-context.ts';
import { registerSecurityHeaders, setSecurityHeaders } from './plugins/security-headers.ts';
import { registerSession } from './plugins/session.ts';
import { registerCommittedAnswers } from './plugins/committed-answers.ts';
import { registerControlCharacterCheck } from './plugins/control-characters.ts';
import { isPageRequest, registerWeb, sendIndex } from './plugins/web.ts';
import { adminGroupsRoutes } from './routes/admin-groups.routes.ts';
import { adminUsersRoutes } from './routes/admin-users.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { commentsRoutes } from './routes/comments.routes.ts';
import { devMailboxRoutes } from './routes/dev-mailbox.routes.ts';
import { directoryRoutes } from './routes/directory.routes.ts';
import { evidenceRoutes } from './routes/evidence.routes.ts';
import { guestRoutes } from './routes/guest.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { jwksRoutes } from './routes/jwks.routes.ts';
import { setupRoutes } from './routes/setup.routes.ts';
import { secondFactorRoutes } from './routes/second-factor.routes.ts';
import { meFactorsRoutes } from './routes/me-factors.routes.ts';
import { adminTwoFactorRoutes } from './routes/admin-two-factor.routes.ts';
import { ssoRoutes } from './routes/sso.routes.ts';
import { workflowsRoutes } from './routes/workflows.routes.ts';
import { delegationRoutes } from './routes/delegation.routes.ts';
import type { AppConfig, AppServices } from './services.ts';

/** Bodies are small JSON documents; uploads (later) get their own limit on their own route. */
const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp(opts: { services: AppServices; config: AppConfig; logger?: Log | false }): Promise<FastifyInstance> {
  const { services, config } = opts;
  const app = Fastify({
    // main.ts's logger when given (one stream from start-up on), else Fastify's own with the same options.
    ...(opts.logger ? { loggerInstance: opts.logger as FastifyBaseLogger } : { logger: opts.logger === false ? false : loggerOptions(config.logLevel) }),
    trustProxy: config.trustProxy === false ? false : config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    logController: new OneLinePerRequest(),
    routerOptions: { maxParamLength: 200 },
    // Bad URLs, over-long path parameters and unparsable requests answer problem+json too.
    // They bypass the hooks, so the security headers and the request id are set here.
    frameworkErrors: (err, request, reply) => {
      setSecurityHeaders(request, reply, { https: config.baseUrl.startsWith('https:') });
      reply.header('x-request-id', request.id);
      sendProblem(reply, toProblem(err) ?? new Problem('invalid_request'));
    },
    clientErrorHandler: writeClientError,
  });
  // JSON only (API.md): Fastify's built-in text/plain parser would let a plain-text body
  // reach the schema; without it, such a body is 415 unsupported_media_type.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerProblems(app);
  registerCommittedAnswers(app, services.db);
  registerSecurityHeaders(app, { https: config.baseUrl.startsWith('https:') });
  registerRequestContext(app, services.metrics);
  await app.register(cookie);
  registerControlCharacterCheck(app);
  registerSession(app, services.accounts, {
    secure: config.baseUrl.startsWith('https:'),
    isHeldForEnrollment: (session) => services.policies.forSession.isHeldForEnrollment(session),
  });
  await registerOpenApi(app, { siteName: config.siteName, sessionCookie: app.sessionCookieName });
  const hasWeb = await registerWeb(app, config.webRoot);

  const deps = { services, config };
  await app.register(healthRoutes, deps);
  await app.register(setupRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(secondFactorRoutes, deps);
  await app.register(meFactorsRoutes, deps);
  await app.register(adminUsersRoutes, deps);
  await app.register(adminGroupsRoutes, deps);
  await app.register(adminTwoFactorRoutes, deps);
  await app.register(ssoRoutes, deps);
  await app.register(workflowsRoutes, deps);
  await app.register(delegationRoutes, deps);
  await app.register(evidenceRoutes, deps);
  await app.register(commentsRoutes, deps);
  await app.register(guestRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(jwksRoutes, deps);
  await app.register(devMailboxRoutes, deps);
  await app.register(directoryRoutes, deps);
  openApiRoute(app);

  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && isPageRequest(request)) return sendIndex(reply);
    return sendProblem(reply, new Problem('not_found', { detail: `No route ${request.method} ${request.url.split('?')[0]}` }));
  });
  return app;
}
