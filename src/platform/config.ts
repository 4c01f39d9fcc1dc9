// The only reader of process.env. Every SIGNOFF_* variable is declared here once, with its
// default and its description; the README's configuration table is checked against this
// schema by test/contract/config.test.ts.
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const configSchema = z
  .object({
    SIGNOFF_PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('TCP port the HTTP server listens on (0 picks a free port).'),
    SIGNOFF_HOST: z.string().default('0.0.0.0').describe('Address the HTTP server binds to.'),
    SIGNOFF_DATA_DIR: z.string().default('./data').describe('Directory for the SQLite database, the generated secret key, the local mailbox and uploads.'),
    SIGNOFF_DATABASE_URL: z.string().optional().describe('`postgres://…` to use PostgreSQL; unset means SQLite at `<data dir>/signoff.db`.'),
    SIGNOFF_SECRET_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
      .optional()
      .describe(
        '32 random bytes as 64 hex characters: encrypts secrets and signs tokens. Generated into the data directory when unset on SQLite; required with PostgreSQL.',
      ),
    SIGNOFF_BASE_URL: z
      .string()
      .url()
      .optional()
      .describe('Public URL of the service, used in email links and to decide on `Secure` cookies. Default `http://localhost:<port>`.'),
    SIGNOFF_SITE_NAME: z.string().min(1).max(100).default('Signoff').describe('Name shown in emails, pages and authenticator entries.'),
    SIGNOFF_SMTP_URL: z
      .string()
      .optional()
      .describe('`smtp://user:pass@host:port` (or `smtps://`) to deliver mail over SMTP; unset keeps mail in the local mailbox.'),
    SIGNOFF_MAIL_FROM: z.string().default('Signoff <signoff@localhost>').describe('Sender address of every email.'),
    SIGNOFF_DEV_MAILBOX: flag
      .default(false)
      .describe(
        '`1`, for development only: the admin mailbox page and `GET /api/v1/dev/mailbox` show messages that carry credentials (reset and invitation links, codes) in full, and exist even when SMTP is configured. Otherwise the page exists only without SMTP and shows such messages to other people as placeholders.',
      ),
    SIGNOFF_TRUST_PROXY: z
      .string()
      .optional()
      .describe(
        'Comma-separated proxy addresses or CIDRs whose `X-Forwarded-For` is believed for the client address (a value that is not an address is not); unset trusts none.',
      ),
    SIGNOFF_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
    SIGNOFF_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30)
      .describe('A session unused for this long ends (NIST SP 800-63B AAL2: 30 minutes).'),
    SIGNOFF_SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12)
      .describe('A session ends this long after sign-in whatever its activity (NIST SP 800-63B AAL2: 12 hours).'),
    SIGNOFF_MAIL_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('How often the mail worker looks for due messages.'),
    SIGNOFF_UPLOAD_MAX_MB: z.coerce
      .number()
      .int()
      .min(1)
      .max(2048)
      .default(25)
      .describe('Largest file an item may carry; uploads are streamed to the data directory and cut off past it.'),
    SIGNOFF_INVITE_DAYS: z.coerce.number().int().min(1).max(90).default(14).describe('How long a guest invitation link stays valid.'),
    SIGNOFF_UPLOAD_PENDING_MAX: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(20)
      .describe('Uploads one user may hold that are not attached to an item yet (they are deleted after 24 hours).'),
    SIGNOFF_UPLOAD_PENDING_MAX_MB: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(500)
      .describe('Megabytes one user may hold in uploads not attached to an item yet.'),
    SIGNOFF_DATA_MIN_FREE_MB: z.coerce
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .default(100)
      .describe('Free space the data directory keeps: below it uploads answer 507 and /readyz 503.'),
    SIGNOFF_BACKGROUND_NICE: z.coerce
      .number()
      .int()
      .min(0)
      .max(19)
      .default(10)
      .describe(
        'Linux nice value `signoff serve` gives its thread pool and worker threads (password hashing, report drawing), so the event loop keeps a core; 0 leaves them as they are.',
      ),
    SIGNOFF_METRICS_TOKEN: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional()
      .describe('Bearer token that `/metrics` asks for on the main port; with neither it nor SIGNOFF_METRICS_PORT set, `/metrics` answers 404.'),
    SIGNOFF_METRICS_PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .optional()
      .describe('Serve `/metrics` without a token on this port, bound to 127.0.0.1 only (for a local Prometheus agent).'),
    SIGNOFF_SSO_ALLOW_HOSTS: z
      .string()
      .optional()
      .describe(
        'Comma-separated `host[:port]` list of SSO issuers allowed over plain http and at private or loopback addresses (a provider on the same machine or network); every other issuer must be https at a public address.',
      ),
  })
  .refine((c) => !c.SIGNOFF_DATABASE_URL || c.SIGNOFF_SECRET_KEY, {
    message: 'SIGNOFF_SECRET_KEY is required with PostgreSQL (SIGNOFF_DATABASE_URL): every instance must share one key',
    path: ['SIGNOFF_SECRET_KEY'],
  });

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  secretKeyHex: string | undefined;
  baseUrl: string;
  siteName: string;
  /**
   * `devMailbox` is SIGNOFF_DEV_MAILBOX=1 exactly (development: credential messages shown in
   * full, and the page kept with SMTP). `mailboxPage`: whether the admin mailbox page exists
   * (no SMTP, or the flag).
   */
  mail:
    | { transport: 'smtp'; smtpUrl: string; from: string; devMailbox: boolean; mailboxPage: boolean }
    | { transport: 'mailbox'; from: string; devMailbox: boolean; mailboxPage: true };
  trustProxy: string[] | false;
  logLevel: string;
  session: { idleMs: number; absoluteMs: number };
  mailPollMs: number;
  uploadMaxBytes: number;
  inviteTtlMs: number;
  uploadPendingMax: { count: number; bytes: number };
  minFreeBytes: number;
  /** Linux nice of the thread pool and worker threads under `signoff serve` (0: unchanged). */
  backgroundNice: number;
  metrics: { token: string | undefined; port: number | undefined };
  /** Lower-cased `host` or `host:port` entries of SIGNOFF_SSO_ALLOW_HOSTS. */
  ssoAllowHosts: string[];
};

