// Item files: streamed to <data dir>/uploads/<id> while their SHA-256 is computed, cut off
// past the size limit (the partial file is removed), never held in memory whole. The stored
// name is only a label: the path on disk is the upload's random id.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../accounts/index.ts';
import { newId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { WorkflowsDeps } from './deps.ts';
import { findUpload, insertUpload } from './uploads.store.ts';

class TooLarge extends Error {}

export function createUploads(deps: WorkflowsDeps) {
  const { db, clock, config } = deps;
  const dir = join(config.dataDir, 'uploads');
  const pathOf = (id: string) => join(dir, id);

  return {
    async store(actor: Actor, name: string, body: Readable, declaredLength?: number) {
      if (declaredLength !== undefined && declaredLength > config.uploadMaxBytes) {
        body.resume();
        throw new Problem('payload_too_large', { detail: `Files may be at most ${Math.round(config.uploadMaxBytes / 1024 / 1024)} MB` });
      }
      await mkdir(dir, { recursive: true });
      const id = newId('upl');
      const partial = `${pathOf(id)}.partial`;
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > config.uploadMaxBytes) return done(new TooLarge());
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      } catch (err) {
        await rm(partial, { force: true });
        if (err instanceof TooLarge) throw new Problem('payload_too_large', { detail: `Files may be at most ${Math.round(config.uploadMaxBytes / 1024 / 1024)} MB` });
        throw new Problem('invalid_request', { detail: 'The upload was interrupted', cause: err });
      }
      if (size === 0) { await rm(partial, { force: true }); throw new Problem('invalid_request', { detail: 'The file is empty' }); }
      await rename(partial, pathOf(id));
      const sha256 = hash.digest('hex');
      const label = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200) || 'file';
      await insertUpload(db, { id, org_id: actor.orgId, user_id: actor.userId, name: label, size, sha256, created_at: clock.now(), item_id: null });
      return { uploadId: id, name: label, size, sha256 };
    },

    find: (orgId: Actor['orgId'], id: string) => findUpload(db, orgId, id),
    open: (id: string) => createReadStream(pathOf(id)),
  };
}

export type Uploads = ReturnType<typeof createUploads>;
