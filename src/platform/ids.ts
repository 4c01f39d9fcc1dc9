// Text ids made by the application (portable across SQLite and PostgreSQL). Branded so that an
// organisation id cannot be passed where a user id is expected: the type checker helps tenancy.
// The brand is zod's, so an input schema's `.brand<'UserId'>()` yields exactly a UserId (the HTTP
// contract brands the ids a request names; the database types brand the id columns).
import { randomFillSync } from 'node:crypto';
import type { z } from 'zod';

type Brand<T, B extends string> = T & z.$brand<B>;

export type OrgId = Brand<string, 'OrgId'>;
export type UserId = Brand<string, 'UserId'>;
export type GroupId = Brand<string, 'GroupId'>;
export type SessionId = Brand<string, 'SessionId'>;
export type FactorId = Brand<string, 'FactorId'>;
export type ChallengeId = Brand<string, 'ChallengeId'>;
export type WorkflowId = Brand<string, 'WorkflowId'>;
export type ItemId = Brand<string, 'ItemId'>;
export type InviteId = Brand<string, 'InviteId'>;

const PREFIX = {
  org: 'org',
  usr: 'usr',
  grp: 'grp',
  ses: 'ses',
  pwt: 'pwt',
  aud: 'aud',
  msg: 'msg',
  fac: 'fac',
  chl: 'chl',
  bkc: 'bkc',
  dev: 'dev',
  wfl: 'wfl',
  itm: 'itm',
  upl: 'upl',
  tsk: 'tsk',
  vot: 'vot',
  sig: 'sig',
  evt: 'evt',
  gin: 'gin',
  gss: 'gss',
  rst: 'rst',
  cmt: 'cmt',
} as const;

/** `<prefix>_<26 chars>`: 16 random bytes (128 bits, ASVS 11.5.1) in Crockford-free lowercase base32. */
export function newId<T extends string = string>(prefix: keyof typeof PREFIX): T {
  return `${PREFIX[prefix]}_${base32(random16())}` as T;
}

// The CSPRNG is asked for 4 KiB at a time and handed out 16 bytes per id, never twice: a call
// per id cost more than the rest of making it (a decision makes about ten). Node's randomUUID
// keeps the same kind of cache.
const pool = Buffer.alloc(16 * 256);
let taken = pool.length;
function random16(): Uint8Array {
  if (taken === pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  taken += 16;
  return pool.subarray(taken - 16, taken);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export function base32(bytes: Uint8Array): string {
  let bits = 0,
    value = 0,
    out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
