// Starting Signoff for tests: in-process (fast; a manual clock can be injected) or as a real
// `signoff serve` process (cluster and browser tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { manualClock, type Clock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { MethodFactory } from '../../src/factors/index.ts';
import { createSignoff, type Signoff } from '../../src/main.ts';
import { transactionsHeldAcrossTurns } from '../../src/platform/db/group-commit.ts';
import { freshDatabase, type TestDatabase, type TestDialect } from './dialects.ts';
import { createClient, type Client } from './http-client.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type TestServer = {
  url: string;
  client: Client;
  signoff: Signoff;
  db: TestDatabase;
  clock: ReturnType<typeof manualClock> | undefined;
  stop(): Promise<void>;
};

/**
 * The real time plus an offset that only moves forward when a test says so: time passes as
 * usual (sessions idle, mail is polled), and a test that would wait for a moment (the next
 * 30-second TOTP step) moves the clock there instead.
 */
function steppingClock(): ReturnType<typeof manualClock> {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set: (ms) => {
      offset = ms - Date.now();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

/**
 * Signoff in this process on a fresh database, listening on a free port. `clock`: 'manual'
 * stands still at the real time of the start until moved; 'stepping' follows the real time
 * and can be moved forward (steppingClock).
 */
export async function startInProcess(
  dialect: TestDialect,
  opts: {
    env?: Record<string, string>;
    clock?: 'manual' | 'stepping';
    db?: TestDatabase;
    extraMethods?: readonly MethodFactory[];
    contractMethods?: readonly string[];
  } = {},
): Promise<TestServer> {
  const db = opts.db ?? (await freshDatabase(dialect));
  const clock = opts.clock === 'manual' ? manualClock(Date.now()) : opts.clock === 'stepping' ? steppingClock() : undefined;
  const config = loadConfig({ SIGNOFF_PORT: '0', SIGNOFF_HOST: '127.0.0.1', SIGNOFF_LOG_LEVEL: 'error', SIGNOFF_MAIL_POLL_MS: '100', ...db.env, ...opts.env });
  const signoff = await createSignoff(config, {
    clock: clock as Clock | undefined,
    logger: process.env.SIGNOFF_TEST_LOG === '1',
    ...(opts.extraMethods ? { extraMethods: opts.extraMethods } : {}),
    ...(opts.contractMethods ? { contractMethods: opts.contractMethods } : {}),
  });
  let address: string;
  try {
    address = await signoff.start();
  } catch (err) {
    // Nothing of a server that could not listen stays behind (its pool, its database).
    await signoff.stop();
    if (!opts.db) await db.drop();
    throw err;
  }
  return {
    url: address,
    client: createClient(address),
    signoff,
    db,
    clock,
    async stop() {
      const held = transactionsHeldAcrossTurns(signoff.database.db);
      await signoff.stop();
      if (!opts.db) await db.drop();
      // Every test's server also checks that no transaction awaited I/O while holding SQLite's one connection (group-commit.ts).
      if (held > 0) throw new Error(`${held} transaction(s) awaited I/O while holding the SQLite connection: load or compute it before the transaction`);
    },
  };
}

/**
 * startInProcess on a port chosen before it starts, for a server whose base URL must name its
 * port (an SSO redirect registered with a provider, a browser's origin): a port free a moment
 * ago, and another if something bound it in between (a server of a test file running beside,
 * or the kernel handing it out again as another listener's ephemeral port).
 */
export async function startOnChosenPort(dialect: TestDialect, opts: (port: number) => Parameters<typeof startInProcess>[1]): Promise<TestServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startInProcess(dialect, opts(await freePort()));
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('EADDRINUSE')) || attempt === PORT_ATTEMPTS) throw err;
    }
  }
}
const PORT_ATTEMPTS = 5;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `node bin/signoff.mjs <args>` of this checkout, run to its end: exit code, standard output and standard error. `env` is added to PATH and SIGNOFF_LOG_LEVEL=error (a test database's env, say); `stdin` is written and closed. */
export function runSignoff(
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string } = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/signoff.mjs', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', SIGNOFF_LOG_LEVEL: 'error', ...opts.env },
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  });
}

export type ServerProcess = { url: string; port: number; dataDir: string; child: ChildProcess; logs: () => string; stop(): Promise<void> };

/** `node bin/signoff.mjs serve` as its own process (of this checkout, or of the one at `root`); resolves once /readyz answers. */
export async function startProcess(env: Record<string, string>, opts: { dataDir: string; root?: string }): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/signoff.mjs', 'serve'], {
    cwd: opts.root ?? REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      SIGNOFF_PORT: String(port),
      SIGNOFF_HOST: '127.0.0.1',
      SIGNOFF_LOG_LEVEL: 'warn',
      SIGNOFF_MAIL_POLL_MS: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`signoff exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`signoff did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir: opts.dataDir,
    child,
    logs: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One Signoff process on a fresh SQLite data directory (the browser suite's server). */
export async function startSignoff(opts: { dialect?: TestDialect; env?: Record<string, string> } = {}) {
  const db = await freshDatabase(opts.dialect ?? 'sqlite');
  const proc = await startProcess({ ...db.env, ...opts.env }, { dataDir: db.dataDir });
  return {
    url: proc.url,
    dataDir: db.dataDir,
    logs: proc.logs,
    stop: async () => {
      await proc.stop();
      await db.drop();
    },
  };
}
