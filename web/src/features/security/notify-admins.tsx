// "Notify my administrator" (issue 12 item 1): where administrators add people to 2FA, a user
// who has not been added asks them instead of meeting a dead end. The server emails every
// admin, once a day per user (429 after, which here reads as "already asked").
import { useState } from 'react';
import { notifyAdmins } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'sent'; notified: number } | { kind: 'already' } | { kind: 'error'; error: unknown };

export function NotifyAdminsButton({ variant = 'primary' }: { variant?: 'primary' | 'secondary' }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const send = async () => {
    setState({ kind: 'busy' });
    try {
      const r = await notifyAdmins();
      setState({ kind: 'sent', notified: r.notified });
    } catch (e) {
      setState(isApiProblem(e) && e.status === 429 ? { kind: 'already' } : { kind: 'error', error: e });
    }
  };
  if (state.kind === 'sent') {
    return (
      <Alert tone="success">
        {state.notified === 1 ? 'Your administrator was emailed.' : `Your ${state.notified} administrators were emailed.`} Once they add you, you can set up
        two-factor authentication on your Security page.
      </Alert>
    );
  }
  if (state.kind === 'already') {
    return <Alert tone="info">You already asked your administrators today. Once they add you, you can set up two-factor authentication here.</Alert>;
  }
  return (
    <div className="notify-admins">
      {state.kind === 'error' ? <Alert tone="error">{describeError(state.error)}</Alert> : null}
      <Button variant={variant} onClick={send} disabled={state.kind === 'busy'}>
        Notify my administrator
      </Button>
    </div>
  );
}
