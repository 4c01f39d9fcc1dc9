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

/** One read of /metrics: the request durations and the statements run so far, and the messages waiting in the outbox. */
export type ServerCounts = { durations: Durations; statements: number; pendingMail: number };

const BUCKET = /^signoff_http_request_duration_seconds_bucket\{(.*)\} (\d+)$/;
const STATEMENTS = /^signoff_db_statements_total (\d+)$/m;
const PENDING_MAIL = /^signoff_mail_pending (\d+)$/m;

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
  return { durations, statements: Number(STATEMENTS.exec(text)?.[1] ?? NaN), pendingMail: Number(PENDING_MAIL.exec(text)?.[1] ?? NaN) };
}

/**
 * Waits until Signoff's outbox is empty: the mail a scenario's decisions enqueued goes out
 * before the next scenario starts, so its delivery is not counted in that scenario's CPU and
 * latency. Says so when it waits.
 */
export async function mailDelivered(url: string): Promise<void> {
  const started = performance.now();
  let told = false;
  for (;;) {
    const { pendingMail: pending } = await scrapeServer(url);
    if (!(pending > 0)) return;
    if (!told && performance.now() - started > 1000) {
      console.error(`bench: waiting for ${pending} messages to go out before the next run…`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "≤ 25": the smallest bucket bound (ms) holding 99 % of the requests answered between the two reads ("> 2500" past the last); null for none. */
export function p99Bound(before: Durations, after: Durations): string | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return null;
  const bound = bounds.find((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0) >= 0.99 * total)!;
  return Number.isFinite(bound) ? `≤ ${bound * 1000}` : `> ${bounds.at(-2)! * 1000}`;
}
