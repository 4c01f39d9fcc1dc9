import { pino, type Logger, type LoggerOptions } from 'pino';

export type Log = Logger;

/** JSON logs; secrets that could reach a log line through headers or bodies are redacted. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
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
