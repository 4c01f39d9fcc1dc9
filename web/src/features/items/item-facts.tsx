import type { ItemView } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ItemStatusBadge } from './item-status-badge.tsx';
import { DueState } from '../tasks/due-state.tsx';

/** Status, workflow version, submitter, dates and the content's SHA-256 (the item's version). */
export function ItemFacts({ item }: { item: ItemView }) {
  const step = item.currentStep !== null ? item.steps[item.currentStep] : undefined;
  return (
    <dl className="panel facts">
      <div className="fact">
        <dt>Status</dt>
        <dd>
          <ItemStatusBadge status={item.status} />
        </dd>
      </div>
      <div className="fact">
        <dt>Current step</dt>
        <dd>{step ? `${step.index + 1}. ${step.name}` : '—'}</dd>
      </div>
      {step?.dueAt ? (
        <div className="fact">
          <dt>Due</dt>
          <dd>
            <DueState dueAt={step.dueAt} overdue={step.overdue} />
          </dd>
        </div>
      ) : null}
      <div className="fact">
        <dt>Workflow</dt>
        <dd>
          <Link to={`/workflows/${encodeURIComponent(item.workflow.id)}?version=${item.workflow.version}`}>{item.workflow.name}</Link>
          <span className="muted"> · version {item.workflow.version}</span>
        </dd>
      </div>
      <div className="fact">
        <dt>Submitted by</dt>
        <dd>
          {item.submitter.name}{' '}
          <span className="muted">
            · <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
          </span>
        </dd>
      </div>
      <div className="fact fact-wide">
        <dt>Content SHA-256</dt>
        <dd className="hash-row">
          <code className="hash" data-testid="content-hash">
            {item.contentHash}
          </code>
          <CopyButton text={item.contentHash} label="Copy hash" />
        </dd>
      </div>
    </dl>
  );
}
