// The one rule for an email address, used by every email field of the API (emailSchema in
// src/http/contract/common.ts) and by the mail layer before it stores a recipient
// (src/mail/outbox.ts): an address the API accepts is one the mail layer can send to.
// Deliberately narrower than RFC 5321's quoted local parts: one plain `local@domain`, no
// whitespace, control characters, or the characters that separate or wrap addresses in a
// header (`, ; : < > ( ) [ ] \ "`), so it cannot carry a second recipient or a display name.
// Imports nothing: the web UI bundles it through the contract.

export const EMAIL_MIN_LENGTH = 3;
/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
export const EMAIL_MAX_LENGTH = 254;

const ATOM = '[^\\s@,;:<>()\\[\\]\\\\"\\u0000-\\u001f\\u007f]+';
export const EMAIL_PATTERN = new RegExp(`^${ATOM}@${ATOM}$`);

export function isEmailAddress(value: string): boolean {
  return value.length >= EMAIL_MIN_LENGTH && value.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(value);
}
