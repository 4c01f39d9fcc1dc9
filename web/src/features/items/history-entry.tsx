import type { HistoryEntry as Entry } from '../../api/workflow-types.ts';
import { Badge } from '../../ui/badge.tsx';
import { capitalize, formatDateTime, formatUtc } from '../../ui/format.ts';
import { PenIcon, ShieldIcon } from '../../ui/icons.tsx';
import { historyText, VERIFIED_WITH } from './item-labels.ts';
import { SignatureRecord } from './signature-record.tsx';

export function HistoryEntry({ entry, currentRevision }: { entry: Entry; currentRevision?: number | undefined }) {
  const decided = entry.action === 'decided';
  const superseded = decided && entry.revision !== undefined && currentRevision !== undefined && entry.revision < currentRevision;
  const tone =
    entry.decision === 'reject' || entry.action === 'rejected' || entry.action === 'step_rejected'
      ? 'reject'
      : decided || entry.action === 'approved' || entry.action === 'step_approved'
        ? 'approve'
        : 'neutral';
  return (
    <li className={`history-entry history-${tone}`}>
      <span className="history-dot" aria-hidden="true" />
      <div className="history-body">
        {entry.actor ? (
          <p className="history-line">
            <span className="history-actor">{entry.actor.name}</span>
            {entry.actor.guest ? <span className="muted"> (guest, {entry.actor.email})</span> : null}
            {entry.onBehalfOf ? (
              <>
                {' '}
                on behalf of <span className="history-actor">{entry.onBehalfOf.name}</span>
              </>
            ) : null}{' '}
            {historyText(entry)}
          </p>
        ) : (
          <p className="history-line">{capitalize(historyText(entry))}</p>
        )}
        <p className="history-time">
          <time dateTime={entry.at} title={formatUtc(entry.at)}>
            {formatDateTime(entry.at)}
          </time>
        </p>
        {entry.comment ? <blockquote className="history-comment">{entry.comment}</blockquote> : null}
        {superseded ? (
          <p className="history-superseded" role="note">
            <Badge tone="neutral">Revision {entry.revision}</Badge> Given for revision {entry.revision}, which a newer version superseded: it no longer counts.
          </p>
        ) : null}
        {decided && entry.valid === false ? (
          <p className="history-invalid" role="note">
            <Badge tone="danger">Not valid</Badge> This decision no longer matches its sealed record (it was altered, or its e-signature is missing or not
            valid).
          </p>
        ) : null}
        {entry.badges.length ? (
          <p className="badge-row history-badges">
            {entry.badges.includes('2fa_verified') ? (
              <span className="history-badge">
                <Badge tone="success">
                  <ShieldIcon />
                  2FA verified
                </Badge>
                {entry.method ? <span className="history-method">with {VERIFIED_WITH[entry.method]}</span> : null}
              </span>
            ) : null}
            {entry.badges.includes('e_signed') ? (
              <span className="history-badge">
                <Badge tone={entry.signature && !entry.signature.valid ? 'danger' : 'accent'}>
                  <PenIcon />
                  e-signed
                </Badge>
              </span>
            ) : null}
          </p>
        ) : null}
        {entry.signature ? <SignatureRecord signature={entry.signature} /> : null}
      </div>
    </li>
  );
}
