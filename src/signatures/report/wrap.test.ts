// Line breaking (wrap.ts): every line fits, nothing is lost, long words break, and the work is
// bounded by what is kept (fit) rather than by the length of the text.
import { describe, expect, it } from 'vitest';
import { fit, textWidth, wrap } from './wrap.ts';

// Every character 1 point wide except 'W' (3) and the space (0.5).
const cw = (cp: number) => (cp === 87 ? 3 : cp === 32 ? 0.5 : 1);

describe('wrap', () => {
  it('fills lines word by word and never exceeds the width', () => {
    const text = 'the quick brown fox jumps over the lazy dog '.repeat(20);
    const lines = wrap(text, cw, 20);
    for (const l of lines) expect(textWidth(l, cw)).toBeLessThanOrEqual(20);
    expect(lines.join(' ').split(' ')).toEqual(text.trim().split(' '));
    expect(lines[0]).toBe('the quick brown fox');
  });

  it('breaks a word wider than the line, keeping every character in order', () => {
    const word = 'x'.repeat(4000);
    const lines = wrap(`start ${word} end`, cw, 50);
    expect(lines[0]).toBe('start');
    expect(lines.slice(1, -1).every((l) => l.length === 50)).toBe(true);
    expect(lines.join('')).toBe(`start${word}end`);
  });

  it('prefers to break a long token after punctuation when that keeps half a line', () => {
    const lines = wrap('signature.applied.by.someone.with.a.long.address', cw, 20);
    expect(lines[0]).toBe('signature.applied.');
    expect(lines.join('')).toBe('signature.applied.by.someone.with.a.long.address');
  });

  it('measures wide characters', () => {
    expect(wrap('WWWWWWWWWW', cw, 10)).toEqual(['WWW', 'WWW', 'WWW', 'W']);
  });

  it('turns whitespace runs and line breaks into single spaces and keeps an empty text one empty line', () => {
    expect(wrap('a\n\n\tb   c', cw, 100)).toEqual(['a b c']);
    expect(wrap('', cw, 100)).toEqual(['']);
  });

  it('stops laying out once it has the lines asked for', () => {
    let calls = 0;
    const counting = (cp: number) => {
      calls++;
      return cw(cp);
    };
    const lines = wrap('word '.repeat(100_000), counting, 20, 3);
    expect(lines).toHaveLength(4);
    expect(calls).toBeLessThan(200);
  });
});

describe('fit', () => {
  it('keeps at most maxLines and ends the last with an ellipsis when text was left off', () => {
    const lines = fit('aaaa bbbb cccc dddd eeee', cw, 10, 2);
    expect(lines).toEqual(['aaaa bbbb', 'cccc dddd…']);
    expect(fit('short', cw, 10, 2)).toEqual(['short']);
  });

  it('looks at no more characters than could fit, and still says text was left off', () => {
    let calls = 0;
    const counting = (cp: number) => {
      calls++;
      return cw(cp);
    };
    const lines = fit('y'.repeat(1_000_000), counting, 30, 2, 1);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(calls).toBeLessThan(500);
  });
});
