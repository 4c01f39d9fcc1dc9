// The item list (GET /items, workflows/items.store.ts) newest first: no index ordered an
// organisation's items by `updated_at` without a status first, so an admin's page sorted all of
// the organisation's items (~250 ms at 100,000), and the two that did order by it lacked the id
// the list breaks ties with, so a page of one status or of someone's submissions sorted every
// such item too. With these, each page walks an index newest first and stops after the page.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('items_org_updated_idx').on('items').columns(['org_id', 'updated_at', 'id']).execute();
  for (const [name, columns] of [
    ['items_org_status_idx', ['org_id', 'status', 'updated_at', 'id']],
    ['items_submitter_idx', ['submitter_id', 'updated_at', 'id']],
  ] as const) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on('items')
      .columns([...columns])
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
