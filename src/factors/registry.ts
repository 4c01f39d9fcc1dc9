// The one list of second-factor methods (kratos registry_default.go). Adding a method is a
// folder and one line here (and its name in src/http/contract/methods.ts, which the
// `satisfies` below asks for, and the registry checks again for methods registered beyond
// the built-in ones). Every list the domain uses (the methods a user can use, the
// primary factor types, the methods that may confirm factor changes, the methods that open
// a challenge) is derived from the strategies, never written out again.
import type { Executor } from '../platform/db/connect.ts';
import { isChallengeMethod, isMethod, METHODS } from '../http/contract/methods.ts';
import type { UserId } from '../platform/ids.ts';
import { createBackupCodeMethod } from './backup-codes/backup-codes.factor.ts';
import type { FactorsDeps } from './deps.ts';
import { createEmailCodeMethod } from './email-code/email-code.factor.ts';
import type { FactorStatus, FactorType, Method, MethodStrategy } from './factor.ts';
import { hasFactorIn, listActiveTypes } from './factors.store.ts';
import { createTotpMethod } from './totp/totp.factor.ts';
import { createWebauthnMethod } from './webauthn/webauthn.factor.ts';

/** The built-in strategies, in the order they are offered. */
function builtInStrategies(deps: FactorsDeps) {
  return {
    totp: createTotpMethod(deps),
    backup_code: createBackupCodeMethod(deps),
    email_code: createEmailCodeMethod(deps),
    webauthn: createWebauthnMethod(deps),
  } satisfies Record<Method, MethodStrategy>;
}

export type MethodRegistry = ReturnType<typeof createMethodRegistry>;

/**
 * The registry over the built-in strategies and `extra` ones (a test registers a throwaway
 * method this way; src/main.ts passes none). Built-ins come first, in METHODS order.
 *
 * Every method must be one the HTTP contract names (`contract`, METHODS unless a test extends
 * it): the answers that list a user's methods (an item's `myTask.methods`, a decision's
 * `method`) are checked against that enum on the way out, so a method beyond it would turn
 * GET /items/{id} into a 500 for its users. The registry refuses it when it is built, at start.
 */
export function createMethodRegistry(deps: FactorsDeps, extra: readonly MethodStrategy[] = [], contract: readonly string[] = METHODS) {
  const builtIn = builtInStrategies(deps);
  for (const [method, s] of Object.entries(builtIn)) {
    if (s.method !== method) throw new TypeError(`The registry line ${method} holds the strategy of ${s.method}`);
    // The HTTP contract's challenge calls take exactly the methods whose strategy opens one.
    if (Boolean(s.openChallenge) !== isChallengeMethod(method)) throw new TypeError(`${method}: CHALLENGE_METHODS and its strategy's openChallenge disagree`);
  }
  const strategies: readonly MethodStrategy[] = [...Object.values(builtIn), ...extra];
  const byMethod = new Map<string, MethodStrategy>();
  for (const s of strategies) {
    if (!contract.includes(s.method)) {
      throw new TypeError(
        `The second-factor method ${s.method} is not one of the API's methods (${contract.join(', ')}): add it to METHODS in src/http/contract/methods.ts, or the answers that name a user's methods (GET /api/v1/items/{id}) fail for its users`,
      );
    }
    // A setup ends one way: a code confirms a pending factor, or a credential finishes it.
    if (s.enroll && Boolean(s.enroll.confirm) === Boolean(s.enroll.finish))
      throw new TypeError(`${s.method}: a setup ends with enroll.confirm (a code) or enroll.finish (a credential), one of the two`);
    if (byMethod.has(s.method)) throw new TypeError(`Two second-factor strategies for the method ${s.method}`);
    byMethod.set(s.method, s);
  }
  /** Factor types that make a user "enrolled"; backup codes only back one of these up (C8). */
  const primaryTypes: readonly FactorType[] = [...new Set(strategies.filter((s) => s.primary).map((s) => s.factorType))];
  /** The methods that may confirm factor and settings changes (never backup codes: C8). */
  const factorChangeMethods: readonly Method[] = strategies.filter((s) => s.usableForFactorChange).map((s) => s.method);

  /** The methods this user can use now, in the registry's order; `among`: only those strategies are asked about. */
  async function listUsableMethods(db: Executor, userId: UserId, among: readonly MethodStrategy[] = strategies): Promise<Method[]> {
    const types = await listActiveTypes(db, userId);
    // Backup codes back up a primary factor, also one locked after 100 failures: they let the
    // owner in (they never re-bind a factor: C8; that takes recovery or an admin).
    if (!types.some((t) => primaryTypes.includes(t)) && !(await hasFactorIn(db, userId, primaryTypes, ['disabled']))) return [];
    const usable: Method[] = [];
    for (const s of among) {
      if (types.includes(s.factorType) && (!s.isUsable || (await s.isUsable(db, userId)))) usable.push(s.method);
    }
    return usable;
  }

  return {
    strategies,
    /** The strategy of a method; undefined for a name no strategy has. */
    get: (method: string): MethodStrategy | undefined => byMethod.get(method),
    /** The strategy that stores factors of this type (the first, for a type several methods share). */
    ofFactorType: (type: string): MethodStrategy | undefined => strategies.find((s) => s.factorType === type),
    methods: strategies.map((s) => s.method) as readonly Method[],
    primaryTypes,
    factorChangeMethods,
    isPrimaryType: (type: string) => primaryTypes.includes(type),
    /** Whether the user has a primary factor (not backup codes) in one of these states. */
    hasPrimaryFactor: (db: Executor, userId: UserId, statuses: readonly FactorStatus[]) => hasFactorIn(db, userId, primaryTypes, statuses),

    listUsableMethods: (db: Executor, userId: UserId) => listUsableMethods(db, userId),

    /**
     * The methods this user can use at a protected step: the usable ones the organisation's
     * `stepUpMethods` allows. That setting names the API's methods (METHODS); a method
     * registered beyond them is not the setting's to name, and counts wherever it is usable.
     * `only`: whether that one method counts (it, or nothing), without asking about the others.
     */
    async listStepUpMethods(db: Executor, userId: UserId, allowed: readonly Method[], only?: string): Promise<Method[]> {
      const among = only === undefined ? strategies : strategies.filter((s) => s.method === only);
      return (await listUsableMethods(db, userId, among)).filter((m) => !isMethod(m) || allowed.includes(m));
    },
  };
}
