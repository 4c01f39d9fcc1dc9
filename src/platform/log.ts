import type { LoggerOptions } from 'pino';

/** JSON logs; secrets that could reach a log line through headers or bodies are redacted. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers["x-signoff-device"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.code'],
      censor: '[redacted]',
    },
  };
}
