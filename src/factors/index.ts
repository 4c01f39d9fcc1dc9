// Second factors: authenticator app (TOTP), backup codes, email codes, passkeys; the one
// verification pipeline; trusted devices; enrollment; recovery. The domain's public surface.
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { ChallengeId, OrgId, UserId } from '../platform/ids.ts';
import { createAdminEnrollments } from './admin-enrollments.ts';
import { createLoginSecondFactor } from './complete-login.ts';
import type { FactorsDeps } from './deps.ts';
import { createEnrollment } from './enroll.ts';
import { listOrgFactorUsers, sessionUserHasFactorIn } from './factors.store.ts';
import { createFactorManagement } from './manage-factors.ts';
import { createOpenChallenge, type ChallengeTarget } from './open-challenge.ts';
import { createPolicyEnrollment } from './policy-enrollment.ts';
import { isAddedToTwoFactor, listAddedToTwoFactor } from './enrollment.store.ts';
import { isOpenChallengeFor, openChallenge } from './challenges.ts';
import { createRecovery } from './recovery.ts';
import { createMethodRegistry } from './registry.ts';
import { createStepUp, factorChangeBinding } from './step-up.ts';
import { isTrustedDevice } from './trusted-devices/trusted-devices.ts';
import { EXPIRED_TRUSTED_DEVICES, revokeOrgTrustedDevices } from './trusted-devices/trusted-devices.store.ts';
import { EXPIRED_CHALLENGES } from './challenges.store.ts';
import { deleteExpiredRows } from '../platform/db/expired-rows.ts';
import type { FactorActor } from './types.ts';
import type { ChallengeMethod, FactorStatus, Method, MethodStrategy } from './factor.ts';
import { createVerifySecondFactor } from './verify-second-factor.ts';

export type { FactorsDeps } from './deps.ts';
export type { ChallengeMethod, Method, MethodStrategy, Proof } from './factor.ts';
export type { FactorActor } from './types.ts';
export type { ChallengeTarget } from './open-challenge.ts';
export type { Verified } from './verify-second-factor.ts';
export type { PasskeyEvidence } from './webauthn/passkey-evidence.ts';

/** A strategy built over the domain's dependencies, like the built-in ones (registry.ts). */
export type MethodFactory = (deps: FactorsDeps) => MethodStrategy;

/** The states of a primary factor that make its owner enrolled (see isEnrolled). */
const ENROLLED_STATUSES = ['active', 'disabled'] as const satisfies readonly FactorStatus[];

/**
 * `extraMethods`: strategies registered after the built-in ones (a test registers a throwaway
 * method this way; the composition root passes none). `contractMethods`: the method names the
 * HTTP contract accepts, METHODS unless a test registering a method beyond them says otherwise
 * (the registry refuses any other name: registry.ts).
 */
