// Where the caret stands in a mention being typed ("… @ri|"), and what picking a person does to
// the text. Pure, so the comment box stays a thin view.
import type { Mentionable } from '../../../api/comments.ts';

export type MentionQuery = { start: number; end: number; query: string };

/** The `@word` that ends at the caret, if the caret is in one. */
export function mentionAt(text: string, caret: number): MentionQuery | undefined {
  const m = /(^|[^\w.%+-])@([\w.%+@-]*)$/u.exec(text.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2]!.length - 1, end: caret, query: m[2]!.toLowerCase() };
}

/** Readers whose handle, name or email starts a word with the query, at most `limit`. */
export function matchMentionable(people: readonly Mentionable[], query: string, limit = 6): Mentionable[] {
  const q = query.toLowerCase();
  const hit = (p: Mentionable) =>
    p.handle.startsWith(q) ||
    p.email.toLowerCase().startsWith(q) ||
    p.name
      .toLowerCase()
      .split(/\s+/u)
      .some((w) => w.startsWith(q));
  return people.filter(hit).slice(0, limit);
}

/** The text with the mention replaced by `@handle ` and where the caret goes after it. */
export function insertMention(text: string, at: MentionQuery, person: Mentionable): { text: string; caret: number } {
  const inserted = `@${person.handle} `;
  return { text: text.slice(0, at.start) + inserted + text.slice(at.end).replace(/^ /u, ''), caret: at.start + inserted.length };
}
