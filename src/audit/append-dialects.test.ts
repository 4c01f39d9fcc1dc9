// The chaining on both databases (append.ts; append.test.ts counts its statements on SQLite):
// every value arrives as appended, whatever characters it holds or whether it is null, on the
// head this instance left and on one another instance moved meanwhile, and the chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../../test/api/mail/scratch-database.ts';
import { manualClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';
import { createAudit } from './index.ts';

const AWKWARD = ['"quoted", {braced}, back\\slash\\', 'NULL', '', 'ünïcødé ✓ 🧾', 'tab\there, line\nbreak', "it's", '{"a":[1,2]}', ' leading and trailing '];

describe.each(DIALECTS)('%s: audit chaining', (dialect) => {
  let one: ScratchDatabase;
  let two: Database;
  const clock = manualClock();
  const audit = createAudit({ clock });
  const ORG = 'org_chain' as OrgId;

  beforeAll(async () => {
    one = await openScratchDatabase(dialect);
    two = one.connect();
    await one.db.insertInto('organizations').values({ id: ORG, slug: 'chain', name: 'Chain', settings: '{}', created_at: 0 }).execute();
  });
  afterAll(() => one?.drop());

  const append = (db: Database, texts: readonly string[], opts: { nulls?: boolean } = {}) =>
    db.db.transaction().execute(async (tx) => {
      for (const text of texts) {
        clock.advance(1);
        await audit.append(tx, {
          orgId: ORG,
          type: 'group.created',
          actor: opts.nulls ? undefined : { userId: 'usr_x', label: text },
          target: opts.nulls ? undefined : { type: 'group', id: text },
          data: { text },
          ip: opts.nulls ? undefined : '2001:db8::1',
          requestId: opts.nulls ? undefined : text,
        });
      }
    });

  it('stores every value as appended, after the head this instance left and after one another instance moved, and the chain verifies', async () => {
    await append(one, ['first']);
    await append(one, AWKWARD); // from the head this instance left
    await append(one, ['no actor, no target'], { nulls: true });
    await append(two, ['from the other instance']);
    await append(one, [...AWKWARD].reverse()); // its guess is stale: claimed as it is
    await append(one, ['last']);

    const rows = await one.db.selectFrom('audit_entries').selectAll().where('org_id', '=', ORG).orderBy('seq').execute();
    const texts = ['first', ...AWKWARD, 'no actor, no target', 'from the other instance', ...[...AWKWARD].reverse(), 'last'];
    expect(rows.map((r) => Number(r.seq))).toEqual(texts.map((_, i) => i + 1));
    expect(rows.map((r) => JSON.parse(r.data).text)).toEqual(texts);
    expect(rows.map((r) => r.actor_label)).toEqual(texts.map((t) => (t === 'no actor, no target' ? null : t)));
    expect(rows.map((r) => r.target_id)).toEqual(rows.map((r) => r.request_id));
    expect(rows.filter((r) => r.actor_user_id === null).map((r) => [r.target_type, r.ip, r.request_id])).toEqual([[null, null, null]]);
    expect(await audit.verify(one.db, ORG)).toMatchObject({ ok: true, entries: texts.length, headHash: rows.at(-1)!.hash });
  });
});
