// The audit page's search (issue 12 item 9): filter the trail by who acted, which item, when and
// what kind of event, and page through all of it with keyset cursors on `seq` (no OFFSET, so
// the 10,000th page costs what the first does and entries appended meanwhile never shift a page).
// Who a name or email means is the caller's to say (`actorUserIds`): users live in accounts.
import type { Executor } from '../platform/db/connect.ts';
import type { AuditRow } from './audit.store.ts';
import { Problem } from '../platform/problems.ts';
import { AUDIT_FAMILY_KEYS, familiesForWords, typesForTerm, typesOf, type AuditFamily } from './families.ts';
import { existsBeyond, findSubmittedItemsLike, searchPage, type SearchWhere } from './search.store.ts';

export type AuditSearch = {
  /** An exact event type (the API's `type`); every event filter given must hold. */
  type?: string | undefined;
  family?: AuditFamily | undefined;
  /** Words people use, resolved by families.ts; words naming nothing are refused (`unknown_event_family`). */
  q?: string | undefined;
  /** The actor as typed, and the users it names (by id, name or email). */
  actor?: { text: string; userIds: readonly string[] } | undefined;
  /** An item id, or words of an item's title. */
  item?: string | undefined;
  since?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  before?: number | undefined;
  after?: number | undefined;
  limit: number;
};

/** The search's filters alone, without its paging (what an export reads by too). */
export type AuditFilters = Omit<AuditSearch, 'before' | 'after' | 'limit'>;

export type AuditSearchPage<T> = { entries: T[]; nextBefore?: number; newerAfter?: number; families?: AuditFamily[] };

const ITEM_ID = /^itm_[a-z2-7]{26}$/;
/** How many items a title search may name; a broader word names the most recent ones. */
const MAX_TITLE_MATCHES = 200;

/** The items `text` names: itself when it is an item id, else the items whose title contains it. */
async function itemIdsFor(db: Executor, orgId: string, text: string): Promise<string[]> {
  if (ITEM_ID.test(text)) return [text];
  const needle = text.toLowerCase();
  const rows = await findSubmittedItemsLike(db, orgId, text, MAX_TITLE_MATCHES * 2);
  const ids = rows
    .filter((r) => {
      const title = (JSON.parse(r.data) as { title?: unknown }).title;
      return r.target_id !== null && typeof title === 'string' && title.toLowerCase().includes(needle);
    })
    .map((r) => r.target_id!);
  return [...new Set(ids)].slice(0, MAX_TITLE_MATCHES);
}

/** The event types every event filter allows (undefined: any), and the families searched. */
function eventTypesFor(q: AuditFilters): { types: string[] | undefined; families: AuditFamily[] | undefined } {
  const sets: string[][] = [];
  const families = new Set<AuditFamily>();
  if (q.type !== undefined) sets.push([q.type]);
  if (q.family !== undefined) {
    sets.push(typesOf([q.family]));
    families.add(q.family);
  }
  if (q.q !== undefined) {
    const named = familiesForWords(q.q);
    const types = named.length ? typesOf(named) : typesForTerm(q.q);
    if (types.length === 0) {
      throw new Problem('unknown_event_family', {
        detail: `"${q.q}" names no event family: try ${AUDIT_FAMILY_KEYS.map((k) => k.replace('_', '-')).join(', ')}`,
        extensions: { families: AUDIT_FAMILY_KEYS },
      });
    }
    for (const f of named) families.add(f);
    sets.push(types);
  }
  if (sets.length === 0) return { types: undefined, families: undefined };
  const types = sets.reduce((a, b) => a.filter((t) => b.includes(t)));
  return { types: [...new Set(types)], families: families.size ? [...families] : undefined };
}

/** What the search's filters come to: the conditions of its queries, or `undefined` when they can match nothing. */
export type ResolvedSearch = { where: SearchWhere | undefined; families: AuditFamily[] | undefined };

/**
 * The filters of a search as query conditions: words and families as event types, item words
 * as item ids. Refuses words naming no event family (`unknown_event_family`). The search and the
 * export (export-entries.ts) both read through it, so they hold the same entries.
 */
export async function resolveSearch(db: Executor, orgId: string, q: AuditFilters): Promise<ResolvedSearch> {
  const { types, families } = eventTypesFor(q);
  const itemIds = q.item === undefined ? undefined : await itemIdsFor(db, orgId, q.item);
  if (types?.length === 0 || itemIds?.length === 0) return { where: undefined, families };
  const where: SearchWhere = {
    types,
    itemIds,
    since: q.since,
    from: q.from,
    to: q.to,
    actor: q.actor ? { userIds: q.actor.userIds, labelText: q.actor.text } : undefined,
  };
  return { where, families };
}

export async function searchEntries<T>(db: Executor, orgId: string, q: AuditSearch, view: (r: AuditRow) => T): Promise<AuditSearchPage<T>> {
  const { where, families } = await resolveSearch(db, orgId, q);
  const result: AuditSearchPage<T> = { entries: [], ...(families ? { families } : {}) };
  if (!where) return result;
  // One row more than asked says whether the page's far side has more; the near side needs a probe.
  const rows = await searchPage(db, orgId, where, { before: q.before, after: q.after, limit: q.limit + 1 });
  const upwards = q.after !== undefined;
  const more = rows.length > q.limit;
  const page = upwards ? rows.slice(rows.length - Math.min(rows.length, q.limit)) : rows.slice(0, q.limit);
  result.entries = page.map(view);
  if (page.length === 0) return result;
  const newest = Number(page[0]!.seq);
  const oldest = Number(page.at(-1)!.seq);
  const hasOlder = upwards ? await existsBeyond(db, orgId, where, 'older', oldest) : more;
  const hasNewer = upwards ? more : q.before !== undefined && (await existsBeyond(db, orgId, where, 'newer', newest));
  if (hasOlder) result.nextBefore = oldest;
  if (hasNewer) result.newerAfter = newest;
  return result;
}
