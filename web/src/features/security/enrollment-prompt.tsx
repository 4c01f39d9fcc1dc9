// Soft enforcement (docs/guide.md §4): users in scope without a factor are asked on every page load.
// "Skip for now" hides the prompt until the next page load (the skip lives in memory only).
// One who cannot set up (admin-controlled enrollment, not added) is not asked for what they
// cannot do: they are offered to notify their administrators instead.
import { Link } from '../../router.tsx';
import { Button } from '../../ui/button.tsx';
import { useSession } from '../session/session-context.tsx';
import { NotifyAdminsButton } from './notify-admins.tsx';

export function EnrollmentPrompt({ onSecurityPage, canEnroll = true }: { onSecurityPage: boolean; canEnroll?: boolean }) {
  const { skipSoftPrompt } = useSession();
  if (!canEnroll) {
    return (
      <section className="enroll-prompt" aria-labelledby="enroll-prompt-title">
        <span className="enroll-prompt-icon" aria-hidden="true" />
        <div className="enroll-prompt-text">
          <h2 id="enroll-prompt-title" className="enroll-prompt-title">
            Your organisation asks for two-factor authentication
          </h2>
          <p>An administrator turns it on for each account, and has not done so for yours yet. Let them know, and set it up once they have.</p>
        </div>
        <div className="enroll-prompt-actions">
          <NotifyAdminsButton />
          <Button variant="ghost" onClick={skipSoftPrompt}>
            Skip for now
          </Button>
        </div>
      </section>
    );
  }
  return (
    <section className="enroll-prompt" aria-labelledby="enroll-prompt-title">
      <span className="enroll-prompt-icon" aria-hidden="true" />
      <div className="enroll-prompt-text">
        <h2 id="enroll-prompt-title" className="enroll-prompt-title">
          Your organisation asks you to turn on two-factor authentication
        </h2>
        <p>
          {onSecurityPage
            ? 'Choose a method below: an authenticator app or a passkey takes about a minute.'
            : 'A second factor keeps your account safe even if your password leaks. Setting it up takes about a minute.'}
        </p>
      </div>
      <div className="enroll-prompt-actions">
        {onSecurityPage ? null : (
          <Link to="/security" className="btn btn-primary">
            Set up now
          </Link>
        )}
        <Button variant="ghost" onClick={skipSoftPrompt}>
          Skip for now
        </Button>
      </div>
    </section>
  );
}
