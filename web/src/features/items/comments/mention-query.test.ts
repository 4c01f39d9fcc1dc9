import { describe, expect, it } from 'vitest';
import { insertMention, matchMentionable, mentionAt } from './mention-query.ts';

const people = [
  { id: 'u1', name: 'Rita Reviewer', email: 'rita@acme.test', handle: 'rita' },
  { id: 'u2', name: 'Sam Submitter', email: 'sam@acme.test', handle: 'sam' },
];

describe('mention suggestions', () => {
  it('finds the @word ending at the caret, but not an email address being typed', () => {
    expect(mentionAt('Hello @Ri', 9)).toEqual({ start: 6, end: 9, query: 'ri' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(mentionAt('mail sam@acme', 13)).toBeUndefined();
    expect(mentionAt('@rita done', 10)).toBeUndefined();
  });

  it('matches handles, emails and the start of any word of a name', () => {
    expect(matchMentionable(people, 'rev').map((p) => p.id)).toEqual(['u1']);
    expect(matchMentionable(people, '').map((p) => p.id)).toEqual(['u1', 'u2']);
  });

  it('replaces the typed mention with the handle and a space, caret after it', () => {
    expect(insertMention('Hi @ri please', { start: 3, end: 6, query: 'ri' }, people[0]!)).toEqual({ text: 'Hi @rita please', caret: 9 });
  });
});
