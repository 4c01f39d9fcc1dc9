// Mail names the organisation in every message: the name is read once per instance (nothing
// renames an organisation), so a decision's or sign-in's mail costs no organisations read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import type { OrgId } from '../platform/ids.ts';
import { organizationNames } from './index.ts';

describe('organisation names for mail', () => {
  let database: Database;
  const ORG = 'org_a' as OrgId;
  beforeEach(async () => {
    database = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(database.db);
    await database.db.insertInto('organizations').values({ id: ORG, slug: 'acme', name: 'Acme Pharma', settings: '{}', created_at: 0 }).execute();
  });
  afterEach(() => database.close());

  /** The organisations reads `run` made. */
  async function reads(run: () => Promise<unknown>): Promise<number> {
    const seen: string[] = [];
    const stop = database.onStatement((text) => seen.push(text));
    await run();
    stop();
    return seen.filter((text) => /from "organizations"/.test(text)).length;
  }

  it('reads a name once per instance and answers it from then on; an unknown organisation is asked again each time', async () => {
    const name = organizationNames();
    expect(await reads(async () => expect(await name(database.db, ORG)).toBe('Acme Pharma'))).toBe(1);
    expect(await reads(async () => expect(await name(database.db, ORG)).toBe('Acme Pharma'))).toBe(0);
    const missing = 'org_missing' as OrgId;
    expect(await reads(async () => expect(await name(database.db, missing)).toBeUndefined())).toBe(1);
    expect(await reads(async () => expect(await name(database.db, missing)).toBeUndefined())).toBe(1);
    // Another instance reads for itself.
    expect(await reads(() => organizationNames()(database.db, ORG))).toBe(1);
  });
});
