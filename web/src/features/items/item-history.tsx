import type { HistoryEntry as Entry } from '../../api/workflow-types.ts';
import { HistoryEntry } from './history-entry.tsx';

/**
 * The item's history, oldest first. Failed code attempts are not here: they are in the security
 * log. Given the item's current `revision`, decisions on earlier versions say they are superseded.
 */
export function ItemHistory({ entries, revision }: { entries: readonly Entry[]; revision?: number | undefined }) {
  if (!entries.length) return <p className="panel panel-empty muted">Nothing has happened yet.</p>;
  return (
    <ol className="panel history" aria-label="History">
      {entries.map((e, i) => (
        <HistoryEntry key={`${e.at}-${i}`} entry={e} currentRevision={revision} />
      ))}
    </ol>
  );
}
