// The first guest screen. It shows nothing of the item and opening it changes nothing (mail
// scanners open links before people do, docs/guide.md §6); the code is sent only on request.
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { describeError } from '../../api/problem.ts';

export function GuestStart({ onSend, busy, error }: { onSend: () => void; busy: boolean; error: unknown }) {
  return (
    <div className="form">
      <p>You were invited to review something. To make sure this is you, we email a one-time code to the address the invitation was sent to.</p>
      {error ? <Alert tone="error">{describeError(error)}</Alert> : null}
      <Button variant="primary" className="btn-block" busy={busy} onClick={onSend}>
        Send me a code
      </Button>
      <p className="field-hint">The code works only in this browser, once, for a few minutes.</p>
    </div>
  );
}
