import { describe, expect, it } from 'vitest';
import { mentionHandles, mentionTokens, resolveMentions } from './mentions.ts';

const readers = mentionHandles([
  { id: 'u1', name: 'Alice', email: 'Alice.1@acme.test' },
  { id: 'u2', name: 'Bob', email: 'bob@acme.test' },
  { id: 'u3', name: 'Other Bob', email: 'bob@other.test' },
]);

describe('mentions', () => {
  it('gives each reader the local part of their email as handle, or the whole email when two share it', () => {
    expect(readers.map((r) => r.handle)).toEqual(['alice.1', 'bob@acme.test', 'bob@other.test']);
  });

  it("finds @tokens at word starts, without a sentence's final dot, and not inside an email address", () => {
    expect(mentionTokens('Ask @Alice.1. and @bob@acme.test, not mail@alice.1')).toEqual(['alice.1', 'bob@acme.test']);
  });

  it("resolves each mentioned reader once, in order, and ignores names that are no reader's handle", () => {
    const found = resolveMentions('@bob@other.test @alice.1 @alice.1 @bob @mallory', readers);
    expect(found.map((r) => r.id)).toEqual(['u3', 'u1']);
  });
});
