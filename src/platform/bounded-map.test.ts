import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('forgets the entry added longest ago once it holds its bound', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });

  it('replacing a kept key forgets nothing', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3);
    expect([...map]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('getOrMake makes a value once per key and keeps it', () => {
    const map = new BoundedMap<string, string>(8);
    let made = 0;
    const make = (k: string) => `${k}${++made}`;
    expect(map.getOrMake('x', make)).toBe('x1');
    expect(map.getOrMake('x', make)).toBe('x1');
    expect(map.getOrMake('y', make)).toBe('y2');
    expect(made).toBe(2);
  });

  it('getOrMake keeps a falsy value instead of making it again', () => {
    const map = new BoundedMap<string, number>(8);
    let made = 0;
    map.getOrMake('zero', () => (made++, 0));
    expect(map.getOrMake('zero', () => (made++, 1))).toBe(0);
    expect(made).toBe(1);
  });
});
