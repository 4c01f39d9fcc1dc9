import { isIP } from 'node:net';

/**
 * The client's address: Fastify's, which behind a trusted proxy (SIGNOFF_TRUST_PROXY) is the one
 * the proxy forwarded. A forwarded value that is not an address (a proxy that passed on what its
 * client wrote) is not believed: the request counts as the proxy's own, in every per-address
 * budget, in the audit trail and in the request log (docs/security.md B12).
 */
export const clientAddress = (request: { ip: string; socket: { remoteAddress?: string | undefined } }): string =>
  isIP(request.ip) ? request.ip : (request.socket.remoteAddress ?? '');
