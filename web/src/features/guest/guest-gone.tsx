import { describeError, isApiProblem } from '../../api/problem.ts';
import { Alert } from '../../ui/alert.tsx';
import { GuestLayout } from './guest-layout.tsx';

const TEXT: Record<string, { title: string; text: string }> = {
  invite_expired: { title: 'This invitation has expired', text: 'Ask the person who invited you to send it again.' },
  invite_revoked: { title: 'This invitation was withdrawn', text: 'The person who invited you revoked it. Contact them if you think this is a mistake.' },
  not_found: { title: 'This link does not work', text: 'Check that you opened the whole link from the invitation email.' },
};

/** 410 invite_expired / invite_revoked, or an unknown link. */
export function GuestGone({ siteName, error }: { siteName: string; error: unknown }) {
  const t = (isApiProblem(error) && TEXT[error.code]) || undefined;
  return (
    <GuestLayout siteName={siteName} title={t?.title ?? 'This invitation cannot be used'}>
      <Alert tone="warning">{t?.text ?? describeError(error)}</Alert>
    </GuestLayout>
  );
}
