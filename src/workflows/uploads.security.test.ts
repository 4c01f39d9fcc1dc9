// Attacks on uploads (issue 11 item 3), against the real database of each dialect and the real
// file system, with the disk made injectable only where a test cannot fill a real one:
// - filling the data directory with files never attached to an item (a per-user quota of count
//   and bytes, refused with 409 upload_quota_exceeded, also for parallel uploads; a sweep
//   deletes pending uploads after 24 hours on the injected clock);
// - a full disk: ENOSPC while streaming, or free space below the floor, answers 507
//   insufficient_storage (never a 500) and leaves no file and no row behind;
// - file names that lie with bidirectional controls (`invoice‮fdp.exe`) or carry control characters.
// @see docs/security.md K4 (bad input never produces a 500, and changes nothing); CWE-400; Unicode TR9 / CVE-2021-42574 (Trojan Source)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/dialects.ts';
import type { Actor } from '../accounts/index.ts';
import { manualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { connectDatabase, type Database } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { newId, type OrgId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { WorkflowsDeps } from './deps.ts';
import { cleanFileName, createUploads, PENDING_UPLOAD_TTL_MS, realDisk, type UploadDisk } from './uploads.ts';
import type { ItemId } from '../platform/ids.ts';
import { insertUser } from '../../test/support/rows.ts';

const KB = 1024;

describe.each(DIALECTS)('%s: upload attacks', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let dataDir: string;
  const orgId = newId<OrgId>('org');
  const clock = manualClock(Date.UTC(2026, 10, 1, 9, 0, 0));

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    database = connectDatabase(loadConfig(tdb.env).database);
    await migrateToLatest(database.db);
    await database.db
      .insertInto('organizations')
      .values({ id: orgId, slug: `o-${orgId}`, name: 'Acme', settings: '{}', created_at: clock.now() })
      .execute();
    dataDir = await mkdtemp(join(tmpdir(), 'signoff-uploads-'));
  });
  afterAll(async () => {
    await database.close();
    await tdb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function newActor(): Promise<Actor> {
    const userId = await insertUser(database.db, orgId, { name: 'Ann', userType: 'staff', createdAt: clock.now() });
    return { orgId, userId, label: `${userId}@example.test`, roles: ['reviewer'] };
  }
  function uploads(opts: { count?: number; kb?: number; minFreeBytes?: number; disk?: UploadDisk } = {}) {
    const deps = {
      db: database.db,
      clock,
      config: {
        baseUrl: 'http://localhost',
        siteName: 'Signoff',
        dataDir,
        uploadMaxBytes: 64 * KB,
        inviteTtlMs: 86_400_000,
        uploadPendingMax: { count: opts.count ?? 3, bytes: (opts.kb ?? 100) * KB },
        minFreeBytes: opts.minFreeBytes ?? 0,
      },
    } as unknown as WorkflowsDeps;
    return createUploads(deps, opts.disk ?? realDisk);
  }
  const file = (bytes: number) => Readable.from([Buffer.alloc(bytes, 7)]);
  const problemOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof Problem) return { code: err.code, status: err.status };
      throw err;
    }
    return undefined;
  };
  const rowsOf = async (userId: UserId) => database.db.selectFrom('uploads').select(['id', 'name']).where('user_id', '=', userId).execute();
  const filesOnDisk = async () => await readdir(join(dataDir, 'uploads')).catch(() => [] as string[]);

  // @see docs/security.md#k-reliability-under-concurrency K7
  it('refuses the upload past the count of pending uploads with 409 upload_quota_exceeded, and stores nothing', async () => {
    const actor = await newActor();
    const u = uploads({ count: 3 });
    for (let i = 0; i < 3; i++) await u.store(actor, `f${i}.txt`, file(KB), KB);
    const files = (await filesOnDisk()).length;
    expect(await problemOf(u.store(actor, 'f4.txt', file(KB), KB))).toEqual({ code: 'upload_quota_exceeded', status: 409 });
    expect(await rowsOf(actor.userId)).toHaveLength(3);
    expect((await filesOnDisk()).length).toBe(files);
  });

  // @see docs/security.md#k-reliability-under-concurrency K7
  it('refuses past the pending bytes, declared or streamed (no Content-Length), and removes the partial file', async () => {
    const actor = await newActor();
    const u = uploads({ count: 10, kb: 100 });
    await u.store(actor, 'big.bin', file(60 * KB), 60 * KB);
    expect(await problemOf(u.store(actor, 'declared.bin', file(50 * KB), 50 * KB))).toEqual({ code: 'upload_quota_exceeded', status: 409 });
    const files = (await filesOnDisk()).length;
    expect(await problemOf(u.store(actor, 'streamed.bin', file(50 * KB)))).toEqual({ code: 'upload_quota_exceeded', status: 409 });
    expect((await filesOnDisk()).length).toBe(files);
    expect(await rowsOf(actor.userId)).toHaveLength(1);
  });

  // @see docs/security.md#k-reliability-under-concurrency K7
  it('parallel uploads cannot slip past the quota together', async () => {
    const actor = await newActor();
    const u = uploads({ count: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => problemOf(u.store(actor, `p${i}.txt`, file(KB)))));
    expect(results.filter((r) => r === undefined)).toHaveLength(2);
    expect(results.filter((r) => r?.code === 'upload_quota_exceeded')).toHaveLength(4);
    expect(await rowsOf(actor.userId)).toHaveLength(2);
  });

  // @see docs/security.md#k-reliability-under-concurrency K7
  it("another user is not affected by one user's quota", async () => {
    const [a, b] = [await newActor(), await newActor()];
    const u = uploads({ count: 1 });
    await u.store(a, 'a.txt', file(KB), KB);
    expect(await problemOf(u.store(a, 'a2.txt', file(KB), KB))).toEqual({ code: 'upload_quota_exceeded', status: 409 });
    expect(await problemOf(u.store(b, 'b.txt', file(KB), KB))).toBeUndefined();
  });

  // @see docs/security.md#k-reliability-under-concurrency K7
  it('deletes pending uploads after 24 hours (rows and files), keeps attached and younger ones, and frees the quota', async () => {
    const actor = await newActor();
    const u = uploads({ count: 2 });
    const old = await u.store(actor, 'old.txt', file(KB), KB);
    const attached = await u.store(actor, 'attached.txt', file(KB), KB);
    await database.db
      .updateTable('uploads')
      .set({ item_id: 'itm_aaaaaaaaaaaaaaaaaaaaaaaaaa' as ItemId })
      .where('id', '=', attached.uploadId)
      .execute();
    clock.advance(PENDING_UPLOAD_TTL_MS - 60_000);
    const young = await u.store(actor, 'young.txt', file(KB), KB);
    expect(await problemOf(u.store(actor, 'full.txt', file(KB), KB))).toEqual({ code: 'upload_quota_exceeded', status: 409 });
    clock.advance(60_000);
    expect(await u.sweepExpired()).toBeGreaterThanOrEqual(1);
    const left = (await rowsOf(actor.userId)).map((r) => r.id);
    expect(left).not.toContain(old.uploadId);
    expect(left).toEqual(expect.arrayContaining([attached.uploadId, young.uploadId]));
    const files = await filesOnDisk();
    expect(files).not.toContain(old.uploadId);
    expect(files).toEqual(expect.arrayContaining([attached.uploadId, young.uploadId]));
    expect(await problemOf(u.store(actor, 'again.txt', file(KB), KB))).toBeUndefined();
  });

  // @see docs/security.md#k-reliability-under-concurrency K4, K7
  it('a disk that fills up while streaming (ENOSPC) answers 507 insufficient_storage and leaves nothing behind', async () => {
    const actor = await newActor();
    const enospc: UploadDisk = {
      freeBytes: realDisk.freeBytes,
      openWriter: () =>
        new Writable({
          write(_chunk, _enc, done) {
            done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
          },
        }),
    };
    const files = (await filesOnDisk()).length;
    expect(await problemOf(uploads({ disk: enospc }).store(actor, 'f.txt', file(KB), KB))).toEqual({ code: 'insufficient_storage', status: 507 });
    expect(await rowsOf(actor.userId)).toHaveLength(0);
    expect((await filesOnDisk()).length).toBe(files);
  });

  // @see docs/security.md#k-reliability-under-concurrency K4, K7
  it('free space below the floor answers 507 before anything is written', async () => {
    const actor = await newActor();
    const full: UploadDisk = { freeBytes: async () => 10 * KB, openWriter: realDisk.openWriter };
    const u = uploads({ disk: full, minFreeBytes: 8 * KB });
    expect(await u.hasRoom()).toBe(true);
    expect(await problemOf(u.store(actor, 'f.txt', file(4 * KB), 4 * KB))).toEqual({ code: 'insufficient_storage', status: 507 });
    expect(await rowsOf(actor.userId)).toHaveLength(0);
    expect(await uploads({ disk: full, minFreeBytes: 16 * KB }).hasRoom()).toBe(false);
  });

  // @see docs/security.md#k-reliability-under-concurrency K4 CVE-2021-42574 (Trojan Source)
  it('file names keep no bidirectional controls nor other control characters', async () => {
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('\u2066report\u2069\u200F.pdf')).toBe('report.pdf');
    expect(cleanFileName('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg.txt')).toBe('abcdefg.txt');
    expect(cleanFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(cleanFileName('\u202E\u202D')).toBe('file');
    const actor = await newActor();
    const stored = await uploads().store(actor, 'contract\u202Efdp.exe', file(KB), KB);
    expect(stored.name).toBe('contractfdp.exe');
    expect((await rowsOf(actor.userId))[0]!.name).toBe('contractfdp.exe');
  });
});
