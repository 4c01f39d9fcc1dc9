// `npm run bench:profile -- <scenario>`: a V8 CPU profile of Signoff serving one bench scenario.
//
// Starts Signoff like `npm run bench` (SQLite, fresh data directory) with `--cpu-prof`, seeds it,
// loads it with the named scenario for BENCH_DURATION seconds (default 5), stops it and prints the
// functions with the most self time, grouped by source file. The profile file stays in the
// printed directory for Chrome DevTools. Figures are shares of the server's samples, so they do
// not depend on how busy the machine is. On SQLite it then prints the time spent inside each
// statement during the load (statement-times.ts): V8 charges all of it to one function.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.ts';
import { decisionRuns, signInRuns, SIGNOFF_SCENARIOS, warmUpLoad } from './scenarios.ts';
import { seedSignoff } from './seed.ts';
import { startSignoffOnPostgres, startSignoffServer } from './servers.ts';
import type { StatementTimes } from './statement-times.ts';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; endTime: number };

const name = process.argv[2] ?? 'session read';
const scenario = SIGNOFF_SCENARIOS.find((s) => s.name === name);
if (!scenario) {
  console.error(`unknown scenario ${JSON.stringify(name)}; one of: ${SIGNOFF_SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
/** From the last answer to the profile's end: the server's shutdown. */
const STOP_ALLOWANCE_S = 0.3;
const seconds = Number(process.env.BENCH_DURATION ?? 5);
const profileDir = mkdtempSync(join(tmpdir(), 'signoff-profile-'));
const statementTimesFile = join(profileDir, 'statements.json');
const profiling = {
  NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir} --import=${fileURLToPath(new URL('./statement-times.ts', import.meta.url))}`,
  STATEMENT_TIMES_FILE: statementTimesFile,
};
const server = process.env.BENCH_DIALECT === 'postgres' ? await startSignoffOnPostgres(profiling) : await startSignoffServer(profiling);
let m;
try {
  const ctx = await seedSignoff(server.url, server.database, decisionRuns([scenario]), signInRuns([scenario]));
  await scenario.before?.(ctx, server.url);
  await measure({ url: server.url, connections: 10, ...warmUpLoad(scenario, ctx) });
  // The statements' times count from here (statement-times.ts).
  if (server.pid) process.kill(server.pid, 'SIGUSR2');
  m = await measure({
    url: server.url,
    requests: scenario.requests(ctx),
    connections: 10,
    durationSeconds: seconds,
    amount: scenario.amount?.(ctx),
    serverPid: server.pid,
  });
} finally {
  await server.stop();
}
console.log(`${name}: ${m.requests} requests, ${Math.round(m.reqPerSec)} req/s, ${m.cpuUsPerRequest?.toFixed(0)} µs CPU/request, non-2xx ${m.non2xx}`);

const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
// The re-executed serve process writes the profile that holds the requests: the largest one.
const profiles = files.map((f) => JSON.parse(readFileSync(join(profileDir, f), 'utf8')) as Profile).sort((a, b) => b.samples.length - a.samples.length);
const profile = profiles[0]!;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Only the load: the samples of the run's last seconds before the stop (seeding came before),
// without the idle ones.
const loadStart = profile.endTime - (m.seconds + STOP_ALLOWANCE_S) * 1e6;
const self = new Map<number, number>();
let at = profile.endTime - profile.timeDeltas.reduce((a, b) => a + b, 0);
let total = 0;
for (const [i, s] of profile.samples.entries()) {
  at += profile.timeDeltas[i]!;
  if (at < loadStart || byId.get(s)!.callFrame.functionName === '(idle)') continue;
  self.set(s, (self.get(s) ?? 0) + 1);
  total++;
}
const short = (url: string) => url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/') || '(native)';
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, count] of self) {
  const f = byId.get(id)!.callFrame;
  const fn = `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  const place = short(f.url)
    .split('/')
    .slice(0, f.url.includes('node_modules') ? (short(f.url).startsWith('@') ? 2 : 1) : 2)
    .join('/');
  byPlace.set(place, (byPlace.get(place) ?? 0) + count);
}
const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
console.log(`\nself time by place (${total} samples):\n${top(byPlace, 25)}\n\nby function:\n${top(byFunction, 40)}\n\nprofiles: ${profileDir}`);

if (existsSync(statementTimesFile)) {
  const statements = (JSON.parse(readFileSync(statementTimesFile, 'utf8')) as StatementTimes).sort((a, b) => b.us - a.us);
  const inSqlite = statements.reduce((sum, t) => sum + t.us, 0);
  if (inSqlite > 0) {
    const lines = statements
      .slice(0, 25)
      .map(
        (t) =>
          `${(t.us / m.requests).toFixed(1).padStart(8)} ${(t.calls / m.requests).toFixed(2).padStart(6)} ${(t.us / t.calls).toFixed(1).padStart(8)}  ${t.sql.replace(/\s+/g, ' ').slice(0, 110)}`,
      )
      .join('\n');
    console.log(
      `\ninside SQLite during the load (wall clock): ${(inSqlite / m.requests).toFixed(0)} µs a request\n  µs/req  calls/req  µs/call  statement\n${lines}`,
    );
  }
}
