// Reviewers for the protected-decision runs, by the thousand. One reviewer is seeded through the
// API (bench/seed-workflows.ts: account, authenticator confirmed, signed in at AAL2, a one-step
// protected workflow, an item in review); here its rows are copied straight into the
// database, SQLite or PostgreSQL, as often as the runs need: through the API each copy would
// cost a dozen argon2id hashes (password, sign-in, ten backup codes) and wait for a fresh TOTP
// step, minutes for 2,000 reviewers. A code counts once per user and TOTP step, and a later
// step's code makes an earlier one void, so each reviewer decides once, with the current code:
// two decisions of one user in flight at once could be checked in the other order.
//
// A copy gets new ids everywhere (every string column naming the template's user, factors,
// workflow or items is rewritten, including the stored definition and reviewer keys), its own
// e-mail address and workflow name, a session of its own (token hashed as Signoff does), and
// its authenticator's secret sealed again under the copy's factor id (the factor id is the
// seal's associated data; the key is the server's, read from its data directory or
// SIGNOFF_SECRET_KEY). Everything else is the template's, so each copy decides exactly as the
// template would.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { sha256Hex } from '../src/platform/crypto/digest.ts';
import { createSecretBox } from '../src/platform/crypto/secret-box.ts';
import { deriveKeys, loadOrCreateSecretKey } from '../src/platform/secret-key.ts';
import { newId } from '../src/platform/ids.ts';
import type { DatabaseTarget } from './servers.ts';

export type Reviewer = { token: string; secret: string; item: string };
/** Long enough to outlive the scenarios that run before the sign-in one (the server gives 15 minutes). */
const PENDING_SESSION_MS = 2 * 60 * 60_000;
type Row = Record<string, unknown>;
type Prefix = Parameters<typeof newId>[0];

/** The tables that hold a reviewer's item, keyed by `item_id`. */
const ITEM_TABLES = ['item_rounds', 'tasks', 'item_events', 'item_versions'] as const;

/** `count` copies of `template` (user `userId`, signed in with `token`, deciding on `workflowId`'s items). */
/** With `pending`: each copy's session has only passed the password (it waits for the second factor). */
export async function cloneReviewers(
  target: DatabaseTarget,
  template: Reviewer & { userId: string; workflowId: string },
  count: number,
  o: { pending?: boolean } = {},
): Promise<Reviewer[]> {
  const database = connectDatabase(target.dialect === 'sqlite' ? { dialect: 'sqlite', file: target.file } : { dialect: 'postgres', url: target.url });
  const db = database.db as unknown as Kysely<Record<string, Row>>;
  try {
    const secretBox = createSecretBox([deriveKeys(loadOrCreateSecretKey({ secretKeyHex: target.secretKeyHex, dataDir: target.dataDir }).hex).encryptionKey]);
    const all = (table: string, column: string, value: string) => db.selectFrom(table).selectAll().where(column, '=', value).execute();
    const rows = {
      users: await all('users', 'id', template.userId),
      factors: await all('factors', 'user_id', template.userId),
      backup_codes: await all('backup_codes', 'user_id', template.userId),
      sessions: await all('sessions', 'token_hash', sha256Hex(template.token)),
      workflows: await all('workflows', 'id', template.workflowId),
      workflow_versions: await all('workflow_versions', 'workflow_id', template.workflowId),
      items: await all('items', 'id', template.item),
      ...Object.fromEntries(await Promise.all(ITEM_TABLES.map(async (t) => [t, await all(t, 'item_id', template.item)] as const))),
    } as Record<string, Row[]>;
    const totp = rows.factors!.find((f) => f.type === 'totp' && f.status === 'active');
    if (!totp || rows.sessions!.length !== 1 || rows.items!.length !== 1)
      throw new Error('bench seed: the template reviewer is incomplete (an active authenticator, one session, one item)');

    const copies: Reviewer[] = [];
    const batch: Record<string, Row[]> = {};
    const flush = async () => {
      await db.transaction().execute(async (tx) => {
        for (const [table, list] of Object.entries(batch)) {
          for (let i = 0; i < list.length; i += 100)
            await tx
              .insertInto(table)
              .values(list.slice(i, i + 100))
              .execute();
        }
      });
      for (const k of Object.keys(batch)) delete batch[k];
    };
    for (let n = 1; n <= count; n++) {
      const token = randomBytes(32).toString('base64url');
      const ids = new Map<string, string>();
      const renamed = (old: string) => {
        let id = ids.get(old);
        if (!id) {
          id = newId(old.slice(0, 3) as Prefix);
          ids.set(old, id);
        }
        return id;
      };
      for (const id of [template.userId, template.workflowId, template.item, ...rows.factors!.map((f) => f.id as string)]) renamed(id);
      const rewrite = (row: Row): Row => {
        const out: Row = {};
        for (const [k, v] of Object.entries(row)) {
          if (k === 'id' && typeof v === 'string') {
            out[k] = renamed(v);
            continue;
          }
          out[k] = typeof v === 'string' ? [...ids].reduce((s, [from, to]) => s.replaceAll(from, to), v) : v;
        }
        return out;
      };
      const add = (table: string, row: Row) => (batch[table] ??= []).push(row);
      for (const [table, list] of Object.entries(rows)) {
        for (const row of list) {
          const copy = rewrite(row);
          if (table === 'users') copy.email = `bench-${o.pending ? 'sign-in' : 'reviewer-copy'}-${n}@acme.test`;
          if (table === 'workflows' || table === 'workflow_versions') copy.name = `Bench ${o.pending ? 'sign-in' : 'protected'} copy ${n}`;
          if (table === 'sessions') copy.token_hash = sha256Hex(token);
          if (table === 'sessions' && o.pending) {
            const now = Date.now();
            Object.assign(copy, {
              state: 'second_factor_required',
              aal: 1,
              created_at: now,
              last_seen_at: now,
              expires_at: now + PENDING_SESSION_MS,
              privileged_until: null,
            });
          }
          if (table === 'factors' && row.id === totp.id) copy.secret_sealed = secretBox.seal(template.secret, copy.id as string);
          add(table, copy);
        }
      }
      copies.push({ token, secret: template.secret, item: ids.get(template.item)! });
      if (n % 200 === 0) await flush();
    }
    await flush();
    return copies;
  } finally {
    await database.close();
  }
}
