// docs/security.md D9: a code goes to exactly the address that was stored, and only a plain
// address is ever stored. Quoted local parts (`"e@attacker.com"@victim.com`), a second `@`,
// a fullwidth `＠` or any other non-ASCII look-alike, comments, spaces and angle brackets are
// refused rather than "repaired", because a parser that repairs them is how codes were
// misdelivered (next-auth GHSA-5jpx-9hw9-2fx4, Auth.js GHSA-7rqj-j65f-68wh). Canonical means
// trimmed and lowercased, so one mailbox has one spelling.

// RFC 5321 §4.5.3.1: at most 64 octets of local part and 254 for the whole path.
const PLAIN_ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const MAX_LENGTH = 254;

/** The stored spelling of `input`, or undefined when it is not a plain address. */
export function canonicalEmail(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const email = input.trim().toLowerCase();
  if (email.length > MAX_LENGTH || !PLAIN_ADDRESS.test(email)) return undefined;
  if (email.startsWith('.') || email.includes('..') || email.split('@')[0]!.endsWith('.')) return undefined;
  return email;
}
