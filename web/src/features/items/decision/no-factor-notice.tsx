import { Link } from '../../../router.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { securityPageReturningTo } from '../../security/return-to.ts';

/**
 * A protected step and no second factor that counts here: nothing can be recorded (docs/guide.md §5).
 * Where people set up their own factors, the way out is a minute on the Security page and back
 * to this very item; otherwise only an administrator can help.
 */
export function NoFactorNotice({ canSetUp, itemId }: { canSetUp: boolean; itemId: string }) {
  if (canSetUp) {
    return (
      <Alert tone="warning" title="This step needs your second factor">
        <p>Set up an authenticator app or a passkey (about a minute), then come back here to decide. Nothing has been recorded for you yet.</p>
        <p>
          <Link className="btn btn-primary btn-sm" to={securityPageReturningTo(`/items/${encodeURIComponent(itemId)}`)}>
            Set up a second factor
          </Link>
        </p>
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title="You need a second factor to decide on this step.">
      Contact your administrator. Other reviewers can still decide, and nothing has been recorded for you.
    </Alert>
  );
}
