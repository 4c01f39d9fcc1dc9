// `npm run bench:compare -- [revision]`: this tree's server against another revision's (HEAD by
// default: what the uncommitted change does), on the same data, in alternated rounds.
//
// On a shared machine one run of a scenario moves by 15–30 % from the next, so a change worth 5 %
// does not show in two `npm run bench` runs. Here both servers run at once on copies of one seeded
// data directory (seeded once, by this tree's server), and each round loads one then the other,
// the order swapping every round, so that both see the same moments of the machine. The result
// is each side's median CPU per request over the rounds and in how many rounds this tree used
// less: a change is real when that count is near all or none. A scenario that spends one-time
// codes repeats on sets seeded for it: every round of each side of a protected decision spends
// reviewers of its own, and of the sign-in second factor completes sessions of its own (those
// wait at most the 15 minutes a half-finished sign-in lives: compare it with few other scenarios).
// The revision must have the same migrations (the copy of the data is shared).
//
// BENCH_ONLY (names, comma-separated, each matching the start of a scenario's name; default
// "session read,task list"), ROUNDS (default 8), BENCH_DURATION (seconds per run, default 4),
// BENCH_DIALECT=postgres (both sides on copies of one seeded database on the local PostgreSQL, as
// the tests use; the CPU is then Signoff's process only, not PostgreSQL's backends).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDatabase, freshDatabase, type TestDatabase } from '../test/support/dialects.ts';
import { REPO_ROOT, startProcess, type ServerProcess } from '../test/support/start-signoff.ts';
import { measure } from './measure.ts';
import { protectedDecision, signInSecondFactor, SIGNOFF_SCENARIOS, warmUpLoad, type Scenario } from './scenarios.ts';
import { seedSignoff } from './seed.ts';
import { BENCH_SERVER_ENV as env, databaseTarget } from './servers.ts';

const revision = process.argv[2] ?? 'HEAD';
const rounds = Number(process.env.ROUNDS ?? 8);
const seconds = Number(process.env.BENCH_DURATION ?? 4);
const dialect = process.env.BENCH_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const names = (process.env.BENCH_ONLY || 'session read,task list').split(',').map((n) => n.trim());
const repeats = (s: Scenario) => !s.amount || s.decisionRun !== undefined || s.signInRun !== undefined;
const scenarios = SIGNOFF_SCENARIOS.filter((s) => repeats(s) && names.some((n) => s.name.startsWith(n)));
if (scenarios.length === 0) {
  console.error(
    `bench: BENCH_ONLY names no scenario that can repeat; among: ${SIGNOFF_SCENARIOS.filter(repeats)
      .map((s) => s.name)
      .join(', ')}`,
  );
  process.exit(2);
}
/** Sets to seed (of reviewers, of waiting sign-ins): one per round of each side of each such scenario. */
const decisionSets = scenarios.filter((s) => s.decisionRun !== undefined).length * rounds * 2;
const signInSets = scenarios.filter((s) => s.signInRun !== undefined).length * rounds * 2;
let nextDecisionSet = 0;
let nextSignInSet = 0;
/** The scenario one round of one side loads: a decision or a sign-in spends the next set seeded for it. */
const forOneRun = (s: Scenario): Scenario =>
  s.decisionRun !== undefined ? protectedDecision(nextDecisionSet++, s.connections ?? 10) : s.signInRun !== undefined ? signInSecondFactor(nextSignInSet++) : s;

const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
const migrations = (root: string) =>
  readdirSync(join(root, 'src/platform/db/migrations'))
    .filter((f) => !f.includes('.test.'))
    .join(',');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), 'signoff-compare-'));
const other = join(work, 'tree');
const servers: ServerProcess[] = [];
const databases: TestDatabase[] = [];
try {
  console.error(`bench: checking out ${revision} (${git('rev-parse', '--short', revision)}) and building its server…`);
  git('worktree', 'add', '--detach', other, revision);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(other, 'node_modules'));
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: other, stdio: 'inherit' });
  if (migrations(other) !== migrations(REPO_ROOT))
    throw new Error(`${revision} has other migrations than this tree: the two cannot share one copy of the data`);

  // Seeded once, then copied for each side: neither serves the database the seeding wrote.
  const seeded = await freshDatabase(dialect);
  databases.push(seeded);
  const seeding = await startProcess({ ...env, ...seeded.env }, { dataDir: seeded.dataDir });
  servers.push(seeding);
  const ctx = await seedSignoff(seeding.url, databaseTarget(seeded), decisionSets, signInSets);
  await seeding.stop();
  const [mine, theirs] = [await copyDatabase(seeded), await copyDatabase(seeded)];
  databases.push(mine, theirs);
  const sides = [
    { label: 'this tree', server: await startProcess({ ...env, ...mine.env }, { dataDir: mine.dataDir }), cpu: [] as number[], rps: [] as number[] },
    {
      label: revision,
      server: await startProcess({ ...env, ...theirs.env }, { dataDir: theirs.dataDir, root: other }),
      cpu: [] as number[],
      rps: [] as number[],
    },
  ];
  servers.push(...sides.map((s) => s.server));

  console.log(
    `\n${dialect}, ${rounds} rounds of ${seconds} s per side (a decision or a sign-in: its fixed amount), 10 connections unless named; CPU µs per request (the server process's own time ÷ answers)`,
  );
  for (const scenario of scenarios) {
    for (const side of sides) {
      await scenario.before?.(ctx, side.server.url);
      side.cpu = [];
      side.rps = [];
    }
    let thisLess = 0;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const run = forOneRun(scenario);
        const connections = run.connections ?? 10;
        await measure({ url: side.server.url, connections, ...warmUpLoad(run, ctx) });
        const m = await measure({
          url: side.server.url,
          requests: run.requests(ctx),
          connections,
          durationSeconds: seconds,
          amount: run.amount?.(ctx),
          serverPid: side.server.child.pid,
        });
        if (m.non2xx > 0 || m.errors > 0) throw new Error(`${scenario.name} on ${side.label}: ${m.non2xx} non-2xx answers, ${m.errors} errors`);
        side.cpu.push(m.cpuUsPerRequest!);
        side.rps.push(m.reqPerSec);
      }
      if (sides[0]!.cpu[round]! < sides[1]!.cpu[round]!) thisLess++;
    }
    const [a, b] = sides.map((s) => median(s.cpu)) as [number, number];
    console.log(`\n${scenario.name}`);
    for (const s of sides)
      console.log(
        `  ${s.label.padEnd(12)} median ${median(s.cpu).toFixed(0).padStart(5)} µs, ${median(s.rps).toFixed(0).padStart(6)} req/s   rounds: ${s.cpu.map((c) => c.toFixed(0)).join(' ')}`,
      );
    console.log(`  this tree / ${revision}: ${(a / b).toFixed(3)} of the CPU; less in ${thisLess} of ${rounds} rounds`);
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(databases.map((d) => d.drop()));
  try {
    git('worktree', 'remove', '--force', other);
  } catch {
    /* never added */
  }
  rmSync(work, { recursive: true, force: true });
}
