// Work a transaction defers to its very end. Every transaction opened with `db.transaction()` on
// a database from connect.ts runs, after its callback returns and before COMMIT, on the same
// connection, the `beforeCommit` of each hook registered on it (in registration order); an
// error there rolls the whole transaction back. The audit trail uses it to chain a
// transaction's entries in one short final step, so the organisation's chain head is locked
// only from that step to the commit (src/audit/append.ts).
//
// A hook can only be registered on a transaction that will run it: `commitHook` throws on a
// transaction not opened through such a database (a bare Kysely, a controlled transaction) and
// on one whose final step has started or ended, so work handed to a hook is never silently
// dropped.
//
// The transaction's `execute()` resolves once it has committed: on SQLite, once the COMMIT of its
// group has (group-commit.ts), which may come after its own end.
import { Kysely, type KyselyConfig, type Transaction, type TransactionBuilder } from 'kysely';
import { holdsConnection } from './direct-sqlite.ts';
import { sharedCommit } from './group-commit.ts';

export type CommitHook = { beforeCommit(tx: Transaction<any>): Promise<void> };

type HookState = { hooks: Map<symbol, CommitHook>; closed: boolean; db: object };

const open = new WeakMap<object, HookState>();

/**
 * The hook registered on `tx` under `key`, made by `create` on first use (given the database the
 * transaction was opened on). Throws when `tx` does not run hooks (see above) or its hooks
 * already ran.
 */
export function commitHook<H extends CommitHook>(tx: Transaction<any>, key: symbol, create: (db: object) => H): H {
  const state = open.get(tx);
  if (!state) {
    throw new Error(
      `${key.description ?? 'commit hook'}: this transaction runs no before-commit hooks (open it with db.transaction() on a database from connectDatabase), or it has ended`,
    );
  }
  if (state.closed) throw new Error(`${key.description ?? 'commit hook'}: the transaction's before-commit step has already run`);
  let hook = state.hooks.get(key);
  if (!hook) {
    hook = create(state.db);
    state.hooks.set(key, hook);
  }
  return hook as H;
}

/** Kysely whose `transaction()` runs the registered before-commit hooks (connect.ts makes every database one). */
export class HookedKysely<DB> extends Kysely<DB> {
  constructor(config: KyselyConfig) {
    super(config);
  }

  override transaction(): TransactionBuilder<DB> {
    return runningHooks(super.transaction(), this);
  }
}

function runningHooks<DB>(builder: TransactionBuilder<DB>, db: Kysely<DB>): TransactionBuilder<DB> {
  // The builder's own methods, bound: they read its private state.
  const execute = builder.execute.bind(builder);
  const setIsolationLevel = builder.setIsolationLevel.bind(builder);
  const setAccessMode = builder.setAccessMode.bind(builder);
  return Object.assign(builder, {
    setIsolationLevel: (...a: Parameters<typeof setIsolationLevel>) => runningHooks(setIsolationLevel(...a), db),
    setAccessMode: (...a: Parameters<typeof setAccessMode>) => runningHooks(setAccessMode(...a), db),
    execute: async <T>(callback: (tx: Transaction<DB>) => Promise<T>): Promise<T> => {
      const state: HookState = { hooks: new Map(), closed: false, db };
      let committed: Promise<void> | undefined;
      const result = await execute(async (tx) => {
        open.set(tx, state);
        holdsConnection(db, tx);
        try {
          const result = await callback(tx);
          state.closed = true;
          for (const hook of state.hooks.values()) await hook.beforeCommit(tx);
          committed = sharedCommit(db);
          return result;
        } finally {
          state.closed = true;
          open.delete(tx);
        }
      });
      // Rejects when the group's COMMIT failed.
      await committed;
      return result;
    },
  });
}
