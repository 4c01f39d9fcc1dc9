/** Only the top-level parts that changed, as {old, new} (values compared by their JSON). */
export function diffValues<T extends Record<string, unknown>>(before: T, after: T): { old: Partial<T>; new: Partial<T> } {
  const old: Partial<T> = {};
  const next: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      old[k] = before[k];
      next[k] = after[k];
    }
  }
  return { old, new: next };
}
