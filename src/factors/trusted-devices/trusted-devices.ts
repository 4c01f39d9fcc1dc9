// Trusted devices (docs/security.md G): after a second-factor sign-in a user may trust the browser
// for the organisation's number of days. The token is 256 random bits, stored as SHA-256,
// bound to user and organisation. It skips the sign-in prompt only: step-up at a decision or
// signature never consults it (N4 SB-4). Revoked by the user, and wholesale whenever a
// factor, the password or 2FA changes, or the organisation turns the feature off.
import { iso } from '../../platform/clock.ts';
import { sha256Hex } from '../../platform/crypto/digest.ts';
import { newToken } from '../../platform/crypto/random.ts';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import { newId, type OrgId, type UserId } from '../../platform/ids.ts';
import {
  findTrustedDeviceByHash,
  insertTrustedDevice,
  listLiveTrustedDevices,
  revokeAllTrustedDevices,
  revokeTrustedDevice,
  touchTrustedDevice,
} from './trusted-devices.store.ts';

export type TrustedDeviceView = { id: string; label: string; createdAt: string; expiresAt: string; lastUsedAt: string | null };

export async function trustDevice(
  tx: Tx,
  u: { orgId: OrgId; userId: UserId },
  label: string,
  days: number,
  securityStamp: string,
  now: number,
): Promise<{ id: string; token: string }> {
  const token = newToken();
  const id = newId('dev');
  await insertTrustedDevice(tx, {
    id,
    org_id: u.orgId,
    user_id: u.userId,
    token_hash: sha256Hex(token),
    label: label.slice(0, 120) || 'Browser',
    created_at: now,
    expires_at: now + days * 86_400_000,
    last_used_at: now,
    revoked_at: null,
    security_stamp: securityStamp,
  });
  return { id, token };
}

/**
 * True when `token` is a live trusted device of exactly this user in this organisation, issued
 * under the user's current security stamp (a password reset or deactivation voids it).
 */
export async function isTrustedDevice(
  db: Executor,
  token: string | undefined,
  u: { orgId: OrgId; userId: UserId; securityStamp: string },
  now: number,
): Promise<boolean> {
  if (!token || token.length < 20 || token.length > 100) return false;
  const row = await findTrustedDeviceByHash(db, sha256Hex(token));
  if (!row || row.user_id !== u.userId || row.org_id !== u.orgId || row.revoked_at !== null || row.expires_at <= now) return false;
  if (row.security_stamp !== u.securityStamp) return false;
  await touchTrustedDevice(db, row.id, now);
  return true;
}

export async function listTrustedDevices(db: Executor, userId: UserId, now: number): Promise<TrustedDeviceView[]> {
  return (await listLiveTrustedDevices(db, userId, now)).map((d) => ({
    id: d.id,
    label: d.label,
    createdAt: iso(d.created_at),
    expiresAt: iso(d.expires_at),
    lastUsedAt: d.last_used_at === null ? null : iso(d.last_used_at),
  }));
}

export const revokeDevice = (tx: Executor, userId: UserId, id: string, now: number) => revokeTrustedDevice(tx, userId, id, now);
export const revokeAllDevices = (tx: Executor, userId: UserId, now: number) => revokeAllTrustedDevices(tx, userId, now);
