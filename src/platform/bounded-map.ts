// The in-process caches of values that never go stale (each a function of its key: a parsed
// settings text, a stored workflow version, an imported public key, a CSRF token) keep at most
// a bound of entries, so no stream of distinct keys can grow them without limit.

/** A Map of at most `max` entries: adding one more forgets the one added longest ago. */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly #max: number;

  constructor(max: number) {
    super();
    this.#max = max;
  }

  override set(key: K, value: V): this {
    if (this.size >= this.#max && !this.has(key)) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }

  /** The value kept for `key`, else `make(key)`'s, kept. */
  getOrMake(key: K, make: (key: K) => V): V {
    if (this.has(key)) return this.get(key)!;
    const value = make(key);
    this.set(key, value);
    return value;
  }
}
