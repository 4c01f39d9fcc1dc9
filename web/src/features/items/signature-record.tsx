// A Part 11 signature as the history shows it: printed name, meaning, UTC time (11.50(a)),
// and whether the record still matches the content it signed (11.70).
import type { SignatureView } from '../../api/workflow-types.ts';
import { Badge } from '../../ui/badge.tsx';
import { formatUtc, shortHash } from '../../ui/format.ts';

export function SignatureRecord({ signature }: { signature: SignatureView }) {
  return (
    <div className={signature.valid ? 'signature-record' : 'signature-record signature-invalid'}>
      <p className="signature-line">
        <span className="signature-name">{signature.printedName}</span>
        <span className="muted"> ({signature.email})</span>
      </p>
      <dl className="signature-facts">
        <dt>Meaning</dt>
        <dd>{signature.meaning}</dd>
        <dt>Signed</dt>
        <dd>
          <time dateTime={signature.signedAt}>{formatUtc(signature.signedAt)}</time>
        </dd>
        <dt>Content</dt>
        <dd>
          <code title={signature.contentHash}>SHA-256 {shortHash(signature.contentHash)}</code>
        </dd>
        {signature.revision ? (
          <>
            <dt>Applies to</dt>
            <dd>
              Revision {signature.revision}
              {signature.superseded ? ' (superseded: it no longer counts)' : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {signature.credentialsReset ? (
        <p className="signature-reset">
          <Badge tone="warning">Credentials reset</Badge> Signed within 24 hours after the signer’s{' '}
          {signature.credentialsReset.event === 'password_reset.completed' ? 'password' : 'second factors'} were reset: credentials reset at{' '}
          <time dateTime={signature.credentialsReset.at}>{formatUtc(signature.credentialsReset.at)}</time>, by{' '}
          {signature.credentialsReset.by.map((p) => p.label).join(' and ')}
          {signature.credentialsReset.event === 'two_factor.revoked' ? ' (administrators)' : ' (the signer)'}.
        </p>
      ) : null}
      {signature.valid ? null : (
        <p className="signature-warning">
          <Badge tone="danger">Signature invalid</Badge> This record no longer matches the content it signed, or it was altered.
        </p>
      )}
    </div>
  );
}
