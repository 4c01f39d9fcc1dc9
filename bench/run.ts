// `npm run bench`: Signoff against the floor, in one run, on one machine.
//
// Starts the floor (bench/floor.ts) and Signoff (`signoff serve`, SQLite, fresh data directory)
// as two processes, seeds Signoff through its API, then loads them one at a time with autocannon
// from this process, alternating: floor, scenario, floor, scenario, …, floor. Each scenario's
// ratio divides by the mean of the two floor runs around it. Then the PostgreSQL section: the
// same floor, and Signoff on a fresh PostgreSQL database (127.0.0.1:5432, as the tests use) for
// the session read, an audited write, the task and item lists and the protected decision. On a
// shared machine the throughput of the same floor moves by tens of percent within a minute, so
// absolute numbers are noise; a ratio against a floor measured seconds away is the result.
// Before every run the bench waits until Signoff's outbox is empty (its `signoff_mail_pending`
// gauge): the mail of a run's decisions goes out before the next run, not during it.
//
// BENCH_DURATION (seconds, default 5) sets the length of each run. Each run, the floor's too, is
// preceded by an unmeasured warm-up of its kind of request (scenarios.ts, warmUpLoad), so that
// its figures are those of code V8 has compiled, not of the compiling. BENCH_ONLY (names, comma-separated,
// each matching the start of a scenario's name) runs only those scenarios, for work on one of
// them; the README's table comes from a full run.
import { availableParallelism } from 'node:os';
import { measure, type Measurement } from './measure.ts';
import { rssMiB } from './process-cpu.ts';
import { mailDelivered } from './server-latency.ts';
import { formatTable, RESULTS_FILE, writeResults, type BenchResults, type Row, type Section } from './report.ts';
import { decisionRuns, floor, POSTGRES_SCENARIOS, signInRuns, SIGNOFF_SCENARIOS, warmUpLoad, type Scenario } from './scenarios.ts';
import { seedSignoff, type BenchContext } from './seed.ts';
import { startFloorServer, startSignoffOnPostgres, startSignoffServer, type BenchServer, type SignoffBenchServer } from './servers.ts';

const DEFAULT_DURATION_SECONDS = 5;
const CONNECTIONS = 10;
/** Start-up work (migrations, the first timers) settles before idle memory is read. */
const IDLE_SETTLE_MS = 2000;

function durationFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_DURATION_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new TypeError(`BENCH_DURATION must be a positive number of seconds, got ${JSON.stringify(value)}`);
  return seconds;
}

/** The scenarios BENCH_ONLY names (all without it). */
function selected(scenarios: Scenario[]): Scenario[] {
  const names = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length === 0 ? scenarios : scenarios.filter((s) => names.some((n) => s.name.startsWith(n)));
}

/** Loads `server` with each scenario, between floor runs: floor, scenario, floor, scenario, …, floor. */
async function alternate(
  floorServer: BenchServer,
  server: BenchServer,
  scenarios: Scenario[],
  ctx: BenchContext,
  durationSeconds: number,
  label = '',
): Promise<Section> {
  const load = async (target: BenchServer, scenario: Scenario, name: string): Promise<Measurement> => {
    const amount = scenario.amount?.(ctx);
    const connections = scenario.connections ?? CONNECTIONS;
    // Nothing of the last run still going on in Signoff: its mail out (the floor shares the CPUs).
    await mailDelivered(server.url);
    await measure({ url: target.url, connections, ...warmUpLoad(scenario, ctx) });
    await mailDelivered(server.url);
    console.error(`bench: ${name}${label} (${amount ? `${amount} requests` : `${durationSeconds} s`})…`);
    return measure({
      url: target.url,
      requests: scenario.requests(ctx),
      connections,
      durationSeconds,
      amount,
      serverPid: target.pid,
      signoff: target !== floorServer,
    });
  };
  const floorRow = (m: Measurement, n: number): Row => ({ scenario: `floor ${n}`, what: floor.what, ...m, floorReqPerSec: null, ratioToFloor: null });
  let before = await load(floorServer, floor, 'floor 1');
  const rows: Row[] = [floorRow(before, 1)];
  for (const [i, scenario] of scenarios.entries()) {
    await scenario.before?.(ctx, server.url);
    const m = await load(server, scenario, scenario.name);
    const after = await load(floorServer, floor, `floor ${i + 2}`);
    const floorReqPerSec = (before.reqPerSec + after.reqPerSec) / 2;
    rows.push({ scenario: scenario.name, what: scenario.what, ...m, floorReqPerSec, ratioToFloor: m.reqPerSec / floorReqPerSec });
    rows.push(floorRow(after, i + 2));
    before = after;
  }
  const floors = rows.filter((r) => r.ratioToFloor === null).map((r) => r.reqPerSec);
  const floorMean = floors.reduce((x, y) => x + y, 0) / floors.length;
  return { floorSpread: (Math.max(...floors) - Math.min(...floors)) / floorMean, rows };
}

/** The PostgreSQL section: the same floor, Signoff on a fresh PostgreSQL database; null with a reason when none answers. */
async function postgresSection(floorServer: BenchServer, durationSeconds: number): Promise<Section | string> {
  const scenarios = selected(POSTGRES_SCENARIOS);
  if (scenarios.length === 0) return 'PostgreSQL section skipped: BENCH_ONLY names none of its scenarios';
  let server: SignoffBenchServer;
  try {
    server = await startSignoffOnPostgres();
  } catch (err) {
    return `PostgreSQL section skipped: ${(err as Error).message.split('\n')[0]}`;
  }
  try {
    const ctx = await seedSignoff(server.url, server.database, decisionRuns(scenarios), signInRuns(scenarios));
    return await alternate(floorServer, server, scenarios, ctx, durationSeconds, ' on PostgreSQL');
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  const durationSeconds = durationFromEnv(process.env.BENCH_DURATION);
  const servers: BenchServer[] = [];
  try {
    const floorServer = await startFloorServer();
    servers.push(floorServer);
    const signoff = await startSignoffServer();
    servers.push(signoff);
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    const idleMiB = signoff.pid === undefined ? null : rssMiB(signoff.pid);
    const scenarios = selected(SIGNOFF_SCENARIOS);
    const ctx = await seedSignoff(signoff.url, signoff.database, decisionRuns(scenarios), signInRuns(scenarios));
    const sqlite = await alternate(floorServer, signoff, scenarios, ctx, durationSeconds);
    const afterLoadMiB = signoff.pid === undefined ? null : rssMiB(signoff.pid);
    await signoff.stop();
    servers.splice(servers.indexOf(signoff), 1);
    const postgres = await postgresSection(floorServer, durationSeconds);

    const results: BenchResults = {
      at: new Date().toISOString(),
      node: process.versions.node,
      cpus: availableParallelism(),
      durationSeconds,
      connections: CONNECTIONS,
      ...sqlite,
      postgres: typeof postgres === 'string' ? null : postgres,
      memory: { idleMiB, afterLoadMiB },
    };
    writeResults(results);
    console.log(`\n${formatTable(results)}\nwritten to ${RESULTS_FILE}`);
    if (typeof postgres === 'string') console.log(postgres);

    // A run that got refusals measured the refusal path, not the scenario: say so and fail.
    const bad = [...sqlite.rows, ...(results.postgres?.rows ?? [])].filter((r) => r.non2xx > 0 || r.errors > 0 || r.requests === 0);
    for (const r of bad)
      console.error(`bench: ${r.scenario} had ${r.non2xx} non-2xx answers and ${r.errors} errors; status codes ${JSON.stringify(r.statusCodes)}`);
    return bad.length === 0 ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

process.exitCode = await main();
