// Start-up failures an operator must fix end with one clear line (what and where) and a
// non-zero exit code, not a stack trace: a read-only data directory, a database on a closed port.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT } from '../../support/start-signoff.ts';

const AS_ROOT = process.getuid?.() === 0;

/**
 * As root the server runs as `nobody` (so a read-only mode means read-only), and `nobody` must
 * reach the checkout: a clone inside `mktemp -d` sits in a 0700 directory. Each ancestor gets
 * search permission for others (never read or write) for the file's run, and its mode back after.
 */
const restoreModes: [string, number][] = [];
if (AS_ROOT) {
  for (let dir = REPO_ROOT; dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      restoreModes.push([dir, mode]);
      chmodSync(dir, mode | 0o001);
    }
  }
}
afterAll(() => {
  for (const [dir, mode] of restoreModes) chmodSync(dir, mode);
});

/** Runs `signoff serve` to its exit; as root, as `nobody` so a read-only mode means read-only. */
function serve(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asNobody = AS_ROOT ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, ['bin/signoff.mjs', 'serve'], {
    cwd: REPO_ROOT,
    ...asNobody,
    env: { PATH: process.env.PATH ?? '', SIGNOFF_HOST: '127.0.0.1', SIGNOFF_PORT: '0', SIGNOFF_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
/** A directory the server's user owns (so only its mode makes it read-only). */
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'signoff-start-'));
  chmodSync(d, 0o755);
  if (process.getuid?.() === 0) chownSync(d, 65534, 65534);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

describe('start-up failures', () => {
  it('a read-only data directory: one line naming the directory, exit 1', async () => {
    const dir = scratch();
    chmodSync(dir, 0o555);
    const run = await serve({ SIGNOFF_DATA_DIR: dir });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toBe(`signoff: the data directory ${dir} is not writable: permission denied (EACCES) (SIGNOFF_DATA_DIR)`);
    expect(run.stdout).toBe('');
  });

  it('a data directory below a file (cannot be created): one line, exit 1', async () => {
    const dir = join(scratch(), 'file');
    writeFileSync(dir, 'x');
    const run = await serve({ SIGNOFF_DATA_DIR: join(dir, 'data') });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
    expect(run.stderr).toContain(`signoff: the data directory ${join(dir, 'data')} is not writable`);
  });

  it('a PostgreSQL URL to a closed port: one line naming the database (password hidden), exit 1', async () => {
    const port = await freePort();
    const run = await serve({
      SIGNOFF_DATA_DIR: scratch(),
      SIGNOFF_DATABASE_URL: `postgres://signoff:hunter2@127.0.0.1:${port}/signoff`,
      SIGNOFF_SECRET_KEY: 'ab'.repeat(32),
    });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toBe(
      `signoff: cannot open the PostgreSQL database postgres://signoff:***@127.0.0.1:${port}/signoff: connection refused (ECONNREFUSED) (SIGNOFF_DATABASE_URL / SIGNOFF_DATA_DIR)`,
    );
    expect(run.stderr).not.toContain('hunter2');
  });
});
