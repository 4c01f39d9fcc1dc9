import type { OrgId, SessionId, UserId } from '../platform/ids.ts';

/** The signed-in (or half-signed-in) user acting on their own factors. */
export type FactorActor = {
  orgId: OrgId;
  userId: UserId;
  label: string;
  session: {
    sessionId: SessionId;
    tokenHash: string;
    state: 'active' | 'second_factor_required' | 'enrollment_required';
    privilegedUntil?: number | undefined;
  };
};
export type { RequestMeta as Meta } from '../platform/request-meta.ts';
