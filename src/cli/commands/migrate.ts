import type { Config } from '../../platform/config.ts';
import { connectDatabase } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';

export async function migrate(config: Config): Promise<void> {
  const database = connectDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await database.close();
  }
}
