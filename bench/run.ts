// `npm run bench`: Signoff against the floor, in one run, on one machine.
//
// Starts the floor (bench/floor.ts) and Signoff (`signoff serve`, SQLite, fresh data directory)
// as two processes, seeds Signoff through its API, then loads them one at a time with autocannon
// from this process, alternating: floor, scenario, floor, scenario, …, floor. Each scenario's
// ratio divides by the mean of the two floor runs around it. On a shared machine the
// throughput of the same floor moves by tens of percent within a minute, so absolute numbers
// are noise; a ratio against a floor measured seconds away is the result.
//
// BENCH_DURATION (seconds, default 5) sets the length of each run. There is no warm-up run;
// seeding has already sent Signoff a few dozen requests.
import { availableParallelism } from 'node:os';
import { measure, type Measurement } from './measure.ts';
import { rssMiB } from './process-cpu.ts';
import { formatTable, RESULTS_FILE, writeResults, type BenchResults, type Row } from './report.ts';
import { floor, SIGNOFF_SCENARIOS, type Scenario } from './scenarios.ts';
import { seedSignoff, type BenchContext } from './seed.ts';
import { startFloorServer, startSignoffServer, type BenchServer } from './servers.ts';

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
    const ctx = await seedSignoff(signoff.url, signoff.dataDir);

    const load = async (server: BenchServer, scenario: Scenario, label: string, context: BenchContext): Promise<Measurement> => {
      const amount = scenario.amount?.(context);
      console.error(`bench: ${label} (${amount ? `${amount} requests` : `${durationSeconds} s`})…`);
      return measure({ url: server.url, requests: scenario.requests(context), connections: CONNECTIONS, durationSeconds, amount, serverPid: server.pid });
    };
    const floorRow = (m: Measurement, n: number): Row => ({ scenario: `floor ${n}`, what: floor.what, ...m, floorReqPerSec: null, ratioToFloor: null });

    let before = await load(floorServer, floor, 'floor 1', ctx);
    const rows: Row[] = [floorRow(before, 1)];
    for (const [i, scenario] of SIGNOFF_SCENARIOS.entries()) {
      const m = await load(signoff, scenario, scenario.name, ctx);
      const after = await load(floorServer, floor, `floor ${i + 2}`, ctx);
      const floorReqPerSec = (before.reqPerSec + after.reqPerSec) / 2;
      rows.push({ scenario: scenario.name, what: scenario.what, ...m, floorReqPerSec, ratioToFloor: m.reqPerSec / floorReqPerSec });
      rows.push(floorRow(after, i + 2));
      before = after;
    }

    const floors = rows.filter((r) => r.ratioToFloor === null).map((r) => r.reqPerSec);
    const floorMean = floors.reduce((a, b) => a + b, 0) / floors.length;
    const results: BenchResults = {
      at: new Date().toISOString(), node: process.versions.node, cpus: availableParallelism(),
      durationSeconds, connections: CONNECTIONS,
      floorSpread: (Math.max(...floors) - Math.min(...floors)) / floorMean, rows,
      memory: { idleMiB, afterLoadMiB: signoff.pid === undefined ? null : rssMiB(signoff.pid) },
    };
    writeResults(results);
    console.log(`\n${formatTable(results)}\nwritten to ${RESULTS_FILE}`);

    // A run that got refusals measured the refusal path, not the scenario: say so and fail.
    const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || r.requests === 0);
    for (const r of bad) console.error(`bench: ${r.scenario} had ${r.non2xx} non-2xx answers and ${r.errors} errors; status codes ${JSON.stringify(r.statusCodes)}`);
    return bad.length === 0 ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

process.exitCode = await main();
