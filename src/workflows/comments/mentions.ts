// @mentions in comments. Syntax: `@` and the local part of a person's email (`@alice` for
// alice@example.com), or the whole email (`@alice@example.com`) when two readers share the
// local part. Names are not used: they have spaces and repeat, emails are unique. Only
// people who can read the item (its submitter, its reviewers, admins) can be mentioned: any
// other `@word` stays plain text and nobody is told, so a comment cannot reach outsiders nor
// reveal who exists.

/** At most this many people are mentioned (and emailed) by one comment: no mention spam. */
export const MAX_MENTIONS = 5;

export type Reader = { id: string; name: string; email: string };
export type Mentionable = Reader & { handle: string };

const TOKEN = /(?<![\w.%+-])@([a-z0-9._%+-]+(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?)/giu;

/** Each reader with the handle that mentions them: the email's local part, or the whole email when it is shared. */
export function mentionHandles(readers: Reader[]): Mentionable[] {
  const local = (email: string) => email.toLowerCase().split('@')[0]!;
  const counts = new Map<string, number>();
  for (const r of readers) counts.set(local(r.email), (counts.get(local(r.email)) ?? 0) + 1);
  return readers.map((r) => ({ ...r, handle: counts.get(local(r.email)) === 1 ? local(r.email) : r.email.toLowerCase() }));
}

/** The `@` tokens of a text, lowercased, without trailing dots (the end of a sentence). */
export function mentionTokens(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1]!.toLowerCase().replace(/\.+$/u, ''));
}

/** The readers a text mentions, in order of first mention, each once. */
export function resolveMentions(text: string, readers: Mentionable[]): Mentionable[] {
  const found: Mentionable[] = [];
  for (const token of mentionTokens(text)) {
    const reader = readers.find((r) => r.handle === token || r.email.toLowerCase() === token);
    if (reader && !found.includes(reader)) found.push(reader);
  }
  return found;
}
