// /items: items of the organisation the user may see, filtered by status or "submitted by me".
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { describeError } from '../../api/problem.ts';
import { itemListQuery } from '../../api/queries.ts';
import type { ItemStatus } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { ITEM_STATUS, ITEM_STATUSES } from './item-labels.ts';
import { ItemsTable } from './items-table.tsx';

export function ItemsPage() {
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const [mine, setMine] = useState(false);
  // Another filter keeps the items shown until its own arrive.
  const items = useQuery({ ...itemListQuery({ status: status || undefined, mine }), placeholderData: keepPreviousData });
  const newButton = (
    <Link to="/items/new" className="btn btn-primary">
      New item
    </Link>
  );
  return (
    <div className="page">
      <PageHeader title="Items" description="Documents, contracts and requests going through a workflow." actions={newButton} />
      <div className="toolbar">
        <div className="toolbar-search">
          <SelectField
            label="Status"
            value={status}
            onChange={(v) => setStatus(v as ItemStatus | '')}
            options={[{ value: '', label: 'All statuses' }, ...ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS[s].label }))]}
          />
        </div>
        <div className="toolbar-check">
          <Checkbox label="Submitted by me" checked={mine} onChange={setMine} />
        </div>
      </div>
      {items.error ? (
        <Alert tone="error" title="Items could not be loaded">
          {describeError(items.error)}
        </Alert>
      ) : null}
      {items.isPending ? (
        <Loading label="Loading items…" />
      ) : items.data?.length ? (
        <ItemsTable items={items.data} />
      ) : items.data ? (
        <div className="panel">
          <EmptyState title={status || mine ? 'No items match' : 'No items yet'} action={status || mine ? undefined : newButton}>
            Submit an item to send it through a workflow; its reviewers see it in their tasks.
          </EmptyState>
        </div>
      ) : null}
    </div>
  );
}
