// One autocannon run, reduced to the figures the report keeps. autocannon runs in the bench
// process; the server it loads runs in another.
import autocannon, { type Request } from 'autocannon';

/** `amount`: send exactly that many requests instead of running for `durationSeconds`. */
export type Load = { url: string; requests: Request[]; connections: number; durationSeconds: number; amount?: number | undefined };

export type Measurement = {
  reqPerSec: number;
  /** autocannon records latency in whole milliseconds, and only for 2xx answers. */
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
};

export async function measure(load: Load): Promise<Measurement> {
  const result = await autocannon({ url: load.url, connections: load.connections, requests: load.requests, ...(load.amount ? { amount: load.amount } : { duration: load.durationSeconds }) });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return {
    // A fixed amount ends mid-second: divide by the run's own length rather than average whole seconds.
    reqPerSec: load.amount ? result.requests.total / result.duration : result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}
