// One autocannon run, reduced to the figures the report keeps. autocannon runs in the bench
// process; the server it loads runs in another.
import autocannon, { type Request } from 'autocannon';

export type Load = { url: string; requests: Request[]; connections: number; durationSeconds: number };

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
  const result = await autocannon({ url: load.url, connections: load.connections, duration: load.durationSeconds, requests: load.requests });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}
