// One autocannon run, reduced to the figures the report keeps. autocannon runs in the bench
// process; the server it loads runs in another.
//
// Throughput is timed here, not taken from autocannon: autocannon only notices the end of a
// run on its 1-second sampling tick, so a fixed number of requests was divided by a whole
// number of seconds (240 decisions came out as 40, 60, 80 or 120 req/s). The run is timed from
// the call to the last answer with performance.now(), for fixed amounts and durations alike.
import { performance } from 'node:perf_hooks';
import autocannon, { type Request } from 'autocannon';
import { cpuMicros } from './process-cpu.ts';
import { p99Bound, scrapeServer } from './server-latency.ts';

// A connection's first request also waits for the server to accept the connection, and a busy
// Node.js server accepts a burst of new connections about one per turn of its event loop (bare
// node:http with a 4 ms handler, 50 clients connecting at once: the last accepted after ~2.5 s,
// p99 1.2–2 s, p50 0.2 s). At 50 connections those first requests are the p99 of a 2,000-request
// run, so the report also gives the p99 of the requests sent on a connection that had answered
// before: the latency of a client already connected, which is what a decision's p99 target means.

/** `amount`: send exactly that many requests instead of running for `durationSeconds`. */
export type Load = {
  url: string;
  requests: Request[];
  connections: number;
  durationSeconds: number;
  amount?: number | undefined;
  /** The server's process id: its own CPU accounting gives the CPU time per request. */
  serverPid?: number | undefined;
  /** A Signoff (not the floor): its own request-duration histogram and statement counter are read around the run. */
  signoff?: boolean | undefined;
};

export type Measurement = {
  reqPerSec: number;
  /** autocannon records latency in whole milliseconds, and only for 2xx answers. */
  p50Ms: number;
  p99Ms: number;
  /** p99 (ms) of the answers to requests sent on a connection that had answered once before (see above). */
  p99OpenMs: number | null;
  /** Signoff's own p99, "≤ 25" ms (its histogram's bucket bound: server-latency.ts); null for the floor. */
  serverP99Ms: string | null;
  /** SQL statements Signoff ran per answered request (BEGIN and COMMIT included); null for the floor. */
  statementsPerRequest: number | null;
  requests: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Server CPU (user + system, all threads) per answered request, in µs; null when unknown. */
  cpuUsPerRequest: number | null;
  /** The run's own length, first request to last answer, in seconds. */
  seconds: number;
};

export async function measure(load: Load): Promise<Measurement> {
  const serverBefore = load.signoff ? await scrapeServer(load.url) : null;
  const cpuBefore = load.serverPid ? cpuMicros(load.serverPid) : null;
  const started = performance.now();
  let lastAnswer = started;
  let answers = 0;
  const answered = new WeakSet<object>();
  const onOpenConnections: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url: load.url,
      connections: load.connections,
      requests: load.requests,
      ...(load.amount ? { amount: load.amount } : { duration: load.durationSeconds }),
    };
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (client: object, _status: number, _bytes: number, responseTime: number) => {
      answers++;
      lastAnswer = performance.now();
      if (answered.has(client)) onOpenConnections.push(responseTime);
      else answered.add(client);
    });
  });
  const cpuAfter = load.serverPid ? cpuMicros(load.serverPid) : null;
  const serverAfter = serverBefore ? await scrapeServer(load.url) : null;
  const serverP99Ms = serverBefore && serverAfter ? p99Bound(serverBefore.durations, serverAfter.durations) : null;
  const seconds = (lastAnswer - started) / 1000;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return {
    reqPerSec: seconds > 0 ? answers / seconds : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    p99OpenMs: percentile(onOpenConnections, 0.99),
    serverP99Ms,
    statementsPerRequest: serverBefore && serverAfter && answers > 0 ? (serverAfter.statements - serverBefore.statements) / answers : null,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    cpuUsPerRequest: cpuBefore !== null && cpuAfter !== null && answers > 0 ? (cpuAfter - cpuBefore) / answers : null,
    seconds,
  };
}

/** The value below which `share` of the values lie (nearest rank), rounded to whole ms like autocannon's; null for none. */
function percentile(values: number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!);
}
