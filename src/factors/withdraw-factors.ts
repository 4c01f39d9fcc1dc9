// Taking every second factor away from a user: an admin's reset and a self-service recovery.
// The user's row lock comes first, as every factor change takes it (step-up.ts, enroll.ts, the
// passkey registration): a factor being confirmed or a passkey being registered at the same
// moment either commits before (and is removed here) or waits and then finds its ceremony
// ended. Without it, on PostgreSQL a passkey whose registration committed during a reset kept
// working after the reset had answered that every factor was gone.
import { lockUser } from '../accounts/index.ts';
import type { Tx } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { voidAllOpenChallenges } from './challenges.store.ts';
import type { FactorsDeps } from './deps.ts';
import { deleteAllFactors } from './factors.store.ts';
import { revokeAllDevices } from './trusted-devices/trusted-devices.ts';

/** Every factor, open challenge and trusted device of the user removed, their sessions ended: how many of each. */
export async function withdrawEveryFactor(accounts: FactorsDeps['accounts'], tx: Tx, user: { orgId: OrgId; userId: UserId }, now: number) {
  await lockUser(tx, user.orgId, user.userId);
  await voidAllOpenChallenges(tx, user.userId, now);
  const factorsRemoved = await deleteAllFactors(tx, user.userId);
  const devicesRevoked = await revokeAllDevices(tx, user.userId, now);
  const sessionsEnded = await accounts.sessions.endAllOf(tx, user.userId);
  return { factorsRemoved, devicesRevoked, sessionsEnded };
}
