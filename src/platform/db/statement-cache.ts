// better-sqlite3 under Kysely prepares every statement again on each execution (its driver
// calls `prepare(sql)` per query), which cost a fifth of all CPU in the benchmark. Prepared
// statements are reusable, and SQLite re-prepares one by itself after a schema change, so this
// wrapper keeps them by SQL text (least recently used dropped past `max`). Safe because one
// connection runs one statement at a time and nothing in Signoff streams a query (a statement
// still iterating cannot run again; Kysely's stream() is not used).
//
// A prepared select is still prepared again by SQLite at every execution when its plan may depend
// on a bound value: a `column = ?` (constant propagation in a join, the ORDER BY optimisation
// over a non-unique index) or a `limit ?` with ORDER BY. SQLite marks such a parameter, binding
// it again (even to the same value) expires the statement, and better-sqlite3 then compiles a
// new row constructor: the session statement every request runs cost five times what it costs
// prepared once. A select (and a subselect anywhere) is therefore prepared with `= +?` for `= ?`
// and `limit +?` for `limit ?`: the unary plus changes neither the value nor how it compares
// (the column's affinity still applies to it, and the column's index still serves), but SQLite
// no longer plans on it. Only text this wrapper prepares is rewritten, never a value.
import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

const stably = (select: string) => select.replace(/(?<![<>!=])= \?/g, '= +?').replace(/\b(limit|offset) \?/gi, '$1 +?');

/**
 * A select's `= ?` comparisons (not `<= ?`, `>= ?`, `!= ?`) and bound `limit ?`/`offset ?` behind
 * a unary plus: see above. In any other statement the same holds for its subselects (an item
 * event's next `seq`, read inside its insert, made the insert cost three times as much), and only
 * they are rewritten: the values set and the statement's own conditions stay as written.
 */
export function boundStably(sql: string): string {
  if (/^\s*select\b/i.test(sql)) return stably(sql);
  const subselect = /\(\s*select\b/gi;
  let out = '';
  let from = 0;
  for (let m = subselect.exec(sql); m; m = subselect.exec(sql)) {
    let close = m.index;
    for (let depth = 0; close < sql.length; close++) {
      if (sql[close] === '(') depth++;
      else if (sql[close] === ')' && --depth === 0) break;
    }
    out += sql.slice(from, m.index) + stably(sql.slice(m.index, close + 1));
    from = subselect.lastIndex = close + 1;
  }
  return out + sql.slice(from);
}

export function withStatementCache(connection: SqliteConnection, max = 1000): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close() {
      statements.clear();
      connection.close();
    },
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = connection.prepare(boundStably(sql));
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
