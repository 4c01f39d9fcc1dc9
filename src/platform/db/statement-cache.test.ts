import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { boundStably, withStatementCache } from './statement-cache.ts';

describe('SQLite statement cache', () => {
  it('prepares a statement once per SQL text and drops the least recently used past the limit', () => {
    const connection = new SQLite(':memory:');
    let prepared = 0;
    const original = connection.prepare.bind(connection);
    connection.prepare = ((text: string) => {
      prepared++;
      return original(text);
    }) as typeof connection.prepare;
    const cached = withStatementCache(connection, 2);
    const a = cached.prepare('select 1');
    expect(cached.prepare('select 1')).toBe(a);
    cached.prepare('select 2');
    cached.prepare('select 1'); // most recent again
    cached.prepare('select 3'); // evicts 'select 2'
    expect(prepared).toBe(3);
    cached.prepare('select 1');
    expect(prepared).toBe(3);
    cached.prepare('select 2');
    expect(prepared).toBe(4);
    cached.close();
  });

  it('answers correctly through Kysely across schema changes and repeated parameters', async () => {
    const db = new Kysely<{ t: { id: number; name: string; extra?: string | null } }>({
      dialect: new SqliteDialect({ database: withStatementCache(new SQLite(':memory:')) }),
    });
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    for (const [id, name] of [
      [1, 'a'],
      [2, 'b'],
    ] as const)
      await db.insertInto('t').values({ id, name }).execute();
    expect(await db.selectFrom('t').selectAll().where('id', '=', 2).execute()).toEqual([{ id: 2, name: 'b' }]);
    await sql`alter table t add column extra text`.execute(db);
    expect(await db.selectFrom('t').selectAll().where('id', '=', 1).execute()).toEqual([{ id: 1, name: 'a', extra: null }]);
    await db.destroy();
  });

  describe('selects and subselects whose plan could depend on a bound value', () => {
    const realFunction = globalThis.Function;
    afterEach(() => {
      globalThis.Function = realFunction;
    });
    /** better-sqlite3 compiles a row constructor (`Function`) when a statement is prepared, and again whenever SQLite re-prepared it. */
    function countRowConstructors(): () => number {
      let built = 0;
      globalThis.Function = new Proxy(realFunction, {
        apply(target, self, args: string[]) {
          if (String(args[0]).startsWith('return (')) built++;
          return Reflect.apply(target, self, args);
        },
      });
      return () => built;
    }
    function database() {
      const connection = new SQLite(':memory:');
      connection.exec(`create table item (id text primary key, owner text not null, at integer not null, invite text);
        create index item_owner_at on item (owner, at);
        create index item_invite on item (invite) where invite is not null;
        create table person (id text primary key, name text not null);
        insert into person values ('p1', 'Ann'), ('p2', 'Bo');
        insert into item values ('i1', 'p1', 1, null), ('i2', 'p1', 2, 'g1'), ('i3', 'p2', 3, null);
        create table event (item text not null, seq integer not null, primary key (item, seq));`);
      return connection;
    }
    const JOINED = 'select item.id, person.name from item inner join person on person.id = item.owner where item.owner = ? order by item.id';
    const ORDERED = 'select id from item where owner = ? order by at desc limit 5';
    /** The same with its limit bound: that too expires the statement when bound again. */
    const LIMITED = 'select id from item where owner = +? order by at desc limit ?';
    /** An insert that reads its value in a subselect (an item event's next seq); RETURNING lets the row constructors show it. */
    const INSERTED = 'insert into event (item, seq) values (?, (select coalesce(max(seq), 0) + 1 from event where item = ?)) returning seq';
    const argsOf = (text: string, i: number) => (text === LIMITED ? ['p1', 5] : text === INSERTED ? [`i${i}`, `i${i}`] : [i % 2 ? 'p1' : 'p2']);

    it('are prepared again at every execution by SQLite itself: what the rewrite avoids', () => {
      const connection = database();
      const built = countRowConstructors();
      for (const text of [JOINED, ORDERED, LIMITED, INSERTED]) {
        const statement = connection.prepare(text);
        const before = built();
        for (let i = 0; i < 5; i++) statement.all(argsOf(text, i));
        expect(built() - before, text).toBe(5);
      }
    });

    it('are prepared once through the cache, with the same rows', () => {
      const cached = withStatementCache(database());
      const built = countRowConstructors();
      for (const [text, rows] of [
        [
          JOINED,
          [
            { id: 'i1', name: 'Ann' },
            { id: 'i2', name: 'Ann' },
          ],
        ],
        [ORDERED, [{ id: 'i2' }, { id: 'i1' }]],
        [LIMITED, [{ id: 'i2' }]],
      ] as const) {
        const statement = cached.prepare(text);
        for (let i = 0; i < 5; i++) expect(statement.all(text === LIMITED ? ['p1', 1] : ['p1'])).toEqual(rows);
      }
      const inserted = cached.prepare(INSERTED);
      expect([0, 1, 2, 3, 4].map((i) => inserted.all(argsOf(INSERTED, i % 2)))).toEqual([1, 1, 2, 2, 3].map((seq) => [{ seq }]));
      expect(built()).toBe(4);
    });

    it('rewrite only the equality of a select, which compares as before and still uses the indexes', () => {
      expect(boundStably('select a from t where x = ? and y <= ? and z >= ? and w != ? and v = ?')).toBe(
        'select a from t where x = +? and y <= ? and z >= ? and w != ? and v = +?',
      );
      expect(boundStably('select a from t order by a limit ? offset ?')).toBe('select a from t order by a limit +? offset +?');
      expect(boundStably('update t set x = ? where id = ?')).toBe('update t set x = ? where id = ?');
      // Elsewhere only subselects: the value set and the outer condition stay as written.
      expect(boundStably('update t set x = ? where id in (select id from u where (a = ?) limit ?) and y = ?')).toBe(
        'update t set x = ? where id in (select id from u where (a = +?) limit +?) and y = ?',
      );
      const cached = withStatementCache(database());
      // The column's affinity still applies to the value: text '2' finds the integer 2.
      expect(cached.prepare('select id from item where at = ?').all(['2'])).toEqual([{ id: 'i2' }]);
      expect(cached.prepare(ORDERED).all(['p2'])).toEqual([{ id: 'i3' }]);
      const plan = (text: string) =>
        cached
          .prepare(`explain query plan ${boundStably(text)}`)
          .all(['x'])
          .map((r) => (r as { detail: string }).detail)
          .join('\n');
      expect(plan('select id from item where owner = ? order by at desc limit 5')).toMatch(/USING INDEX item_owner_at \(owner=\?\)/);
      expect(plan('select id from item where invite = ?')).toMatch(/USING INDEX item_invite \(invite=\?\)/);
    });
  });
});
