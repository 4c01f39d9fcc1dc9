// An item's content versions as readers see them (issue 13 item 1): every revision with its
// note, author, time, SHA-256 and content (text inline, a file by its own download URL), the
// revision each round of review belongs to (the content as a download is open-content.ts).
import type { Contacts } from '../accounts/index.ts';
import { iso } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { ItemId } from '../platform/ids.ts';
import type { WorkflowsDeps } from './deps.ts';
import type { ItemRow } from './items.store.ts';
import { listItemVersions, type ItemVersionRow } from './revisions.store.ts';
import type { ItemVersionView } from './types.ts';
import { findUpload } from './uploads.store.ts';

/** The revision a round of review belongs to: the last version opened at or before it. */
export function revisionOfRound(versions: Pick<ItemVersionRow, 'revision' | 'first_round'>[], round: number): number {
  let revision = 1;
  for (const v of versions) if (Number(v.first_round) <= round) revision = Number(v.revision);
  return revision;
}

/** Every version of the item, oldest first, as the item view shows it; `contacts`: the authors' names and addresses when the caller read them already. */
export async function versionViews(
  deps: Pick<WorkflowsDeps, 'accounts'>,
  ex: Executor,
  item: ItemRow,
  rows: ItemVersionRow[],
  contacts?: Contacts,
): Promise<ItemVersionView[]> {
  const authors =
    contacts ??
    (await deps.accounts.findContacts(
      ex,
      item.org_id,
      rows.map((v) => v.created_by),
    ));
  const out: ItemVersionView[] = [];
  for (const v of rows) {
    const by = authors.get(v.created_by);
    const upload = v.upload_id ? await findUpload(ex, item.org_id, v.upload_id) : undefined;
    out.push({
      revision: Number(v.revision),
      contentHash: v.content_hash,
      note: v.note,
      at: iso(Number(v.created_at)),
      by: { id: v.created_by, name: by?.name ?? '', email: by?.email ?? '' },
      content: upload
        ? { type: 'file', name: upload.name, size: Number(upload.size), downloadUrl: `/api/v1/items/${item.id}/versions/${v.revision}/content` }
        : { type: 'text', text: v.content_text ?? '' },
    });
  }
  return out;
}

export const listVersions = (ex: Executor, itemId: ItemId) => listItemVersions(ex, itemId);