export class ConfigError extends Error {}

/** Reads and validates SIGNOFF_* from `env` (default process.env). Throws ConfigError with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('SIGNOFF_') && v !== ''));
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  const dataDir = c.SIGNOFF_DATA_DIR;
  return {
    port: c.SIGNOFF_PORT,
    host: c.SIGNOFF_HOST,
    dataDir,
    database: c.SIGNOFF_DATABASE_URL ? { dialect: 'postgres', url: c.SIGNOFF_DATABASE_URL } : { dialect: 'sqlite', file: `${dataDir}/signoff.db` },
    secretKeyHex: c.SIGNOFF_SECRET_KEY,
    baseUrl: (c.SIGNOFF_BASE_URL ?? `http://localhost:${c.SIGNOFF_PORT}`).replace(/\/+$/, ''),
    siteName: c.SIGNOFF_SITE_NAME,
    mail: c.SIGNOFF_SMTP_URL
      ? { transport: 'smtp', smtpUrl: c.SIGNOFF_SMTP_URL, from: c.SIGNOFF_MAIL_FROM, devMailbox: c.SIGNOFF_DEV_MAILBOX, mailboxPage: c.SIGNOFF_DEV_MAILBOX }
      : { transport: 'mailbox', from: c.SIGNOFF_MAIL_FROM, devMailbox: c.SIGNOFF_DEV_MAILBOX, mailboxPage: true },
    trustProxy: c.SIGNOFF_TRUST_PROXY
      ? c.SIGNOFF_TRUST_PROXY.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : false,
    logLevel: c.SIGNOFF_LOG_LEVEL,
    session: { idleMs: c.SIGNOFF_SESSION_IDLE_MINUTES * 60_000, absoluteMs: c.SIGNOFF_SESSION_ABSOLUTE_HOURS * 3_600_000 },
    mailPollMs: c.SIGNOFF_MAIL_POLL_MS,
    uploadMaxBytes: c.SIGNOFF_UPLOAD_MAX_MB * 1024 * 1024,
    inviteTtlMs: c.SIGNOFF_INVITE_DAYS * 86_400_000,
    uploadPendingMax: { count: c.SIGNOFF_UPLOAD_PENDING_MAX, bytes: c.SIGNOFF_UPLOAD_PENDING_MAX_MB * 1024 * 1024 },
    minFreeBytes: c.SIGNOFF_DATA_MIN_FREE_MB * 1024 * 1024,
    backgroundNice: c.SIGNOFF_BACKGROUND_NICE,
    metrics: { token: c.SIGNOFF_METRICS_TOKEN, port: c.SIGNOFF_METRICS_PORT },
    ssoAllowHosts: (c.SIGNOFF_SSO_ALLOW_HOSTS ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  };
}
