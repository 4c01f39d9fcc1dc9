import type { EnrollmentEntry } from '../../../api/types.ts';
import { Badge } from '../../../ui/badge.tsx';
import { Button } from '../../../ui/button.tsx';
import { actionsColumn, DataTable, type Column } from '../../../ui/data-table.tsx';
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
  const columns: Column<EnrollmentEntry>[] = [
    {
      header: 'Name',
      className: 'cell-name',
      cell: (e) => (
        <div>
          <span className="cell-primary">{e.name}</span>
          <span className="cell-secondary">{e.email}</span>
        </div>
      ),
    },
    {
      header: 'Methods',
      cell: (e) =>
        e.methods.length ? (
          <span className="badge-row">
            {e.methods.map((m) => (
              <Badge key={m}>{FACTOR_TYPE_LABELS[m] ?? m}</Badge>
            ))}
          </span>
        ) : (
          <span className="muted">None yet</span>
        ),
    },
    {
      header: 'Added to 2FA',
      label: 'Added',
      className: 'nowrap',
      cell: (e) => (e.addedAt ? formatDateTime(e.addedAt) : <span className="muted">{e.methods.length ? 'Set up on their own' : 'Not added'}</span>),
    },
    actionsColumn((e) => (
      <span className="action-row">
        {onAdd ? (
          <Button size="sm" onClick={() => onAdd(e)} aria-label={`Add ${e.name} to two-factor authentication`}>
            Add
          </Button>
        ) : null}
        {onRevoke ? (
          <Button size="sm" variant="ghost" onClick={() => onRevoke(e)} aria-label={`Revoke two-factor authentication for ${e.name}`}>
            Revoke
          </Button>
        ) : null}
      </span>
    )),
  ];
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`} className="section-title">
          {title}{' '}
          <Badge tone={entries.length ? tone : 'neutral'}>
            <span title={`${entries.length} ${countLabel}`}>
              {entries.length}
              <span className="visually-hidden"> {countLabel}</span>
            </span>
          </Badge>
        </h2>
        <p className="muted">{description}</p>
      </div>
      <DataTable caption={title} columns={columns} rows={entries} rowKey={(e) => e.userId} empty={<p className="panel panel-empty muted">{empty}</p>} />
    </section>
  );
}
