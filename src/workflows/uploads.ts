// Item files: streamed to <data dir>/uploads/<id> while their SHA-256 is computed, cut off
// past the size limit (the partial file is removed), never held in memory whole. The stored
// name is only a label (no control or bidirectional formatting characters): the path on disk
// is the upload's random id.
// Limits (issue 11 item 3): each user holds at most `uploadPendingMax` uploads (count and bytes)
// not yet attached to an item (409 upload_quota_exceeded; checked before streaming, and again
// under the user's row lock when the upload is recorded, so parallel uploads cannot pass it);
// pending uploads older than 24 hours are deleted by `sweepExpired` (a periodic job); a full
// disk, or free space below `minFreeBytes`, answers 507 insufficient_storage, not a 500.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { lockUser, type Actor } from '../accounts/index.ts';
import { newId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { WorkflowsDeps } from './deps.ts';
import { deletePendingUpload, findUpload, insertUpload, listExpiredPendingUploads, sumPendingUploads } from './uploads.store.ts';

/** An upload not attached to an item within this time is deleted. */
export const PENDING_UPLOAD_TTL_MS = 24 * 60 * 60_000;

/** What touches the disk, injectable so tests can fill it up without root tricks. */
export type UploadDisk = {
  /** Bytes available to this process under `dir` (fs.statfs). */
  freeBytes(dir: string): Promise<number>;
  /** The stream a new file is written through. */
  openWriter(path: string): Writable;
};

export const realDisk: UploadDisk = {
  async freeBytes(dir) {
    const s = await statfs(dir);
    return Number(s.bavail) * Number(s.bsize);
  },
  openWriter: (path) => createWriteStream(path, { flags: 'wx', mode: 0o600 }),
};

class TooLarge extends Error {}
class OverQuota extends Error {}

/**
 * A file name as a label: Unicode NFC, without bidirectional formatting characters (U+202A–
 * U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they make `invoice‮fdp.exe` read as
 * `invoiceexe.pdf`) or any other control character, and without path separators.
 */
export function cleanFileName(name: string): string {
  return (
    name
      .normalize('NFC')
      .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
      .replace(/\p{Cc}/gu, '')
      .replace(/[/\\]/g, '_')
      .trim()
      .slice(0, 200) || 'file'
  );
}

const isNoSpace = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
};

export function createUploads(deps: WorkflowsDeps, disk: UploadDisk = realDisk) {
  const { db, clock, config } = deps;
  const dir = join(config.dataDir, 'uploads');
  const pathOf = (id: string) => join(dir, id);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const quota = config.uploadPendingMax;
  const quotaProblem = () =>
    new Problem('upload_quota_exceeded', {
      detail: `You may hold ${quota.count} files (${mb(quota.bytes)} MB) not yet attached to an item: submit or wait for older uploads to expire (24 hours)`,
    });
  const noRoom = (cause?: unknown) =>
    new Problem('insufficient_storage', { detail: 'The server is out of disk space for files: try again later or ask an administrator', cause });

  /** Whether the data directory keeps at least `minFreeBytes` (and `extra` more) free. */
  async function hasRoom(extra = 0): Promise<boolean> {
    await mkdir(dir, { recursive: true });
    return (await disk.freeBytes(dir)) - extra >= config.minFreeBytes;
  }

  return {
    hasRoom,

    async store(actor: Actor, name: string, body: Readable, declaredLength?: number) {
      const refuse = (p: Problem) => {
        body.resume();
        return p;
      };
      if (declaredLength !== undefined && declaredLength > config.uploadMaxBytes) {
        throw refuse(new Problem('payload_too_large', { detail: `Files may be at most ${mb(config.uploadMaxBytes)} MB` }));
      }
      const since = clock.now() - PENDING_UPLOAD_TTL_MS;
      const pending = await sumPendingUploads(db, actor.orgId, actor.userId, since);
      if (pending.count >= quota.count || pending.bytes + (declaredLength ?? 1) > quota.bytes) throw refuse(quotaProblem());
      if (!(await hasRoom(declaredLength ?? 0))) throw refuse(noRoom());
      const id = newId('upl');
      const partial = `${pathOf(id)}.partial`;
      const hash = createHash('sha256');
      const allowed = Math.min(config.uploadMaxBytes, quota.bytes - pending.bytes);
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > config.uploadMaxBytes) return done(new TooLarge());
          if (size > allowed) return done(new OverQuota());
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, disk.openWriter(partial));
      } catch (err) {
        await rm(partial, { force: true });
        if (err instanceof TooLarge) throw new Problem('payload_too_large', { detail: `Files may be at most ${mb(config.uploadMaxBytes)} MB` });
        if (err instanceof OverQuota) throw quotaProblem();
        if (isNoSpace(err)) throw noRoom(err);
        throw new Problem('invalid_request', { detail: 'The upload was interrupted', cause: err });
      }
      if (size === 0) {
        await rm(partial, { force: true });
        throw new Problem('invalid_request', { detail: 'The file is empty' });
      }
      const sha256 = hash.digest('hex');
      const label = cleanFileName(name);
      try {
        await rename(partial, pathOf(id));
        // Recorded under the user's row lock, after counting again: two uploads streamed in
        // parallel cannot both slip under the quota.
        await db.transaction().execute(async (tx) => {
          await lockUser(tx, actor.orgId, actor.userId);
          const now = await sumPendingUploads(tx, actor.orgId, actor.userId, clock.now() - PENDING_UPLOAD_TTL_MS);
          if (now.count + 1 > quota.count || now.bytes + size > quota.bytes) throw quotaProblem();
          await insertUpload(tx, { id, org_id: actor.orgId, user_id: actor.userId, name: label, size, sha256, created_at: clock.now(), item_id: null });
        });
      } catch (err) {
        await rm(pathOf(id), { force: true });
        await rm(partial, { force: true });
        throw err;
      }
      return { uploadId: id, name: label, size, sha256 };
    },

    /**
     * Deletes uploads never attached to an item within 24 hours: the row first (only if still
     * unattached: an item taking it meanwhile wins), then the file. Returns how many went.
     */
    async sweepExpired(batch = 500): Promise<number> {
      let deleted = 0;
      for (const { id } of await listExpiredPendingUploads(db, clock.now() - PENDING_UPLOAD_TTL_MS, batch)) {
        if (!(await deletePendingUpload(db, id))) continue;
        await rm(pathOf(id), { force: true });
        deleted++;
      }
      return deleted;
    },

    find: (orgId: Actor['orgId'], id: string) => findUpload(db, orgId, id),
    open: (id: string) => createReadStream(pathOf(id)),
  };
}

export type Uploads = ReturnType<typeof createUploads>;
