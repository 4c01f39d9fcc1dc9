// The hash of one audit entry: SHA-256 over the canonical encoding of every recorded field,
// including the previous entry's hash. Changing, removing or reordering any entry breaks the
// chain from that entry on.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type HashedFields = {
  orgId: string;
  seq: number;
  at: number;
  type: string;
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
};

export const entryHash = (f: HashedFields): string => createHash('sha256').update(canonicalJson(f)).digest('hex');
