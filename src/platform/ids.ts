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

/**
 * Rows of the append-only records: audit entries, item events, votes, mail. Many are written
 * per request and none is ever looked up by a guessed id, so their ids begin with the time:
 * the rows a transaction writes land on the last page of the id's index instead of one random
 * page each (a protected decision writes about five fewer pages), and that page stays cached.
 */
const TIME_ORDERED: ReadonlySet<string> = new Set<keyof typeof PREFIX>(['aud', 'evt', 'vot', 'msg']);

/**
 * `<prefix>_<26 chars>` of lowercase base32: 16 random bytes (128 bits, ASVS 11.5.1); for the
 * records above, the time in ms (48 bits) then 80 random bits, in an alphabet whose character
 * order is the order of the values, so that a later id sorts after an earlier one (in RFC 4648's
 * order, 207 ms would sort after 208 ms: 'z' then '2').
 */
export function newId<T extends string = string>(prefix: keyof typeof PREFIX): T {
  if (!TIME_ORDERED.has(prefix)) return `${PREFIX[prefix]}_${base32(random16())}` as T;
  const bytes = Buffer.from(random16());
  bytes.writeUIntBE(Date.now(), 0, 6);
  return `${PREFIX[prefix]}_${base32(bytes, SORTED_ALPHABET)}` as T;
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
/** The same 32 characters in ASCII order: encoded values then sort as the bytes do. */
const SORTED_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
export function base32(bytes: Uint8Array, alphabet = ALPHABET): string {
  let bits = 0,
    value = 0,
    out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
