// The single error handler: every error leaves as RFC 9457 problem+json with a stable `code`.
// Anything that is not a Problem (or a request-shape error Fastify raised, or a write the
// database refused because another request changed what it relied on) is a bug: it answers 500
// internal_error with the request id and is logged with its cause; driver and library messages
// never reach the client.
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import { isForeignKeyViolation, isLockConflict, isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import { Problem, type ProblemCode } from '../../platform/problems.ts';

export const problemType = (code: ProblemCode) => `https://signoff.dev/problems/${code.replaceAll('_', '-')}`;

export function sendProblem(reply: FastifyReply, p: Problem, requestId?: string) {
  if (p.code === 'too_many_attempts') reply.header('retry-after', String(p.retryAfter ?? 1));
  // RFC 9470 step-up: tell the client which authentication level is missing.
  if (p.code === 'second_factor_required') reply.header('www-authenticate', 'Bearer error="insufficient_user_authentication"');
  return reply
    .status(p.status)
    .type('application/problem+json')
    .send({
      type: problemType(p.code),
      title: p.title,
      status: p.status,
      ...(p.detail ? { detail: p.detail } : {}),
      code: p.code,
      ...p.extensions,
      ...(p.status >= 500 && requestId ? { requestId } : {}),
    });
}

/** Fastify's own request errors, by their error code. */
const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_VALIDATION: 'invalid_request',
  FST_ERR_BAD_URL: 'not_found',
  FST_ERR_MAX_PARAM_LENGTH: 'not_found',
  FST_ERR_ASYNC_CONSTRAINT: 'invalid_request',
};

export function toProblem(err: unknown): Problem | undefined {
  if (err instanceof Problem) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({ pointer: `#${v.instancePath}`, detail: v.message ?? 'invalid' }));
    return new Problem('invalid_request', { detail: `${err.validationContext ?? 'request'} does not match the schema`, extensions: { errors } });
  }
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code && FASTIFY_CODES[e.code]) {
    const code = FASTIFY_CODES[e.code]!;
    return new Problem(code, { detail: code === 'invalid_request' ? 'The body is not valid JSON or is empty' : undefined });
  }
  // A write that lost a race: a row it refers to was deleted meanwhile (a group removed while an
  // admin added members to it), a unique value taken by a concurrent request, or a deadlock
  // PostgreSQL broke by ending this transaction. The constraint held and nothing of the request
  // stays (its transaction rolled back); the client reloads.
  if (isForeignKeyViolation(err) || isUniqueViolation(err) || isLockConflict(err))
    return new Problem('edit_conflict', { detail: 'Someone else changed this meanwhile: reload and try again' });
  // Any other client error Fastify raised (4xx) keeps its status family without its message.
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new Problem(e.statusCode === 404 ? 'not_found' : 'invalid_request');
  return undefined;
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (a non-ASCII request
 * line, malformed headers) never reach a route or the error handler, so the problem is
 * written to the socket here, in the same shape as every other refusal.
 */
export function writeClientError(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const p = new Problem('invalid_request', { detail: 'The request line or headers are malformed' });
    const body = JSON.stringify({ type: problemType(p.code), title: p.title, status: p.status, detail: p.detail, code: p.code });
    socket.write(
      `HTTP/1.1 ${p.status} Bad Request\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

export function registerProblems(app: FastifyInstance) {
  app.setErrorHandler((err, request: FastifyRequest, reply) => {
    const p = toProblem(err);
    if (p) {
      if (p.status >= 500) request.log.error({ err }, 'request failed');
      // Logged: a constraint that only a bug could break would show up here too.
      else if (p !== err && p.code === 'edit_conflict') request.log.warn({ err }, 'write refused by the database (a concurrent change)');
      return sendProblem(reply, p);
    }
    request.log.error({ err }, 'unexpected error');
    return sendProblem(reply, new Problem('internal_error'), request.id);
  });
}
