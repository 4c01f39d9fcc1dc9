// The two servers under load, each in its own process on a fresh temporary data directory, so
// neither shares an event loop with the other or with autocannon (which runs in the bench
// process). Both directories are removed on stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type TestDatabase, type TestDialect } from '../test/support/dialects.ts';
import { startProcess } from '../test/support/start-signoff.ts';
import { METRICS_TOKEN } from './server-latency.ts';

/** `pid`: the server's own process, whose CPU accounting the bench reads. */
export type BenchServer = { url: string; pid: number | undefined; stop(): Promise<void> };
/** Where the server keeps its data, for seeding straight into it; with its data directory (and secret key, when set) to seal as it does. */
export type DatabaseTarget = ({ dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }) & {
  dataDir: string;
  secretKeyHex?: string | undefined;
};
export type SignoffBenchServer = BenchServer & { database: DatabaseTarget };

/** Where a test database keeps Signoff's data, as the seeding writes into it. */
export const databaseTarget = (db: TestDatabase): DatabaseTarget =>
  db.dialect === 'sqlite'
    ? { dialect: 'sqlite', file: join(db.dataDir, 'signoff.db'), dataDir: db.dataDir }
    : { dialect: 'postgres', url: db.env.SIGNOFF_DATABASE_URL!, dataDir: db.dataDir, secretKeyHex: db.env.SIGNOFF_SECRET_KEY };

const FLOOR_SCRIPT = fileURLToPath(new URL('./floor.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

/** How the bench runs `signoff serve`: warnings only in its log, the production mail poll interval, /metrics readable. */
export const BENCH_SERVER_ENV = { SIGNOFF_LOG_LEVEL: 'warn', SIGNOFF_MAIL_POLL_MS: '1000', SIGNOFF_METRICS_TOKEN: METRICS_TOKEN };

/** `signoff serve` on SQLite in a fresh data directory (removed on stop). */
export const startSignoffServer = (env: Record<string, string> = {}) => startSignoffOn('sqlite', env);

/** `signoff serve` on a fresh PostgreSQL database (dropped on stop). */
export const startSignoffOnPostgres = (env: Record<string, string> = {}) => startSignoffOn('postgres', env);

async function startSignoffOn(dialect: TestDialect, env: Record<string, string>): Promise<SignoffBenchServer> {
  const db = await freshDatabase(dialect);
  try {
    const proc = await startProcess({ ...db.env, ...BENCH_SERVER_ENV, ...env }, { dataDir: db.dataDir });
    return {
      url: proc.url,
      pid: proc.child.pid,
      database: databaseTarget(db),
      async stop() {
        await proc.stop();
        const warnings = proc.logs().trim();
        if (warnings) console.error(`signoff (${dialect}) logged during the bench:\n${warnings}`);
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/** bench/floor.ts as a child process; resolves once it prints the address it listens on. */
export async function startFloorServer(): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'signoff-bench-floor-'));
  const child = spawn(process.execPath, [FLOOR_SCRIPT, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the floor did not start within ${READY_TIMEOUT_MS} ms:\n${stderr}`)), READY_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the floor exited with ${code}:\n${stderr}`));
      });
      createInterface({ input: child.stdout }).once('line', (line) => {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      });
    });
    return { url, pid: child.pid, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