export function createFactors(
  deps: FactorsDeps,
  opts: { extraMethods?: readonly MethodFactory[] | undefined; contractMethods?: readonly string[] | undefined } = {},
) {
  const registry = createMethodRegistry(
    deps,
    (opts.extraMethods ?? []).map((make) => make(deps)),
    opts.contractMethods,
  );
  const verify = createVerifySecondFactor(deps, registry);
  const openMethodChallenge = createOpenChallenge(registry);
  const withFreshFactor = createStepUp(deps, registry, verify);
  const requires = (actor: { orgId: OrgId; userId: UserId }) => deps.requiresTwoFactor(actor.orgId, actor.userId);
  const enrollment = createEnrollment(deps, registry, withFreshFactor);

  return {
    /** Deletes a batch of the challenges and trusted devices long expired ('more': a batch came back full). */
    sweepExpired: (batch?: number) => deleteExpiredRows(deps.db, [EXPIRED_CHALLENGES, EXPIRED_TRUSTED_DEVICES], deps.clock.now(), batch),
    /** The pipeline, for other domains' protected actions (decisions, signatures). */
    verifySecondFactor: verify,
    /** Runs work after a fresh second factor when the user has one (settings changes, factor changes). */
    withFreshFactor,
    openMethodChallenge,
    login: createLoginSecondFactor(deps, verify, openMethodChallenge),
    enrollment,
    /** Adds by policy (admin-controlled mode never strands anyone) and "Notify my administrator". */
    policyEnrollment: createPolicyEnrollment(deps, enrollment.mayEnroll),
    /** Users an admin or a policy added (Pending or Active), with the caller's executor (usable in a transaction). */
    /** Per user of the organisation: `active` (an active primary factor), `pending` (added, not set up) or absent (none). */
    async twoFactorStates(orgId: OrgId): Promise<Map<string, 'active' | 'pending'>> {
      const [factors, added] = await Promise.all([listOrgFactorUsers(deps.db, orgId), listAddedToTwoFactor(deps.db, orgId)]);
      const states = new Map<string, 'active' | 'pending'>(added.map((a) => [a.user_id, 'pending']));
      for (const f of factors) if (f.status === 'active' && registry.isPrimaryType(f.type)) states.set(f.user_id, 'active');
      return states;
    },
    listAddedUserIds: async (db: Executor, orgId: OrgId) => new Set((await listAddedToTwoFactor(db, orgId)).map((r) => r.user_id)),
    isAddedToTwoFactor: (db: Executor, userId: UserId) => isAddedToTwoFactor(db, userId),
    own: createFactorManagement(deps, registry, withFreshFactor, requires),
    admin: createAdminEnrollments(deps, registry),
    recovery: createRecovery(deps),

    /** Opens an email code or passkey challenge for a factor change in this session. */
    openFactorChangeChallenge: (actor: FactorActor, method: ChallengeMethod, meta: { ip: string; requestId?: string | undefined }) =>
      openMethodChallenge(
        {
          orgId: actor.orgId,
          userId: actor.userId,
          label: actor.label,
          purpose: 'factor_change',
          binding: factorChangeBinding(actor.session.sessionId),
          sessionId: actor.session.sessionId,
        },
        method,
        meta,
      ),
    /** The methods that may confirm factor and settings changes (never backup codes: C8). */
    factorChangeMethods: registry.factorChangeMethods,

    /**
     * A challenge that only records what the proof must be bound to (nothing is sent): the
     * `challengeId` of a step-up refusal (RFC 9470). A code sent with it verifies only for that binding.
     */
    openBindingChallenge: async (target: ChallengeTarget, method: Method): Promise<string> =>
      deps.db.transaction().execute((tx) => openChallenge(tx, { input: target, method, now: deps.clock.now() })),
    isOpenChallengeFor: (id: ChallengeId, target: { orgId: OrgId; userId: UserId; binding: string }) =>
      isOpenChallengeFor(deps.db, id, target, deps.clock.now()),

    listUsableMethods: (db: Executor, userId: UserId) => registry.listUsableMethods(db, userId),
    /** The methods this user can use at a protected step, of those the organisation allows there (its `stepUpMethods`). */
    listStepUpMethods: (db: Executor, userId: UserId, allowed: readonly Method[], only?: string) => registry.listStepUpMethods(db, userId, allowed, only),
    /** The registered methods, in the order they are offered (the API's METHODS, then any extra). */
    methods: registry.methods,
    /** Each method's name in records people keep (its strategy's `recordName`: the signature report). */
    methodNames: Object.fromEntries(registry.strategies.map((s) => [s.method, s.recordName])) as Readonly<Record<string, string>>,
    /** Enrolled: an active factor, or one locked after too many failures (it still binds the account). */
    isEnrolled: (db: Executor, userId: UserId) => registry.hasPrimaryFactor(db, userId, ENROLLED_STATUSES),
    /** isEnrolled for a whole organisation in one statement: the ids of its enrolled users. */
    async enrolledIn(db: Executor, orgId: OrgId): Promise<Set<UserId>> {
      const rows = await listOrgFactorUsers(db, orgId);
      const enrolled = (s: string) => (ENROLLED_STATUSES as readonly string[]).includes(s);
      return new Set(rows.filter((f) => registry.isPrimaryType(f.type) && enrolled(f.status)).map((f) => f.user_id));
    },
    /** isEnrolled as a condition of the session's statement (accounts: enrolledWhen). */
    enrolledWhen: sessionUserHasFactorIn(registry.primaryTypes, ENROLLED_STATUSES),
    async isTrustedDevice(token: string | undefined, u: { orgId: OrgId; userId: UserId }): Promise<boolean> {
      const securityStamp = await deps.accounts.findSecurityStamp(deps.db, u.orgId, u.userId);
      return securityStamp !== undefined && isTrustedDevice(deps.db, token, { ...u, securityStamp }, deps.clock.now());
    },
    /** Every trusted device of the organisation, revoked (the organisation turned the feature off: G3). */
    revokeOrgTrustedDevices: (tx: Tx, orgId: OrgId) => revokeOrgTrustedDevices(tx, orgId, deps.clock.now()),
  };
}

export type Factors = ReturnType<typeof createFactors>;
