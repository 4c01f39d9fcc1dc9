import { pino, type Logger, type LoggerOptions } from 'pino';
import { clientAddress } from './client-address.ts';

export type Log = Logger;

/** What Fastify's request log says of a request (its own serializer, with the address it trusts). */
type LoggedRequest = { method: string; url: string; host: string; ip: string; socket: { remoteAddress?: string | undefined; remotePort?: number | undefined } };

/** JSON logs; secrets that could reach a log line through headers or bodies are redacted. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      // Fastify's own, but the client's address as the trail and the budgets take it: a forwarded
      // value that is not an address is the proxy's own (docs/security.md B12), not a log line's.
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: req.url,
        host: req.host,
        remoteAddress: clientAddress(req),
        remotePort: req.socket.remotePort,
      }),
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers["x-signoff-device"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.code',
      ],
      censor: '[redacted]',
    },
  };
}

/**
 * The process's one logger, created first thing in main.ts, so start-up and background jobs log
 * before the HTTP server exists; Fastify is handed it (its request logs are children of it).
 * `enabled: false` for the CLI and quiet tests.
 */
export function createLogger(level: string, enabled = true): Log {
  return pino({ ...loggerOptions(level), enabled });
}
