// Signoff's own view of a run's latency, beside the client's: its request-duration histogram
// (Prometheus, `/metrics` with SIGNOFF_METRICS_TOKEN) read before and after the run. It starts
// when the server has read the request, so the time a request waited to be read (50 clients on
// one event loop: closed-loop queueing, which the client's p99 includes) is not in it. The
// histogram's buckets bound the answer: "p99 ≤ 25 ms", not a point.
import { randomBytes } from 'node:crypto';

/** The token the bench's Signoff is started with (servers.ts) and scrapes with. */
export const METRICS_TOKEN = randomBytes(16).toString('hex');

/** Cumulative request counts by bucket bound (seconds, Infinity for +Inf), over every route but /metrics. */
export type Durations = Map<number, number>;

const BUCKET = /^signoff_http_request_duration_seconds_bucket\{(.*)\} (\d+)$/;

export async function scrapeDurations(url: string): Promise<Durations> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`bench: GET /metrics answered ${res.status}`);
  const counts: Durations = new Map();
  for (const line of (await res.text()).split('\n')) {
    const m = BUCKET.exec(line);
    if (!m || m[1]!.includes('route="/metrics"')) continue;
    const le = /le="([^"]+)"/.exec(m[1]!)![1]!;
    const bound = le === '+Inf' ? Infinity : Number(le);
    counts.set(bound, (counts.get(bound) ?? 0) + Number(m[2]));
  }
  return counts;
}

/** "≤ 25": the smallest bucket bound (ms) holding 99 % of the requests answered between the two reads ("> 2500" past the last); null for none. */
export function p99Bound(before: Durations, after: Durations): string | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return null;
  const bound = bounds.find((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0) >= 0.99 * total)!;
  return Number.isFinite(bound) ? `≤ ${bound * 1000}` : `> ${bounds.at(-2)! * 1000}`;
}
