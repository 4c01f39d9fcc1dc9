// Soft enforcement (PRODUCT §4): users in scope without a factor are asked on every page load.
// "Skip for now" hides the prompt until the next page load (the skip lives in memory only).
import { Link } from '../../router.tsx';
import { Button } from '../../ui/button.tsx';
import { useSession } from '../session/session-context.tsx';

export function EnrollmentPrompt({ onSecurityPage }: { onSecurityPage: boolean }) {
  const { skipSoftPrompt } = useSession();
  return (
    <section className="enroll-prompt" aria-labelledby="enroll-prompt-title">
      <span className="enroll-prompt-icon" aria-hidden="true" />
      <div className="enroll-prompt-text">
        <h2 id="enroll-prompt-title" className="enroll-prompt-title">Your organisation asks you to turn on two-factor authentication</h2>
        <p>
          {onSecurityPage
            ? 'Choose a method below: an authenticator app or a passkey takes about a minute.'
            : 'A second factor keeps your account safe even if your password leaks. Setting it up takes about a minute.'}
        </p>
      </div>
      <div className="enroll-prompt-actions">
        {onSecurityPage ? null : <Link to="/security" className="btn btn-primary">Set up now</Link>}
        <Button variant="ghost" onClick={skipSoftPrompt}>Skip for now</Button>
      </div>
    </section>
  );
}
