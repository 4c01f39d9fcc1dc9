// Security headers on every response (OWASP Secure Headers). The SPA is built without inline
// scripts or styles, so the CSP needs no 'unsafe-inline'.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Also called directly for the answers Fastify gives outside the hook chain (bad URLs). */
export function setSecurityHeaders(req: FastifyRequest, reply: FastifyReply, opts: { https: boolean }) {
  reply.header('content-security-policy', CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (opts.https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  if (!reply.hasHeader('cache-control') && req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
}

export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  app.addHook('onSend', (req, reply, payload, done) => {
    setSecurityHeaders(req, reply, opts);
    done(null, payload);
  });
}
