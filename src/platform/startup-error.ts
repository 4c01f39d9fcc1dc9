// Start-up failures an operator fixes (a read-only or full data directory, a database that
// does not answer, a port in use) end with one line saying what and where, not a stack trace.
// createSignoff() turns the errors it recognises into a StartupError; the CLI prints its message.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class StartupError extends Error {}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a path component is not a directory',
  ENOENT: 'no such file or directory',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available',
  SQLITE_CANTOPEN: 'cannot open the database file',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'disk I/O error',
  SQLITE_CORRUPT: 'the database file is corrupt',
  SQLITE_NOTADB: 'the file is not a database',
  '28P01': 'password authentication failed',
  '28000': 'authorization refused',
  '3D000': 'the database does not exist',
  '57P03': 'the database is starting up',
};

const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The short reason for an error we recognise, e.g. `read-only file system (EROFS)`; undefined otherwise. */
export function reasonOf(err: unknown): string | undefined {
  const code = codeOf(err);
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  if (code?.startsWith('SQLITE_')) return `${(err as Error).message} (${code})`;
  // pg reports an unreachable server as an AggregateError of one error per address tried.
  if (err instanceof AggregateError)
    for (const e of err.errors) {
      const r = reasonOf(e);
      if (r) return r;
    }
  return undefined;
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Creates the data directory and proves it writable with a probe file, or throws a StartupError. */
export function checkDataDir(dir: string): void {
  const where = resolve(dir);
  const probe = join(dir, `.write-probe-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, 'signoff\n', { flag: 'wx' });
  } catch (err) {
    throw new StartupError(`the data directory ${where} is not writable: ${reasonOf(err) ?? (err as Error).message} (SIGNOFF_DATA_DIR)`);
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      /* the directory never existed */
    }
  }
}

/** Re-throws `err` as a StartupError naming the database when it is one we recognise. */
export function databaseStartupError(err: unknown, target: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }): unknown {
  const reason = reasonOf(err);
  if (!reason) return err;
  const where = target.dialect === 'sqlite' ? `the SQLite database ${resolve(target.file)}` : `the PostgreSQL database ${redactUrl(target.url)}`;
  return new StartupError(`cannot open ${where}: ${reason} (SIGNOFF_DATABASE_URL / SIGNOFF_DATA_DIR)`);
}
