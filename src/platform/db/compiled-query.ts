// Kysely builds and compiles a query (an operation tree, frozen, visited into SQL text) on every
// call: ~12 µs for a small select, several times that for the session read's, on every request.
// A hot read whose shape never changes is built once per dialect here and afterwards only its
// parameter values change. The SQL text stays exactly what Kysely compiled, so the statement
// caches below (statement-cache.ts, named-statements.ts) still prepare it once.
//
// How: the first call per dialect builds the query with a unique placeholder for each argument
// and records at which parameter positions each one landed. An argument must reach the query as
// one bound value (`where(col, '=', arg)`, `limit(arg)`): one that is transformed, spread into an
// `in` list or written into the SQL text would not be found, and the first call throws instead
// of running a different query.
import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './connect.ts';

type Scalar = string | number | bigint | boolean | null;
type Plan = { sql: string; parameters: readonly unknown[]; slots: { position: number; arg: number }[] };

const placeholder = (i: number) => `\u0000compiled-query-argument-${i}\u0000`;

function planOf(compiled: CompiledQuery, argCount: number): Plan {
  const slots: Plan['slots'] = [];
  compiled.parameters.forEach((value, position) => {
    for (let arg = 0; arg < argCount; arg++) if (value === placeholder(arg)) slots.push({ position, arg });
  });
  for (let arg = 0; arg < argCount; arg++) {
    if (compiled.sql.includes(placeholder(arg))) throw new Error(`compiledQuery: argument ${arg} was written into the SQL text; it must be a bound value`);
    if (!slots.some((s) => s.arg === arg)) throw new Error(`compiledQuery: argument ${arg} does not reach the query as a bound value`);
  }
  return { sql: compiled.sql, parameters: compiled.parameters, slots };
}

/**
 * `build` once per dialect, then the same SQL with the call's arguments bound. Arguments are
 * scalars that the query binds as they are (see the file's comment).
 */
export function compiledQuery<A extends Scalar[], R>(build: (db: Executor, ...args: A) => Compilable<R>) {
  const plans = new Map<unknown, Plan>();
  return async (db: Executor, ...args: A): Promise<R[]> => {
    const adapter = db.getExecutor().adapter.constructor;
    let plan = plans.get(adapter);
    if (!plan) {
      plan = planOf(build(db, ...(args.map((_, i) => placeholder(i)) as A)).compile(), args.length);
      plans.set(adapter, plan);
    }
    const parameters = [...plan.parameters];
    for (const s of plan.slots) parameters[s.position] = args[s.arg];
    const result = await db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters));
    return result.rows;
  };
}
