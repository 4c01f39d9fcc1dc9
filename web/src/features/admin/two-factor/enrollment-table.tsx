import type { EnrollmentEntry } from '../../../api/types.ts';
import { Badge } from '../../../ui/badge.tsx';
import { Button } from '../../../ui/button.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { FACTOR_TYPE_LABELS } from '../../security/method-labels.ts';

type Props = {
  id: string;
  title: string;
  description: string;
  /** What the count beside the title counts, in words for screen readers and the tooltip. */
  countLabel: string;
  entries: EnrollmentEntry[];
  empty: string;
  tone: 'warning' | 'success' | 'danger';
  onRevoke?: (e: EnrollmentEntry) => void;
  onAdd?: (e: EnrollmentEntry) => void;
};

export function EnrollmentTable({ id, title, description, countLabel, entries, empty, tone, onRevoke, onAdd }: Props) {
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`} className="section-title">{title} <Badge tone={entries.length ? tone : 'neutral'}><span title={`${entries.length} ${countLabel}`}>{entries.length}<span className="visually-hidden"> {countLabel}</span></span></Badge></h2>
        <p className="muted">{description}</p>
      </div>
      {entries.length === 0 ? (
        <p className="panel panel-empty muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Methods</th>
                <th scope="col">Added to 2FA</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.userId}>
                  <td data-label="Name" className="cell-name">
                    <div>
                      <span className="cell-primary">{e.name}</span>
                      <span className="cell-secondary">{e.email}</span>
                    </div>
                  </td>
                  <td data-label="Methods">
                    {e.methods.length ? (
                      <span className="badge-row">{e.methods.map((m) => <Badge key={m}>{FACTOR_TYPE_LABELS[m] ?? m}</Badge>)}</span>
                    ) : <span className="muted">None yet</span>}
                  </td>
                  <td data-label="Added" className="nowrap">{e.addedAt ? formatDateTime(e.addedAt) : <span className="muted">{e.methods.length ? 'Set up on their own' : 'Not added'}</span>}</td>
                  <td className="cell-actions">
                    <span className="action-row">
                      {onAdd ? <Button size="sm" onClick={() => onAdd(e)} aria-label={`Add ${e.name} to two-factor authentication`}>Add</Button> : null}
                      {onRevoke ? <Button size="sm" variant="ghost" onClick={() => onRevoke(e)} aria-label={`Revoke two-factor authentication for ${e.name}`}>Revoke</Button> : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
