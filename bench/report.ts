// The bench's output: one table on stdout and the same rows as JSON in bench/results/latest.json.
// The ratio is the result; absolute numbers move with whatever else the machine is doing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './measure.ts';

/** A floor run has no ratio; a scenario's ratio divides by the mean of the floor runs around it. */
export type Row = Measurement & { scenario: string; what: string; floorReqPerSec: number | null; ratioToFloor: number | null };

/** Floor and scenario runs, alternating; (fastest − slowest floor run) ÷ their mean says how noisy the machine was. */
export type Section = { floorSpread: number; rows: Row[] };

export type BenchResults = Section & {
  at: string;
  node: string;
  cpus: number;
  durationSeconds: number;
  connections: number;
  /** The same floor against Signoff on PostgreSQL; null when no PostgreSQL answered. */
  postgres: Section | null;
  /** Signoff's resident memory (MiB): settled after start, and after every run. */
  memory: { idleMiB: number | null; afterLoadMiB: number | null };
};

export const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

export function writeResults(results: BenchResults): void {
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

function formatSection(section: Section): string[] {
  const header = ['run', 'req/s', 'p50 ms', 'p99 ms', 'p99 open ms', 'server p99 ms', 'CPU µs/req', 'SQL/req', 'floor req/s', '× floor', 'non-2xx', 'errors'];
  const body = section.rows.map((r) => [
    r.scenario,
    r.reqPerSec.toFixed(0),
    String(r.p50Ms),
    String(r.p99Ms),
    r.p99OpenMs === null ? '' : String(r.p99OpenMs),
    r.serverP99Ms ?? '',
    r.cpuUsPerRequest === null ? '' : r.cpuUsPerRequest.toFixed(0),
    r.statementsPerRequest === null ? '' : r.statementsPerRequest.toFixed(1),
    r.floorReqPerSec === null ? '' : r.floorReqPerSec.toFixed(0),
    r.ratioToFloor === null ? '' : formatRatio(r.ratioToFloor),
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), `(floor runs spread ${(section.floorSpread * 100).toFixed(0)} %)`];
}

export function formatTable(results: BenchResults): string {
  return [
    'SQLite',
    ...formatSection(results),
    ...(results.postgres ? ['', 'PostgreSQL (the same floor)', ...formatSection(results.postgres)] : []),
    '',
    '× floor = req/s ÷ floor req/s, the mean of the floor runs just before and after',
    "req/s: answers ÷ the run timed to its last answer; CPU µs/req: the server process's own user + system time (all threads) ÷ answers",
    'SQL/req: the SQL statements Signoff counted (BEGIN and COMMIT included, background work too) ÷ answers',
    "p50/p99: autocannon's, from sending a request to its answer; server p99: Signoff's own request-duration histogram (bucket bound), from reading the request to answering it",
    "p99 open: the p99 of requests sent on a connection that had answered before (a connection's first request also waits for the server to accept it: bench/measure.ts)",
    `${results.connections} connections, ${results.durationSeconds} s per run, Node ${results.node}, ${results.cpus} CPUs`,
    `Signoff RSS: ${mib(results.memory.idleMiB)} idle, ${mib(results.memory.afterLoadMiB)} after the runs (targets: ≤ 120 / ≤ 250 MiB)`,
  ].join('\n');
}

const mib = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(0)} MiB`);
const formatRatio = (ratio: number) => (ratio >= 0.1 ? ratio.toFixed(2) : ratio.toFixed(3));
