// The one list of second-factor methods (kratos registry_default.go). Adding a method is a
// folder and one line here.
import type { Executor } from '../platform/db/connect.ts';
import type { UserId } from '../platform/ids.ts';
import { countRemainingBackupCodes } from './backup-codes/generate-backup-codes.ts';
import { createBackupCodeMethod } from './backup-codes/backup-codes.factor.ts';
import type { FactorsDeps } from './deps.ts';
import { createEmailCodeMethod } from './email-code/email-code.factor.ts';
import { METHODS, type FactorType, type Method, type MethodStrategy } from './factor.ts';
import { hasFactorIn, listActiveTypes } from './factors.store.ts';
import { createTotpMethod } from './totp/totp.factor.ts';
import { createWebauthnMethod } from './webauthn/webauthn.factor.ts';

export type WebauthnSettings = { rpId: string; rpName: string; origin: string };

export function createMethodRegistry(deps: FactorsDeps, webauthn: WebauthnSettings): Record<Method, MethodStrategy> {
  return {
    totp: createTotpMethod(deps),
    backup_code: createBackupCodeMethod(),
    email_code: createEmailCodeMethod(deps),
    webauthn: createWebauthnMethod({ webauthn }),
  } satisfies Record<Method, MethodStrategy>;
}

/** Factor types that make a user "enrolled"; backup codes only back one of these up (C8). */
export const PRIMARY_TYPES: readonly FactorType[] = ['totp', 'email', 'webauthn'];

/** The methods this user can use now, in the registry's order. */
export async function listUsableMethods(db: Executor, userId: UserId): Promise<Method[]> {
  const types = await listActiveTypes(db, userId);
  // Backup codes back up a primary factor, also one locked after 100 failures: they let the
  // owner in (they never re-bind a factor: C8; that takes recovery or an admin).
  if (!types.some((t) => PRIMARY_TYPES.includes(t)) && !(await hasFactorIn(db, userId, PRIMARY_TYPES, ['disabled']))) return [];
  const byMethod: Record<Method, boolean> = {
    totp: types.includes('totp'),
    backup_code: types.includes('backup_codes') && (await countRemainingBackupCodes(db, userId)) > 0,
    email_code: types.includes('email'),
    webauthn: types.includes('webauthn'),
  };
  return METHODS.filter((m) => byMethod[m]);
}
