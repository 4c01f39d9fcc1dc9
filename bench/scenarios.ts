// What the bench loads: the floor, then Signoff scenarios that each stand for a kind of request
// the product serves: sign-ins, authenticated reads, audited writes, protected decisions, lists.
// A scenario is a name, what it measures, and the autocannon request list it sends.
import type { Request } from 'autocannon';
import { createClient } from '../test/support/http-client.ts';
import type { BenchContext } from './seed.ts';
import { DECISION_REVIEWERS, totpAt, WARM_UP_REQUESTS } from './seed-workflows.ts';

/**
 * `amount`: a scenario that can only run a fixed number of requests (each spends a one-time code);
 * `warmUp` then gives the requests that warm Signoff up before it, spending codes of their own.
 * `connections`: autocannon's connections, when not the bench's default.
 */
export type Scenario = {
  name: string;
  what: string;
  amount?: (ctx: BenchContext) => number;
  warmUp?: (ctx: BenchContext) => { requests: Request[]; amount: number };
  connections?: number;
  /** A decision run: which of the seeded sets of reviewers it spends. */
  decisionRun?: number;
  /** A sign-in run: which of the seeded sets of sessions waiting for their second factor it completes. */
  signInRun?: number;
  /** What the scenario needs in Signoff (at `url`) before its run, done after the floor run before it. */
  before?: (ctx: BenchContext, url: string) => Promise<void>;
  requests(ctx: BenchContext): Request[];
};

const JSON_HEADERS = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ ...JSON_HEADERS, authorization: `Bearer ${token}` });

/** How long a run that is not a fixed amount is preceded by its own requests, unmeasured. */
const WARM_UP_SECONDS = 1;

/**
 * The unmeasured load before a run of `scenario` (bench/run.ts, bench/profile.ts): its warm-up
 * requests for a fixed amount, else a second of its own requests. Without it a run's figures
 * include V8 compiling the code the scenario reaches for the first time: 500 sign-ins as the
 * first requests of their kind took ~1,000 µs of CPU each, the next 1,000 ~470.
 */
export function warmUpLoad(scenario: Scenario, ctx: BenchContext): { requests: Request[]; amount?: number; durationSeconds: number } {
  const warmUp = scenario.warmUp?.(ctx);
  if (warmUp) return { ...warmUp, durationSeconds: WARM_UP_SECONDS };
  if (scenario.amount) throw new Error(`bench: ${scenario.name} spends one-time codes and has no warm-up of its own`);
  return { requests: scenario.requests(ctx), durationSeconds: WARM_UP_SECONDS };
}

/** Round-robin over `items` across every connection of one autocannon run. */
function rotate<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/**
 * The requests, amount and warm-up of a scenario whose every request spends a seeded person's
 * TOTP code (`to` gives the path and the body for that person and code): the first
 * WARM_UP_REQUESTS people warm Signoff up, the others are the run, one request each.
 */
function spendingCodes<T extends { token: string; secret: string }>(
  people: (ctx: BenchContext) => readonly T[],
  to: (p: T, code: string) => { path: string; body: unknown },
): Pick<Scenario, 'amount' | 'warmUp' | 'requests'> {
  return {
    amount: (ctx) => people(ctx).length - WARM_UP_REQUESTS,
    warmUp: (ctx) => ({ requests: withFreshCode(people(ctx).slice(0, WARM_UP_REQUESTS), to), amount: WARM_UP_REQUESTS }),
    requests: (ctx) => withFreshCode(people(ctx).slice(WARM_UP_REQUESTS), to),
  };
}

/**
 * One POST per request, round-robin over people holding an authenticator app, each with its
 * current step's TOTP code: `to` gives the path and the body for that person and code.
 */
