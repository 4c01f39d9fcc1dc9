// Readable audit data: a change entry's `{old, new}` (src/platform/diff.ts keeps only the
// top-level parts that changed) flattened to "field: old → new" rows, nested objects as dotted
// paths and only the leaves that differ; other entries' data as "field: value" rows.

export type ChangeRow = { field: string; old: string | undefined; new: string | undefined };
export type FactRow = { field: string; value: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as people read it: text as is, lists joined, nothing as an em dash. */
function showValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.every((x) => !isObject(x) && !Array.isArray(x)) ? v.map(showValue).join(', ') : JSON.stringify(v);
  return JSON.stringify(v);
}

/** Leaves of a value by dotted path; arrays of objects by index ("steps.2.name"). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  const nested = isObject(value)
    ? Object.entries(value)
    : Array.isArray(value) && value.some((x) => isObject(x) || Array.isArray(x))
      ? value.map((x, i) => [String(i), x] as const)
      : undefined;
  if (nested && nested.length > 0) {
    for (const [k, v] of nested) leaves(v, path ? `${path}.${k}` : k, out);
  } else if (path) {
    out.set(path, value);
  }
}

export const isChange = (data: unknown): data is { old?: unknown; new?: unknown } =>
  isObject(data) && ('old' in data || 'new' in data) && (isObject(data.old) || isObject(data.new) || data.old === null || data.new === null);

/** The fields that differ between `old` and `new`, in the order they first appear. */
export function changeRows(data: { old?: unknown; new?: unknown }): ChangeRow[] {
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  leaves(data.old ?? {}, '', before);
  leaves(data.new ?? {}, '', after);
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields
    .filter((f) => JSON.stringify(before.get(f)) !== JSON.stringify(after.get(f)))
    .map((f) => ({ field: f, old: before.has(f) ? showValue(before.get(f)) : undefined, new: after.has(f) ? showValue(after.get(f)) : undefined }));
}

/** Other data (besides old/new) as "field: value" rows. */
export function factRows(data: unknown, skip: readonly string[] = []): FactRow[] {
  if (!isObject(data)) return [];
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(data)) if (!skip.includes(k)) leaves(v, k, out);
  return [...out].map(([field, value]) => ({ field, value: showValue(value) }));
}
