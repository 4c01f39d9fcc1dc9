// Brings a fresh Signoff to the state the scenarios need, through the public API only: the
// first organisation and its admin, then BENCH_USERS users with known passwords.
//
// Why many users: login is rate-limited per account (5 free failures, then back-off) and per
// client address (20 free failures, successes refunded). The bench signs in with correct
// passwords only, so no budget is ever spent, and spreading the logins over many accounts keeps
// the load shaped like real sign-ins rather than one account hammered by ten connections.
import { randomBytes } from 'node:crypto';
import { ADMIN, PASSWORD, createUser, login, setUp } from '../test/support/fixtures.ts';
import { createClient } from '../test/support/http-client.ts';
import { seedWorkflows, type WorkflowContext } from './seed-workflows.ts';
import type { DatabaseTarget } from './servers.ts';

const BENCH_USERS = 50;
// Each user creation hashes a password (argon2id); a few at a time keeps seeding quick
// without queueing the whole batch on libuv's four threads.
const SEED_CONCURRENCY = 4;

type Credentials = { email: string; password: string };
export type BenchContext = { adminToken: string; users: Credentials[]; runId: string; workflows: WorkflowContext };

/** `decisionRuns`: how many protected-decision runs need reviewers of their own; `signInRuns`: how many sign-in runs need users waiting at their second factor (scenarios.ts). */
export async function seedSignoff(url: string, database: DatabaseTarget, decisionRuns: number, signInRuns = 0): Promise<BenchContext> {
  const client = createClient(url);
  const { token: adminToken } = await setUp(client);
  const users: Credentials[] = Array.from({ length: BENCH_USERS }, (_, i) => ({ email: `bench-user-${i}@acme.test`, password: PASSWORD }));
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const user = users[next++]!;
      await createUser(client, adminToken, { email: user.email });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  // Fail here, with Signoff's own answer, rather than as a column of non-2xx counts later.
  await login(client, users[0]!.email, users[0]!.password);
  await login(client, ADMIN.email, ADMIN.password);
  console.error('bench: seeding workflows, protected items and 100,000 tasks…');
  const workflows = await seedWorkflows(url, database, adminToken, decisionRuns, signInRuns);
  return { adminToken, users, runId: randomBytes(4).toString('hex'), workflows };
}
