import { useState } from 'react';
import { verifyAuditChain } from '../../api/audit.ts';
import { describeError } from '../../api/problem.ts';
import type { AuditVerifyResult } from '../../api/types.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';

/** Recomputes the hash chain on the server and says whether it is intact, or where it breaks. */
export function VerifyChain({ onResult }: { onResult: (r: AuditVerifyResult | undefined) => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult>();
  const [error, setError] = useState<unknown>();

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await verifyAuditChain();
      setResult(r);
      onResult(r);
    } catch (e) {
      setResult(undefined);
      setError(e);
      onResult(undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel verify" aria-labelledby="verify-title">
      <div className="verify-head">
        <div>
          <h2 id="verify-title" className="section-title">
            Integrity
          </h2>
          <p className="muted">Each entry holds the SHA-256 hash of the one before it, so any change or deletion breaks the chain.</p>
        </div>
        <Button variant="primary" busy={busy} onClick={verify}>
          Verify chain
        </Button>
      </div>
      {error ? (
        <Alert tone="error" title="The chain could not be verified">
          {describeError(error)}
        </Alert>
      ) : null}
      {result?.ok ? (
        <Alert tone="success" title="Chain intact">
          All {result.entries} entries verified. Head hash <code className="hash">{result.headHash ?? '—'}</code>
        </Alert>
      ) : result ? (
        <Alert tone="error" title="Chain broken">
          {result.firstBadEntry ? (
            <>
              The first bad entry is <strong>#{result.firstBadEntry.seq}</strong> (<code>{result.firstBadEntry.id}</code>): {result.firstBadEntry.reason}.
              Entries from there on cannot be trusted. {result.entries} entries were checked.
            </>
          ) : (
            <>The chain did not verify. {result.entries} entries were checked.</>
          )}
        </Alert>
      ) : null}
    </section>
  );
}