function withFreshCode<T extends { token: string; secret: string }>(
  people: readonly T[],
  to: (p: T, code: string) => { path: string; body: unknown },
): Request[] {
  const next = rotate(people);
  return [
    {
      method: 'POST',
      path: '/',
      headers: JSON_HEADERS,
      setupRequest: (req) => {
        const p = next();
        const { path, body } = to(p, totpAt(p.secret, Date.now()));
        return { ...req, path, headers: bearer(p.token), body: JSON.stringify(body) };
      },
    },
  ];
}

export const floor: Scenario = {
  name: 'floor',
  what: 'bare Fastify, one better-sqlite3 INSERT (WAL) per request',
  requests: () => [{ method: 'POST', path: '/floor', headers: JSON_HEADERS, body: JSON.stringify({ name: 'floor' }) }],
};

// Real argon2id verification (m = 19 MiB, t = 2), the attempt budgets' reserve and release,
// a new session and a `login.succeeded` audit entry.
const loginScenario: Scenario = {
  name: 'login',
  what: 'POST /api/v1/auth/login, correct password, round-robin over the seeded users',
  requests(ctx) {
    const nextUser = rotate(ctx.users);
    return [
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: JSON_HEADERS,
        setupRequest: (req) => ({ ...req, body: JSON.stringify(nextUser()) }),
      },
    ];
  },
};

// Completing a password sign-in with the authenticator app: the waiting session checked, the
// code verified (RFC 6238, once per user and step, the attempt budgets), the session rotated to
// AAL2 and a chained `second_factor.verified` entry. Each seeded user has a session waiting and
// completes it once, with the current step's code: run `run` completes a set of its own
// (WARM_UP_REQUESTS, then DECISION_REVIEWERS sessions), as a decision run spends its reviewers.
export const signInSecondFactor = (run: number): Scenario => ({
  name: 'sign-in second factor',
  what: 'POST /api/v1/auth/second-factor with a fresh TOTP code (session rotated, audited)',
  signInRun: run,
  ...spendingCodes(
    (ctx) => {
      const set = WARM_UP_REQUESTS + DECISION_REVIEWERS;
      const waiting = ctx.workflows.pendingSignIns.slice(run * set, (run + 1) * set);
      if (waiting.length < set) throw new Error(`bench: sign-in run ${run} has ${waiting.length} sessions waiting for a second factor seeded, needs ${set}`);
      return waiting;
    },
    (_, code) => ({ path: '/api/v1/auth/second-factor', body: { method: 'totp', code } }),
  ),
});

// Token lookup, session and user checks, response serialisation; no write (the session's
// last-seen time is touched at most once a minute).
const sessionRead: Scenario = {
  name: 'session read',
  what: 'GET /api/v1/auth/session with a bearer token',
  requests: (ctx) => [{ method: 'GET', path: '/api/v1/auth/session', headers: bearer(ctx.adminToken) }],
};

// Admin check, validation, the insert and a hash-chained `group.created` audit entry in one
// transaction. Names are unique per request, so every request really creates a group. The
// first run starts from the seed's handful of groups; the second from MANY_GROUPS (issue 14:
// an audited write costs the same with 10,000 groups as with 10).
const groupCreate = (atLeast?: number): Scenario => {
  let n = 0;
  return {
    name: atLeast ? `audited write (${atLeast.toLocaleString('en')} groups)` : 'audited write',
    what: `POST /api/v1/admin/groups with a unique name per request${atLeast ? `, the organisation holding ${atLeast.toLocaleString('en')} groups or more` : ''}`,
    ...(atLeast ? { before: (ctx: BenchContext, url: string) => topUpGroups(url, ctx, atLeast) } : {}),
    requests(ctx) {
      // One counter for the warm-up and the run alike: every name stays new.
      return [
        {
          method: 'POST',
          path: '/api/v1/admin/groups',
          headers: bearer(ctx.adminToken),
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `bench ${ctx.runId} ${atLeast ?? 0} ${n++}` }) }),
        },
      ];
    },
  };
};
const MANY_GROUPS = 10_000;

