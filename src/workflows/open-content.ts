// An item's content as a download, for a reader of the item: the current file, or any one
// version (text versions as UTF-8 text files), streamed with its SHA-256.
import { Readable } from 'node:stream';
import type { Actor } from '../accounts/index.ts';
import type { ItemId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { WorkflowsDeps } from './deps.ts';
import type { ItemViews } from './item-view.ts';
import { findItemVersion } from './revisions.store.ts';
import type { Uploads } from './uploads.ts';

export function createOpenContent(deps: WorkflowsDeps, views: Pick<ItemViews, 'loadVisible'>, uploads: Uploads) {
  /** The item's file, for a reader of the item. */
  async function openContent(actor: Actor, id: ItemId) {
    const { item } = await views.loadVisible(actor, id);
    const upload = item.upload_id ? await uploads.find(actor.orgId, item.upload_id) : undefined;
    if (!upload) throw new Problem('not_found', { detail: 'This item has text content, not a file' });
    return { name: upload.name, size: Number(upload.size), sha256: upload.sha256, stream: uploads.open(upload.id) };
  }

  /** One version's content as a download, for a reader of the item (text versions as UTF-8 text files). */
  async function openVersionContent(actor: Actor, id: ItemId, revision: number) {
    const { item } = await views.loadVisible(actor, id);
    const v = await findItemVersion(deps.db, actor.orgId, item.id, revision);
    if (!v) throw new Problem('not_found', { detail: `Item ${id} has no revision ${revision}` });
    if (v.upload_id) {
      const upload = await uploads.find(actor.orgId, v.upload_id);
      if (!upload) throw new Problem('not_found', { detail: `The file of revision ${revision} is gone` });
      return { name: upload.name, size: Number(upload.size), sha256: upload.sha256, stream: uploads.open(upload.id) };
    }
    const bytes = Buffer.from(v.content_text ?? '', 'utf8');
    return { name: `${item.title.slice(0, 80)} (revision ${revision}).txt`, size: bytes.length, sha256: v.content_hash, stream: Readable.from([bytes]) };
  }

  return { openContent, openVersionContent };
}
