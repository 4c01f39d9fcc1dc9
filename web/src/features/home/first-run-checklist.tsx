// A new admin's first steps (issue 12 item 8): secure your account, invite people, create a
// workflow, send a first item. Each step ticks itself off from the organisation's real state
// (own active factors, users, workflows, items: existing read APIs), and the list can be
// dismissed; the dismissal is remembered in this browser for this user.
import { useState } from 'react';
import { listUsers } from '../../api/admin.ts';
import { getMyFactors } from '../../api/factors.ts';
import { listItems } from '../../api/items.ts';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/queries.ts';
import { listWorkflows } from '../../api/workflows.ts';
import { Link } from '../../router.tsx';
import { Button } from '../../ui/button.tsx';

type Progress = { secured: boolean; invited: boolean; workflow: boolean; item: boolean };

const dismissedKey = (userId: string) => `signoff.first-run-checklist.dismissed.${userId}`;

function readDismissed(userId: string): boolean {
  try {
    return localStorage.getItem(dismissedKey(userId)) === '1';
  } catch {
    return false;
  }
}

function rememberDismissed(userId: string) {
  try {
    localStorage.setItem(dismissedKey(userId), '1');
  } catch {
    // Storage refused (private mode): dismissed for this visit only.
  }
}

async function loadProgress(): Promise<Progress> {
  const [factors, users, workflows, items] = await Promise.all([getMyFactors(), listUsers(), listWorkflows(), listItems()]);
  return {
    secured: factors.factors.some((f) => f.status === 'active'),
    invited: users.length > 1,
    workflow: workflows.length > 0,
    item: items.length > 0,
  };
}

const STEPS: { key: keyof Progress; label: string; to: string; action: string }[] = [
  { key: 'secured', label: 'Secure your account with two-factor authentication', to: '/security', action: 'Set up 2FA' },
  { key: 'invited', label: 'Invite the people who review and submit', to: '/admin/users', action: 'Invite people' },
  { key: 'workflow', label: 'Create a workflow', to: '/workflows/new', action: 'New workflow' },
  { key: 'item', label: 'Send a first item for approval', to: '/items/new', action: 'New item' },
];

export function FirstRunChecklist({ userId }: { userId: string }) {
  const [dismissed, setDismissed] = useState(() => readDismissed(userId));
  const progress = useQuery({ queryKey: queryKeys.firstRun(userId), queryFn: loadProgress });
  if (dismissed || !progress.data) return null;
  const state = progress.data;
  const done = STEPS.filter((s) => state[s.key]).length;

  const dismiss = () => {
    rememberDismissed(userId);
    setDismissed(true);
  };

  return (
    <section className="section panel checklist" aria-labelledby="first-run-checklist">
      <div className="checklist-head">
        <h2 id="first-run-checklist" className="section-title">
          {done === STEPS.length ? 'All set up' : 'Get started'}
        </h2>
        <p className="muted">
          {done} of {STEPS.length} done
        </p>
      </div>
      <ol className="checklist-steps">
        {STEPS.map((s) => (
          <li key={s.key} className={state[s.key] ? 'checklist-step checklist-step-done' : 'checklist-step'}>
            <span className="checklist-mark" aria-hidden="true" />
            <span className="checklist-label">
              {s.label}
              <span className="visually-hidden">{state[s.key] ? ' (done)' : ' (to do)'}</span>
            </span>
            {state[s.key] ? null : (
              <Link to={s.to} className="checklist-action">
                {s.action}
              </Link>
            )}
          </li>
        ))}
      </ol>
      <div>
        <Button size="sm" onClick={dismiss}>
          Dismiss this checklist
        </Button>
      </div>
    </section>
  );
}