/** Creates groups through the API, ten requests at a time, until the organisation holds `count`. */
async function topUpGroups(url: string, ctx: BenchContext, count: number): Promise<void> {
  const client = createClient(url);
  const listed = await client.get('/api/v1/admin/groups', ctx.adminToken);
  if (listed.status !== 200) throw new Error(`bench: listing groups answered ${listed.status}`);
  let next = (listed.body as { groups: unknown[] }).groups.length;
  const worker = async () => {
    while (next < count) {
      const res = await client.post('/api/v1/admin/groups', { name: `bench ${ctx.runId} top-up ${next++}` }, ctx.adminToken);
      if (res.status !== 201) throw new Error(`bench: creating a group answered ${res.status}: ${res.text}`);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
}

// The moment of consequence: TOTP verification (replay record), the right-to-vote checks, the
// vote, history and three hash-chained audit entries (2FA verified, decision, step and item
// closed) and the submitter's email in one transaction, then the item view. Every request
// spends a fresh code: each reviewer decides once, with the current step's code, so the run is
// a fixed number of requests. Run `run` uses reviewers of its own (DECISION_REVIEWERS of them:
// 2,000 decisions, after WARM_UP_REQUESTS of the warm-up), so each run starts with unused codes.
export const protectedDecision = (run: number, connections: number): Scenario => ({
  name: `protected decision (${connections} connections)`,
  what: 'POST /api/v1/items/{id}/decisions with a fresh TOTP code (step-up, audited)',
  connections,
  decisionRun: run,
  ...spendingCodes(
    (ctx) => {
      const set = WARM_UP_REQUESTS + DECISION_REVIEWERS;
      const reviewers = ctx.workflows.reviewers.slice(run * set, (run + 1) * set);
      if (reviewers.length < set) throw new Error(`bench: decision run ${run} has ${reviewers.length} reviewers seeded, needs ${set}`);
      return reviewers;
    },
    (r, code) => ({ path: `/api/v1/items/${r.item}/decisions`, body: { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } } }),
  ),
});

// A reviewer's first page of open tasks with 100,000 items (and as many open tasks) stored.
const taskList: Scenario = {
  name: 'task list (100k items)',
  what: 'GET /api/v1/tasks, first page of 50, reviewer with 100,000 open tasks',
  requests: (ctx) => [{ method: 'GET', path: '/api/v1/tasks', headers: bearer(ctx.workflows.taskReaderToken) }],
};

// The same reviewer's item list: every item of the 100,000 is theirs to see. (Each item once
// checked for a task of theirs through their task index, all 100,000 of them: no answer came.)
const itemList: Scenario = {
  name: 'item list (100k items)',
  what: 'GET /api/v1/items, first page of 50, reviewer with a task on each of 100,000 items',
  requests: (ctx) => [{ method: 'GET', path: '/api/v1/items', headers: bearer(ctx.workflows.taskReaderToken) }],
};

export const SIGNOFF_SCENARIOS: Scenario[] = [
  loginScenario,
  signInSecondFactor(0),
  sessionRead,
  groupCreate(),
  groupCreate(MANY_GROUPS),
  protectedDecision(0, 10),
  protectedDecision(1, 50),
  taskList,
  itemList,
];
/** What the PostgreSQL section measures: the reads, an audited write and the decision, where the database's part differs most. */
export const POSTGRES_SCENARIOS: Scenario[] = [sessionRead, groupCreate(), taskList, itemList, protectedDecision(0, 10)];
/** Sets of decision reviewers a scenario list needs seeded (each run spends its own). */
export const decisionRuns = (scenarios: Scenario[]) => Math.max(0, ...scenarios.map((s) => (s.decisionRun ?? -1) + 1));
/** Sets of sessions waiting for their second factor a scenario list needs seeded (each sign-in run completes its own). */
export const signInRuns = (scenarios: Scenario[]) => Math.max(0, ...scenarios.map((s) => (s.signInRun ?? -1) + 1));
