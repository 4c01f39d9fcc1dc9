// Kysely builds and compiles a query (an operation tree, frozen, visited into SQL text) on every
// call. In the server, where its visitors see every shape of query Signoff writes, that costs
// about as much as running the statement on SQLite (a request with one built select measured
// ~25 µs of CPU more than the same statement compiled once). A statement whose shape never
// changes is built once per dialect and shape here, and afterwards only its parameter values
// change. The SQL text stays exactly what Kysely compiled, so the statement caches below
// (statement-cache.ts, named-statements.ts) still prepare it once. On SQLite it then runs on the
// connection itself where Kysely's driver would do just that (direct-sqlite.ts).
//
// How: the first call of a shape builds the query with a unique placeholder in place of each
// scalar of the arguments and records at which parameter positions each one landed. An
// argument is a scalar, a row (an object of scalars: `values(row)`, `set(row)`; a property left
// undefined is left out, as Kysely leaves it out) or a list of scalars or rows (`in` lists,
// multi-row inserts). The shape is the arguments' structure: which properties, how many items.
// Every scalar must reach the query as one bound value (`where(col, '=', arg)`, `limit(arg)`,
// `values(row)`): one that is transformed or written into the SQL text would not be found, and
// the first call throws instead of running a different query. A builder must not branch on a
// value either, except on whether it is null: nulls are part of the shape (see walk).
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Executor } from './connect.ts';
import { runDirectly } from './direct-sqlite.ts';

type Scalar = string | number | bigint | boolean | null;
type Row = { readonly [column: string]: Scalar | undefined };
export type Argument = Scalar | Row | readonly (Scalar | Row)[];
type Plan = { sql: string; parameters: readonly unknown[]; slots: { position: number; leaf: number }[] };

/** Shapes kept per statement: lists of any length (a multi-row insert) make new ones; past this they are built each time. */
const MAX_SHAPES = 32;

const placeholder = (leaf: number) => `\u0000compiled-query-argument-${leaf}\u0000`;

/**
 * Walks the arguments in a fixed order: their shape as text, and each scalar ("leaf") in turn.
 * `replace` gives the value to put in a leaf's place (the placeholders when planning). A null is
 * part of the shape, not a leaf: the query is built with the null itself, so a builder that
 * writes `is null` (or anything else) for one builds what it would have built.
 */
function walk(args: readonly Argument[], leaves: unknown[], replace?: (leaf: number, at: string) => string): { shape: string; copy: unknown[] } {
  let shape = '';
  const scalar = (v: unknown, at: string): unknown => {
    if (v === null) {
      shape += 'n';
      return null;
    }
    if (typeof v === 'object') throw new TypeError(`compiledQuery: ${at} is not a scalar`);
    shape += 's';
    leaves.push(v);
    return replace ? replace(leaves.length - 1, at) : v;
  };
  const row = (r: Row, at: string): Row | undefined => {
    // A copy only when planning: a call only needs the shape and the leaves.
    const out: Record<string, unknown> | undefined = replace ? {} : undefined;
    shape += '{';
    for (const key in r) {
      const v = r[key];
      if (v === undefined) continue;
      shape += JSON.stringify(key);
      const leaf = scalar(v, `${at}.${key}`);
      if (out) out[key] = leaf;
    }
    shape += '}';
    return out as Row | undefined;
  };
  const item = (v: Scalar | Row, at: string) => (v !== null && typeof v === 'object' ? row(v as Row, at) : scalar(v, at));
  const copy = args.map((a, i) => {
    if (Array.isArray(a)) {
      shape += `[${a.length}:`;
      const list = a.map((v: Scalar | Row, j: number) => item(v, `argument ${i}[${j}]`));
      shape += ']';
      return list;
    }
    const v = item(a as Scalar | Row, `argument ${i}`);
    shape += '|';
    return v;
  });
  return { shape, copy };
}

/** `at`: where each leaf is in the arguments (`argument 0`, `argument 1.title`), for the errors. */
function planOf(compiled: CompiledQuery, at: readonly string[]): Plan {
  const leafCount = at.length;
  const byPlaceholder = new Map(Array.from({ length: leafCount }, (_, leaf) => [placeholder(leaf), leaf]));
  const slots: Plan['slots'] = [];
  compiled.parameters.forEach((value, position) => {
    const leaf = typeof value === 'string' ? byPlaceholder.get(value) : undefined;
    if (leaf !== undefined) slots.push({ position, leaf });
  });
  for (let leaf = 0; leaf < leafCount; leaf++) {
    if (compiled.sql.includes(placeholder(leaf))) throw new Error(`compiledQuery: ${at[leaf]} was written into the SQL text; it must be a bound value`);
    if (!slots.some((s) => s.leaf === leaf)) throw new Error(`compiledQuery: ${at[leaf]} does not reach the query as a bound value`);
  }
  return { sql: compiled.sql, parameters: compiled.parameters, slots };
}

/**
 * `build` once per dialect and shape of the arguments, then the same SQL with the call's values
 * bound; the whole result (rows, and affected rows of a write). See the file's comment.
 */
export function compiledStatement<A extends Argument[], R>(build: (db: Executor, ...args: A) => Compilable<R>) {
  const plans = new Map<unknown, Map<string, Plan>>();
  return async (db: Executor, ...args: A): Promise<QueryResult<R>> => {
    const adapter = db.getExecutor().adapter.constructor;
    let byShape = plans.get(adapter);
    if (!byShape) plans.set(adapter, (byShape = new Map()));
    const leaves: unknown[] = [];
    const { shape } = walk(args, leaves);
    let plan = byShape.get(shape);
    if (!plan) {
      if (byShape.size >= MAX_SHAPES) return db.executeQuery(build(db, ...args).compile());
      const at: string[] = [];
      const { copy } = walk(args, [], (leaf, path) => ((at[leaf] = path), placeholder(leaf)));
      plan = planOf(build(db, ...(copy as A)).compile(), at);
      byShape.set(shape, plan);
    }
    const parameters = [...plan.parameters];
    for (const s of plan.slots) parameters[s.position] = leaves[s.leaf];
    return runDirectly<R>(db, plan.sql, parameters) ?? db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters));
  };
}

/** compiledStatement's rows: a read, or a write's `returning`. */
export function compiledQuery<A extends Argument[], R>(build: (db: Executor, ...args: A) => Compilable<R>) {
  const statement = compiledStatement(build);
  return async (db: Executor, ...args: A): Promise<R[]> => (await statement(db, ...args)).rows;
}
