// Canonical JSON for hashing: keys sorted by UTF-16 code units, no whitespace, numbers as JSON
// writes them, undefined members dropped (the subset of RFC 8785 JCS that our plain data needs).
// Two encodings of equal data are byte-identical, so a re-computed hash matches.

// Written as loops over sorted keys: every audit entry and sealed vote is hashed through it, and
// building entry arrays and closures per member was ~4 % of a protected decision's CPU.
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i] ?? null);
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // sort() without a comparator orders by UTF-16 code units.
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}
