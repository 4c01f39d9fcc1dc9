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
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url: load.url,
      connections: load.connections,
      requests: load.requests,
      ...(load.amount ? { amount: load.amount } : { duration: load.durationSeconds }),
    };
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', () => {
      answers++;
      lastAnswer = performance.now();
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
