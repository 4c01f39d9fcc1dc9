// Signoff's own view of a run, beside the client's: its request-duration histogram and its SQL
// statement counter (Prometheus, `/metrics` with SIGNOFF_METRICS_TOKEN) read before and after
// the run. The histogram starts when the server has read the request, so the time a request
// waited to be read (50 clients on one event loop: closed-loop queueing, which the client's p99
// includes) is not in it; its buckets bound the answer: "p99 ≤ 25 ms", not a point. Statements
// per request do not move with the machine's load, unlike every time: they show a structural
// change even in a noisy run.
import { randomBytes } from 'node:crypto';

/** The token the bench's Signoff is started with (servers.ts) and scrapes with. */
export const METRICS_TOKEN = randomBytes(16).toString('hex');

/** Cumulative request counts by bucket bound (seconds, Infinity for +Inf), over every route but /metrics. */
export type Durations = Map<number, number>;

/** One read of /metrics: the request durations and the statements run so far. */
export type ServerCounts = { durations: Durations; statements: number };

const BUCKET = /^signoff_http_request_duration_seconds_bucket\{(.*)\} (\d+)$/;
const STATEMENTS = /^signoff_db_statements_total (\d+)$/m;

export async function scrapeServer(url: string): Promise<ServerCounts> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`bench: GET /metrics answered ${res.status}`);
  const text = await res.text();
  const durations: Durations = new Map();
  for (const line of text.split('\n')) {
    const m = BUCKET.exec(line);
    if (!m || m[1]!.includes('route="/metrics"')) continue;
    const le = /le="([^"]+)"/.exec(m[1]!)![1]!;
    const bound = le === '+Inf' ? Infinity : Number(le);
    durations.set(bound, (durations.get(bound) ?? 0) + Number(m[2]));
  }
  return { durations, statements: Number(STATEMENTS.exec(text)?.[1] ?? NaN) };
}

/** "≤ 25": the smallest bucket bound (ms) holding 99 % of the requests answered between the two reads ("> 2500" past the last); null for none. */
export function p99Bound(before: Durations, after: Durations): string | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return null;
  const bound = bounds.find((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0) >= 0.99 * total)!;
  return Number.isFinite(bound) ? `≤ ${bound * 1000}` : `> ${bounds.at(-2)! * 1000}`;
}
