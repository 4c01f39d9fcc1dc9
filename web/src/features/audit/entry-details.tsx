import type { AuditEntry } from '../../api/types.ts';
import { changeRows, factRows, isChange } from './entry-changes.ts';

/** At most this many "field: value" rows inline; the rest are in the raw JSON. */
const MAX_FACTS = 8;

const hasData = (d: unknown) => d !== null && d !== undefined && !(typeof d === 'object' && Object.keys(d as object).length === 0);

/** What an entry recorded: changes as "field: old → new", other data as "field: value", the exact JSON on demand. */
export function EntryDetails({ entry }: { entry: AuditEntry }) {
  if (!hasData(entry.data)) return null;
  const change = isChange(entry.data) ? entry.data : undefined;
  const changes = change ? changeRows(change) : [];
  const facts = factRows(entry.data, change ? ['old', 'new'] : []);
  return (
    <div className="audit-details">
      {changes.length > 0 ? (
        <dl className="audit-changes">
          {changes.map((c) => (
            <div key={c.field} className="audit-change">
              <dt>{c.field}</dt>
              <dd>
                <span className="visually-hidden">from </span>
                <del className="audit-old">{c.old ?? '(not set)'}</del>
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> to </span>
                <ins className="audit-new">{c.new ?? '(removed)'}</ins>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {facts.length > 0 ? (
        <dl className="audit-facts">
          {facts.slice(0, MAX_FACTS).map((f) => (
            <div key={f.field}>
              <dt>{f.field}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {/* outside the <dl>: a list of terms holds only terms and definitions (axe definition-list) */}
      {facts.length > MAX_FACTS ? <p className="muted">…and {facts.length - MAX_FACTS} more fields in the raw data.</p> : null}
      <details className="audit-data">
        <summary>Raw JSON</summary>
        <pre>{JSON.stringify(entry.data, null, 2)}</pre>
      </details>
    </div>
  );
}
